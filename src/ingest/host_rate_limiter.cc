#include "ingest/host_rate_limiter.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>

namespace leados::ingest {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// A tiny cursor over the date text.
struct Cursor {
  std::string_view s;
  void SkipSpaces() {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
  bool Lit(char c) {
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
  }
  std::optional<int> Num(size_t min_digits, size_t max_digits) {
    size_t n = 0;
    while (n < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
    if (n < min_digits) return std::nullopt;
    int v = 0;
    std::from_chars(s.data(), s.data() + n, v);
    s.remove_prefix(n);
    return v;
  }
  std::optional<int> Month() {
    if (s.size() < 3) return std::nullopt;
    for (size_t i = 0; i < kMonths.size(); ++i) {
      if (s.substr(0, 3) == kMonths[i]) {
        s.remove_prefix(3);
        return static_cast<int>(i);
      }
    }
    return std::nullopt;
  }
  bool Word() {  // a day name, skipped
    size_t n = 0;
    while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
    if (n < 3) return false;
    s.remove_prefix(n);
    return true;
  }
  bool Time(int& h, int& m, int& sec) {
    auto hh = Num(2, 2);
    if (!hh || !Lit(':')) return false;
    auto mm = Num(2, 2);
    if (!mm || !Lit(':')) return false;
    auto ss = Num(2, 2);
    if (!ss) return false;
    h = *hh, m = *mm, sec = *ss;
    return true;
  }
};

std::optional<core::TimePoint> Build(int year, int month0, int day, int h, int m, int s) {
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month0;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  time_t t = timegm(&tm);
  return core::TimePoint(std::chrono::seconds(t));
}

}  // namespace

std::optional<core::TimePoint> ParseHttpDate(std::string_view text) {
  Cursor c{text};
  c.SkipSpaces();
  if (!c.Word()) return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (c.Lit(',')) {
    c.SkipSpaces();
    auto day = c.Num(1, 2);
    if (!day) return std::nullopt;
    if (c.Lit('-')) {  // RFC 850: 06-Nov-94
      auto mon = c.Month();
      if (!mon || !c.Lit('-')) return std::nullopt;
      auto yy = c.Num(2, 4);
      if (!yy) return std::nullopt;
      int year = *yy < 100 ? (*yy < 70 ? 2000 + *yy : 1900 + *yy) : *yy;
      c.SkipSpaces();
      if (!c.Time(h, m, s)) return std::nullopt;
      return Build(year, *mon, *day, h, m, s);
    }
    c.SkipSpaces();  // IMF-fixdate: 06 Nov 1994
    auto mon = c.Month();
    c.SkipSpaces();
    auto year = c.Num(4, 4);
    c.SkipSpaces();
    if (!mon || !year || !c.Time(h, m, s)) return std::nullopt;
    return Build(*year, *mon, *day, h, m, s);
  }
  // asctime: Sun Nov  6 08:49:37 1994
  c.SkipSpaces();
  auto mon = c.Month();
  c.SkipSpaces();
  auto day = c.Num(1, 2);
  c.SkipSpaces();
  if (!mon || !day || !c.Time(h, m, s)) return std::nullopt;
  c.SkipSpaces();
  auto year = c.Num(4, 4);
  if (!year) return std::nullopt;
  return Build(*year, *mon, *day, h, m, s);
}

std::string FormatHttpDate(core::TimePoint t) {
  time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<core::TimePoint> ParseRetryAfter(std::string_view value, core::TimePoint now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
    int64_t secs = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
    if (ec != std::errc()) secs = int64_t{365} * 24 * 3600;  // absurdly large: one year
    secs = std::min<int64_t>(secs, int64_t{365} * 24 * 3600);
    return now + std::chrono::seconds(secs);
  }
  auto date = ParseHttpDate(value);
  if (!date) return std::nullopt;
  return std::max(*date, now);
}

HostRateLimiter::HostRateLimiter(const core::Clock& clock, double rate_per_second, double burst,
                                 core::Duration default_backoff, core::Duration max_backoff)
    : clock_(clock),
      rate_(rate_per_second > 0 ? rate_per_second : 1.0),
      burst_(std::max(1.0, burst)),
      default_backoff_(default_backoff),
      max_backoff_(max_backoff) {}

HostRateLimiter::HostState& HostRateLimiter::StateFor(std::string_view host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) {
    HostState fresh;
    fresh.tokens = burst_;
    fresh.refilled = clock_.Now();
    it = hosts_.emplace(std::string(host), fresh).first;
  }
  return it->second;
}

HostRateLimiter::Decision HostRateLimiter::TryAcquire(std::string_view host) {
  std::lock_guard lock(mu_);
  const core::TimePoint now = clock_.Now();
  HostState& st = StateFor(host);
  Decision d;
  if (st.blocked_until > now) {
    d.backed_off = true;
    d.not_before = st.blocked_until;
    d.wait = st.blocked_until - now;
    return d;
  }
  if (now > st.refilled) {
    double elapsed = std::chrono::duration<double>(now - st.refilled).count();
    st.tokens = std::min(burst_, st.tokens + elapsed * rate_);
    st.refilled = now;
  }
  if (st.tokens >= 1.0) {
    st.tokens -= 1.0;
    d.allowed = true;
    return d;
  }
  auto wait = std::chrono::duration_cast<core::Duration>(
      std::chrono::duration<double>((1.0 - st.tokens) / rate_));
  d.wait = std::max(wait, core::Duration(1));
  d.not_before = now + d.wait;
  return d;
}

core::TimePoint HostRateLimiter::BackOff(std::string_view host,
                                         std::optional<core::TimePoint> retry_at) {
  std::lock_guard lock(mu_);
  const core::TimePoint now = clock_.Now();
  HostState& st = StateFor(host);
  core::TimePoint until;
  if (retry_at) {
    until = *retry_at;
  } else {
    int shift = std::min(st.consecutive_backoffs, 20);
    core::Duration d = default_backoff_ * (int64_t{1} << shift);
    until = now + std::min(d, max_backoff_);
  }
  ++st.consecutive_backoffs;
  st.blocked_until = std::max(st.blocked_until, until);
  return st.blocked_until;
}

void HostRateLimiter::RecordSuccess(std::string_view host) {
  std::lock_guard lock(mu_);
  StateFor(host).consecutive_backoffs = 0;
}

std::optional<core::TimePoint> HostRateLimiter::BackedOffUntil(std::string_view host) const {
  std::lock_guard lock(mu_);
  auto it = hosts_.find(host);
  if (it == hosts_.end() || it->second.blocked_until <= clock_.Now()) return std::nullopt;
  return it->second.blocked_until;
}

}  // namespace leados::ingest
