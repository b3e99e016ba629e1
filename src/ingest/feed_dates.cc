#include "ingest/feed_dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

namespace leados::ingest {
namespace {

using std::chrono::days;
using std::chrono::seconds;

struct Fields {
  int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
  int64_t millis = 0;
  int offset_minutes = 0;  // local = UTC + offset
};

std::optional<core::TimePoint> Build(const Fields& f) {
  if (f.year < 1900 || f.year > 2200 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 ||
      f.hour < 0 || f.hour > 24 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(f.year), std::chrono::month(f.month),
                                  std::chrono::day(f.day)};
  if (!ymd.ok()) return std::nullopt;
  auto t = std::chrono::sys_days(ymd) + std::chrono::hours(f.hour) +
           std::chrono::minutes(f.minute) + seconds(std::min(f.second, 59)) -
           std::chrono::minutes(f.offset_minutes);
  return core::TimePoint(
      std::chrono::duration_cast<core::Duration>(t.time_since_epoch()) +
      std::chrono::duration_cast<core::Duration>(std::chrono::milliseconds(f.millis)));
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return -1;
  std::string l = Lower(name.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (l == kMonths[i]) return static_cast<int>(i) + 1;
  }
  // German/French/Italian/Spanish abbreviations that differ, seen in European feeds.
  static constexpr std::array<std::pair<std::string_view, int>, 12> kOther = {{{"mär", 3},
                                                                               {"mai", 5},
                                                                               {"okt", 10},
                                                                               {"dez", 12},
                                                                               {"gen", 1},
                                                                               {"ene", 1},
                                                                               {"abr", 4},
                                                                               {"ago", 8},
                                                                               {"set", 9},
                                                                               {"dic", 12},
                                                                               {"giu", 6},
                                                                               {"lug", 7}}};
  for (auto [n, m] : kOther) {
    if (Lower(name).starts_with(n)) return m;
  }
  return -1;
}

bool IsDayName(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  if (name.size() < 3) return false;
  std::string l = Lower(name.substr(0, 3));
  for (auto d : kDays) {
    if (l == d) return true;
  }
  return false;
}

std::optional<int> ZoneOffset(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, int>, 32> kZones = {{
      {"ut", 0},         {"utc", 0},       {"gmt", 0},       {"z", 0},          {"wet", 0},
      {"est", -5 * 60},  {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60},  {"mst", -7 * 60},
      {"mdt", -6 * 60},  {"pst", -8 * 60}, {"pdt", -7 * 60}, {"akst", -9 * 60}, {"akdt", -8 * 60},
      {"hst", -10 * 60}, {"ast", -4 * 60}, {"adt", -3 * 60}, {"bst", 60},       {"ist", 330},
      {"cet", 60},       {"cest", 120},    {"met", 60},      {"mest", 120},     {"eet", 120},
      {"eest", 180},     {"msk", 180},     {"jst", 540},     {"kst", 540},      {"hkt", 480},
      {"aest", 600},     {"aedt", 660},
  }};
  std::string l = Lower(name);
  for (auto [z, off] : kZones) {
    if (l == z) return off;
  }
  if (l.size() == 1 && l[0] >= 'a' && l[0] <= 'z' && l[0] != 'j') {
    // RFC 822 military zones; their signs are famously inverted in the RFC, so (like most
    // parsers) treat them as UTC rather than guess.
    return 0;
  }
  return std::nullopt;
}

// "+0200", "-07:00", "+05", "+5:30".
std::optional<int> NumericOffset(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : s.substr(1)) {
    if (c == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits.push_back(c);
  }
  int h = 0, m = 0;
  if (digits.size() == 4) {
    h = ToInt(digits.substr(0, 2));
    m = ToInt(digits.substr(2));
  } else if (digits.size() == 3) {
    h = ToInt(digits.substr(0, 1));
    m = ToInt(digits.substr(1));
  } else if (digits.size() <= 2 && !digits.empty()) {
    h = ToInt(digits);
  } else {
    return std::nullopt;
  }
  if (h > 14 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

// "13:00", "13:00:05", "13:00:05.123".
bool ParseClock(std::string_view s, Fields& f) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    auto c = s.find(':', start);
    parts.push_back(
        s.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start));
    if (c == std::string_view::npos) break;
    start = c + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return false;
  std::string_view sec = parts.size() == 3 ? parts[2] : "0";
  std::string_view frac;
  if (auto dot = sec.find_first_of(".,"); dot != std::string_view::npos) {
    frac = sec.substr(dot + 1);
    sec = sec.substr(0, dot);
  }
  if (!AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(sec) || parts[0].size() > 2 ||
      parts[1].size() > 2 || sec.size() > 2) {
    return false;
  }
  if (!frac.empty() && !AllDigits(frac)) return false;
  f.hour = ToInt(parts[0]);
  f.minute = ToInt(parts[1]);
  f.second = ToInt(sec);
  if (!frac.empty()) {
    std::string ms(frac.substr(0, 3));
    while (ms.size() < 3) ms.push_back('0');
    f.millis = ToInt(ms);
  }
  return true;
}

// ISO 8601 / RFC 3339: "YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|±hh[:mm]]" or basic "YYYYMMDDThhmmssZ".
std::optional<core::TimePoint> ParseIso(std::string_view s) {
  Fields f;
  size_t i;
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    if (!AllDigits(s.substr(0, 4)) || !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2))) {
      return std::nullopt;
    }
    f.year = ToInt(s.substr(0, 4));
    f.month = ToInt(s.substr(5, 2));
    f.day = ToInt(s.substr(8, 2));
    i = 10;
  } else if (s.size() >= 8 && AllDigits(s.substr(0, 8)) && (s.size() == 8 || s[8] == 'T')) {
    f.year = ToInt(s.substr(0, 4));
    f.month = ToInt(s.substr(4, 2));
    f.day = ToInt(s.substr(6, 2));
    i = 8;
    if (i < s.size()) {
      // Basic format time: Thhmmss
      std::string_view t = s.substr(i + 1);
      size_t n = 0;
      while (n < t.size() && std::isdigit(static_cast<unsigned char>(t[n]))) ++n;
      if (n != 4 && n != 6) return std::nullopt;
      f.hour = ToInt(t.substr(0, 2));
      f.minute = ToInt(t.substr(2, 2));
      if (n == 6) f.second = ToInt(t.substr(4, 2));
      std::string_view zone = t.substr(n);
      if (!zone.empty() && zone != "Z" && zone != "z") {
        auto off = NumericOffset(zone);
        if (!off) return std::nullopt;
        f.offset_minutes = *off;
      }
    }
    return Build(f);
  } else {
    return std::nullopt;
  }
  if (i == s.size()) return Build(f);
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  while (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) ++i;
  size_t t_end = i;
  while (t_end < s.size() && (std::isdigit(static_cast<unsigned char>(s[t_end])) ||
                              s[t_end] == ':' || s[t_end] == '.' || s[t_end] == ',')) {
    ++t_end;
  }
  if (!ParseClock(s.substr(i, t_end - i), f)) return std::nullopt;
  std::string_view zone = s.substr(t_end);
  while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
  if (!zone.empty()) {
    if (auto off = NumericOffset(zone)) {
      f.offset_minutes = *off;
    } else if (auto named = ZoneOffset(zone)) {
      f.offset_minutes = *named;
    } else {
      return std::nullopt;
    }
  }
  return Build(f);
}

// RFC 822 and its relatives: tokens in any reasonable order.
std::optional<core::TimePoint> ParseRfc822(std::string_view s) {
  std::vector<std::string> tokens;
  std::string cur;
  auto push = [&] {
    if (!cur.empty()) tokens.push_back(std::move(cur));
    cur.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\r' || c == '\n' || c == '(' || c == ')') {
      push();
    } else if ((c == '+' || c == '-') && !cur.empty() && cur.find(':') != std::string::npos) {
      push();  // "13:00:00+0200"
      cur.push_back(c);
    } else {
      cur.push_back(c);
    }
  }
  push();
  // "03-Jan-2018": split dashed dates into parts.
  std::vector<std::string> expanded;
  for (auto& t : tokens) {
    if (t.size() > 3 && t.front() != '+' && t.front() != '-' && t.find('-') != std::string::npos &&
        t.find(':') == std::string::npos) {
      size_t start = 0;
      while (true) {
        auto d = t.find('-', start);
        expanded.push_back(t.substr(start, d == std::string::npos ? std::string::npos : d - start));
        if (d == std::string::npos) break;
        start = d + 1;
      }
    } else {
      expanded.push_back(t);
    }
  }
  Fields f;
  bool have_time = false, have_zone = false;
  std::vector<int> numbers;
  bool pm = false, am = false;
  for (const auto& t : expanded) {
    if (t.empty()) continue;
    if (t.find(':') != std::string::npos && !have_time) {
      if (!ParseClock(t, f)) return std::nullopt;
      have_time = true;
    } else if (AllDigits(t)) {
      if (t.size() > 4) return std::nullopt;
      numbers.push_back(t.size() == 4 ? -ToInt(t) - 1 : ToInt(t));  // negative marks 4 digits
    } else if ((t[0] == '+' || t[0] == '-') && !have_zone) {
      auto off = NumericOffset(t);
      if (!off) return std::nullopt;
      f.offset_minutes = *off;
      have_zone = true;
    } else if (int m = MonthFromName(t); m > 0 && f.month < 0 && !IsDayName(t)) {
      f.month = m;
    } else if (IsDayName(t)) {
      continue;  // day names are often wrong; ignore them.
    } else if (Lower(t) == "pm" || Lower(t) == "am") {
      (Lower(t) == "pm" ? pm : am) = true;
    } else if (auto z = ZoneOffset(t); z && !have_zone) {
      f.offset_minutes = *z;
      have_zone = true;
    } else if (Lower(t) == "at" || Lower(t) == "of") {
      continue;
    } else if (numbers.empty() && f.month < 0 && !have_time && t.size() <= 10 &&
               std::all_of(t.begin(), t.end(), [](char c) {
                 return std::isalpha(static_cast<unsigned char>(c)) || c == '.';
               })) {
      continue;  // a day name in another language ("mer", "Mittwoch") before the date proper
    } else {
      return std::nullopt;
    }
  }
  if (f.month < 0) return std::nullopt;
  // Numbers: day and year. A 4-digit number is the year; otherwise "day year" order.
  for (int n : numbers) {
    if (n < 0) {
      if (f.year >= 0) return std::nullopt;
      f.year = -n - 1;
    } else if (f.day < 0) {
      f.day = n;
    } else if (f.year < 0) {
      f.year = n < 50 ? 2000 + n : (n < 100 ? 1900 + n : n);
    } else {
      return std::nullopt;
    }
  }
  if (pm && f.hour < 12) f.hour += 12;
  if (am && f.hour == 12) f.hour = 0;
  return Build(f);
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

core::TimePoint FromEpochSeconds(int64_t s) { return core::TimePoint(std::chrono::seconds(s)); }
core::TimePoint FromEpochMillis(int64_t ms) {
  return core::TimePoint(std::chrono::duration_cast<core::Duration>(std::chrono::milliseconds(ms)));
}

std::optional<core::TimePoint> ParseFeedDate(std::string_view text) {
  std::string_view s = TrimView(text);
  if (s.empty() || s.size() > 128) return std::nullopt;
  if (AllDigits(s)) {
    if (s.size() == 10) return FromEpochSeconds(std::stoll(std::string(s)));
    if (s.size() == 13) return FromEpochMillis(std::stoll(std::string(s)));
    if (s.size() != 8) return std::nullopt;
  }
  if (auto t = ParseIso(s)) return t;
  return ParseRfc822(s);
}

}  // namespace leados::ingest
