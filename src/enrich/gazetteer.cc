#include "enrich/gazetteer.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "enrich/gazetteer_table.h"
#include "enrich/text_scan.h"

namespace leados::enrich {

enum class EntryKind { kCountry, kState, kCity, kRegion, kMode };

struct PlaceEntry {
  EntryKind kind;
  std::string country;  // kCountry, kState, kCity
  std::string state;    // kState, kCity (may be empty)
  std::string city;     // kCity
  std::string region;   // kCountry (its macro region), kRegion
  WorkMode mode = WorkMode::kUnknown;
};

namespace {

struct Alias {
  int entry;
  bool upper = false;       // must be written without lower-case letters
  bool field_only = false;  // not in free text
  bool text_only = false;   // not in location fields
  bool code = false;        // a two-letter code: only after a comma or '(' (or as the whole field)
};

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

WorkMode ParseMode(std::string_view s) {
  if (s == "remote") return WorkMode::kRemote;
  if (s == "hybrid") return WorkMode::kHybrid;
  if (s == "onsite") return WorkMode::kOnsite;
  return WorkMode::kUnknown;
}

}  // namespace

std::string_view WorkModeName(WorkMode mode) {
  switch (mode) {
    case WorkMode::kRemote: return "remote";
    case WorkMode::kHybrid: return "hybrid";
    case WorkMode::kOnsite: return "onsite";
    case WorkMode::kUnknown: return "";
  }
  return "";
}

namespace {

// The parsed table and lookup maps, shared by every Gazetteer (immutable after construction).
struct GazetteerData {
  std::vector<PlaceEntry> entries;
  std::vector<std::pair<std::string, Alias>> aliases;            // folded pattern -> alias
  std::unordered_map<std::string, std::string> country_by_name;  // folded alias/code -> code
  std::unordered_map<std::string, std::pair<std::string, std::string>>
      state_by_name;                                            // -> {country, code}
  std::unordered_map<std::string, std::string> region_by_name;  // folded -> region
  std::unordered_map<std::string, std::string> region_of_country;

  GazetteerData() {
    std::vector<std::pair<std::string, Alias>> state_codes, country_codes;
    for (std::string_view line : Split(internal::kGazetteerTable, '\n')) {
      if (line.empty()) continue;
      std::vector<std::string_view> f = Split(line, '|');
      PlaceEntry e{};
      std::string_view alias_list;
      std::string code;
      std::vector<std::string> implicit;
      if (f[0] == "C" && f.size() >= 4) {
        e.kind = EntryKind::kCountry;
        e.country = code = std::string(f[1]);
        e.region = std::string(f[2]);
        alias_list = f[3];
        region_of_country[e.country] = e.region;
      } else if (f[0] == "S" && f.size() >= 4) {
        e.kind = EntryKind::kState;
        e.state = code = std::string(f[1]);
        e.country = std::string(f[2]);
        alias_list = f[3];
      } else if (f[0] == "T" && f.size() >= 5) {
        e.kind = EntryKind::kCity;
        e.city = std::string(f[1]);
        e.country = std::string(f[2]);
        e.state = std::string(f[3]);
        alias_list = f[4];
        implicit.push_back(FoldString(e.city));
      } else if (f[0] == "R" && f.size() >= 3) {
        e.kind = EntryKind::kRegion;
        e.region = std::string(f[1]);
        alias_list = f[2];
        region_by_name[FoldString(e.region)] = e.region;
      } else if (f[0] == "M" && f.size() >= 3) {
        e.kind = EntryKind::kMode;
        e.mode = ParseMode(f[1]);
        alias_list = f[2];
      } else {
        continue;
      }
      int idx = static_cast<int>(entries.size());
      entries.push_back(e);
      for (const std::string& p : implicit) aliases.push_back({p, Alias{idx}});
      for (std::string_view a : Split(alias_list, ';')) {
        if (a.empty()) continue;
        Alias al{idx};
        while (!a.empty() && (a.front() == '^' || a.front() == '=' || a.front() == '~')) {
          if (a.front() == '^') al.upper = true;
          if (a.front() == '=') al.field_only = true;
          if (a.front() == '~') al.text_only = true;
          a.remove_prefix(1);
        }
        std::string folded = FoldString(a);
        aliases.push_back({folded, al});
        if (e.kind == EntryKind::kCountry) country_by_name.try_emplace(folded, e.country);
        if (e.kind == EntryKind::kState)
          state_by_name.try_emplace(folded, std::pair{e.country, e.state});
        if (e.kind == EntryKind::kRegion) region_by_name.try_emplace(folded, e.region);
      }
      if (!code.empty()) {
        Alias al{idx};
        al.upper = true;
        al.code = true;
        std::string folded = FoldString(code);
        if (e.kind == EntryKind::kState) {
          state_codes.push_back({folded, al});
          state_by_name.try_emplace(folded, std::pair{e.country, e.state});
        } else {
          country_codes.push_back({folded, al});
          country_by_name[folded] = e.country;  // codes in ICP filters mean countries first
        }
      }
    }
    // State codes before country codes: a lone "CA" or ", IN" in a US-style field is a state
    // unless a neighbouring place says otherwise.
    aliases.insert(aliases.end(), state_codes.begin(), state_codes.end());
    aliases.insert(aliases.end(), country_codes.begin(), country_codes.end());
  }
};

const GazetteerData& Data() {
  static const GazetteerData* data = new GazetteerData();
  return *data;
}

struct Hit {
  size_t start, end;
  std::vector<int> entries;  // candidates that passed the rules, in table order
};

bool Consistent(const PlaceEntry& a, const PlaceEntry& b) {
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) return false;
  if (!a.state.empty() && !b.state.empty() && a.state != b.state) return false;
  if (!a.city.empty() && !b.city.empty() && a.city != b.city) return false;
  return true;
}

bool IsGeo(EntryKind k) {
  return k == EntryKind::kCountry || k == EntryKind::kState || k == EntryKind::kCity;
}

}  // namespace

Gazetteer::Gazetteer() {
  for (const auto& [pattern, alias] : Data().aliases) {
    int p = patterns_.Add(pattern);
    if (static_cast<size_t>(p) == alias_lists_.size()) alias_lists_.emplace_back();
    alias_lists_[p].push_back(
        {alias.entry, alias.upper, alias.field_only, alias.text_only, alias.code});
  }
  patterns_.Build();
}

LocationGuess Gazetteer::ParseField(std::string_view field) const {
  thread_local FoldedText folded;
  folded.Assign(field);
  return Parse(folded, false);
}

LocationGuess Gazetteer::FindInText(std::string_view text) const {
  thread_local FoldedText folded;
  folded.Assign(text);
  return Parse(folded, true);
}

LocationGuess Gazetteer::FindInText(const FoldedText& text) const {
  return Parse(text, true);
}

LocationGuess Gazetteer::Parse(const FoldedText& folded, bool strict) const {
  const GazetteerData& d = Data();
  const std::string_view t = folded.text;
  std::string_view trimmed = t;
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  thread_local std::vector<Hit> hits;
  hits.clear();
  // Matches must start a word: walking from word starts only is several times faster than
  // the full scan (aho_corasick.h ScanFrom).
  auto word_start = [&](size_t i) { return IsWordStart(t, i); };
  patterns_.ScanFrom(t, word_start, [&](int p, size_t start, size_t end) {
    if (!IsWordBounded(t, start, end)) return;
    std::string_view original = folded.OriginalSpan(start, end);
    bool has_lower =
        std::any_of(original.begin(), original.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    bool capitalised = !original.empty() && !(original[0] >= 'a' && original[0] <= 'z');
    size_t before = start;
    while (before > 0 && t[before - 1] == ' ') --before;
    char prev = before > 0 ? t[before - 1] : '\0';
    Hit hit{start, end, {}};
    for (const auto& a : alias_lists_[p]) {
      if (strict ? a.field_only : a.text_only) continue;
      if (a.upper && has_lower) continue;
      if (a.code &&
          !(prev == ',' || prev == '(' || (!strict && start == 0 && end == trimmed.size())))
        continue;
      if (strict && !a.upper && !capitalised && d.entries[a.entry].kind != EntryKind::kMode)
        continue;
      hit.entries.push_back(a.entry);
    }
    if (!hit.entries.empty()) hits.push_back(std::move(hit));
  });
  // Longest match wins where matches overlap ("New Mexico" over "Mexico").
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.start != b.start ? a.start < b.start : (a.end - a.start) > (b.end - b.start);
  });
  LocationGuess g;
  std::string explicit_region;
  const PlaceEntry* cur = nullptr;
  PlaceEntry merged{};
  bool geo_done = false;
  bool country_explicit = false;
  size_t covered_to = 0;
  std::vector<const Hit*> kept;
  for (const Hit& h : hits) {
    if (!kept.empty() && h.start < covered_to) continue;
    kept.push_back(&h);
    covered_to = h.end;
  }
  for (size_t i = 0; i < kept.size(); ++i) {
    const Hit& h = *kept[i];
    const PlaceEntry& first = d.entries[h.entries.front()];
    if (first.kind == EntryKind::kMode) {
      if (g.mode == WorkMode::kUnknown) g.mode = first.mode;
      continue;
    }
    if (first.kind == EntryKind::kRegion) {
      if (explicit_region.empty()) explicit_region = first.region;
      if (first.region == "Global" && !strict && g.mode == WorkMode::kUnknown)
        g.mode = WorkMode::kRemote;
      continue;
    }
    if (geo_done) continue;
    if (cur == nullptr) {
      // Pick the candidate that agrees with the next place, if any ("Portland, ME").
      const PlaceEntry* pick = &d.entries[h.entries.front()];
      for (size_t j = i + 1; j < kept.size() && pick == &d.entries[h.entries.front()]; ++j) {
        const Hit& next = *kept[j];
        if (!IsGeo(d.entries[next.entries.front()].kind)) continue;
        bool found = false;
        for (int c : h.entries) {
          for (int n : next.entries) {
            if (IsGeo(d.entries[n].kind) && Consistent(d.entries[c], d.entries[n])) {
              pick = &d.entries[c];
              found = true;
              break;
            }
          }
          if (found) break;
        }
        break;
      }
      cur = pick;
      merged = *pick;
      country_explicit = pick->kind != EntryKind::kCity;
      continue;
    }
    const PlaceEntry* match = nullptr;
    for (int c : h.entries) {
      if (IsGeo(d.entries[c].kind) && Consistent(merged, d.entries[c])) {
        match = &d.entries[c];
        break;
      }
    }
    if (match == nullptr) {
      geo_done = true;  // a second, different place: the first one stands
      continue;
    }
    if (merged.state.empty()) merged.state = match->state;
    if (merged.city.empty()) merged.city = match->city;
    if (match->kind != EntryKind::kCity) country_explicit = true;
  }
  if (cur != nullptr) {
    g.country = merged.country;
    g.state = merged.state;
    g.city = merged.city;
    g.geo_from_city_only = !country_explicit;
    auto it = d.region_of_country.find(g.country);
    if (it != d.region_of_country.end()) g.region = it->second;
  } else {
    g.region = explicit_region;
  }
  return g;
}

std::string_view Gazetteer::RegionOfCountry(std::string_view country) const {
  const auto& m = Data().region_of_country;
  auto it = m.find(std::string(country));
  return it == m.end() ? std::string_view() : std::string_view(it->second);
}

bool Gazetteer::KnowsRegionName(std::string_view filter) const {
  const GazetteerData& d = Data();
  std::string f = FoldString(Trim(filter));
  return d.country_by_name.contains(f) || d.state_by_name.contains(f) ||
         d.region_by_name.contains(f);
}

bool Gazetteer::Contains(std::string_view filter, const LocationGuess& place) const {
  const GazetteerData& d = Data();
  std::string f = FoldString(Trim(filter));
  if (auto it = d.country_by_name.find(f); it != d.country_by_name.end()) {
    return place.country == it->second;
  }
  if (auto it = d.state_by_name.find(f); it != d.state_by_name.end()) {
    return place.country == it->second.first && place.state == it->second.second;
  }
  auto rit = d.region_by_name.find(f);
  if (rit == d.region_by_name.end()) return false;
  const std::string& r = rit->second;
  std::string_view pr = place.region;
  if (pr.empty() && !place.country.empty()) pr = RegionOfCountry(place.country);
  const std::string& c = place.country;
  auto in = [](std::string_view x, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), x) != set.end();
  };
  if (r == "Global") return !pr.empty();
  if (pr == r) return true;
  if (r == "Europe") return in(pr, {"EU", "UK", "Europe", "DACH", "Nordics", "Benelux"});
  if (r == "EMEA") return in(pr, {"EU", "UK", "Europe", "MEA", "DACH", "Nordics", "Benelux"});
  if (r == "Americas") return in(pr, {"North America", "LATAM"});
  if (r == "DACH") return in(c, {"DE", "AT", "CH"});
  if (r == "Nordics") return in(c, {"SE", "NO", "DK", "FI", "IS"});
  if (r == "Benelux") return in(c, {"BE", "NL", "LU"});
  return false;
}

}  // namespace leados::enrich
