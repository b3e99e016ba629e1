#include "match/supply_scan.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/clock.h"
#include "match/compiled_campaigns.h"
#include "match/query_parser.h"

namespace leados::match {
namespace {

std::string TrimTitle(std::string_view title) {
  size_t chars = 0;
  size_t i = 0;
  while (i < title.size() && chars < kScanTitleChars) {
    ++i;
    while (i < title.size() && (static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  std::string out(title.substr(0, i));
  if (i < title.size()) out += "…";
  return out;
}

}  // namespace

core::Result<SupplyScanReport> RunSupplyScan(std::string_view query,
                                             const std::vector<ingest::Signal>& signals,
                                             const SupplyScanOptions& options,
                                             const ScanScorer* scorer) {
  auto parsed = ParseQuery(query);
  if (!parsed) return core::Fail(parsed.error());
  const std::optional<int> window_days = options.window_days;
  if (window_days && *window_days <= 0)
    return core::InvalidArgument("window_days: must be at least 1");
  if (options.credits_per_lead < 0)
    return core::InvalidArgument("credits_per_lead: must not be negative");
  auto wanted = [](const std::vector<std::string>& allowed, std::string_view value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
  };
  SupplyScanReport r;
  r.query = FormatQuery(*parsed);
  r.signals_read = static_cast<int64_t>(signals.size());
  auto compiled = CompiledCampaigns::Compile({CampaignQuery{"scan", std::string(query)}});
  if (!compiled) return core::Fail(compiled.error());

  using std::chrono::hours;
  core::TimePoint end{}, start{};
  if (!signals.empty()) {
    auto [lo, hi] =
        std::minmax_element(signals.begin(), signals.end(),
                            [](const auto& a, const auto& b) { return a.published < b.published; });
    end = hi->published;
    start = lo->published;
  }
  if (options.window_end) end = *options.window_end;
  if (window_days) start = end - hours(24) * *window_days;
  const double days =
      window_days ? *window_days
                  : std::max(1.0, std::chrono::duration<double>(end - start).count() / 86400.0);
  r.window_days = days;
  r.window_start = core::FormatRfc3339(start);
  r.window_end = core::FormatRfc3339(end);

  std::map<std::string, int64_t> per_source;
  std::vector<std::pair<core::TimePoint, ScanExample>> examples;
  if (scorer != nullptr) r.score_buckets.assign(10, 0);
  int64_t leads = 0;
  for (const auto& s : signals) {
    if (s.published < start || s.published > end) continue;
    if (!wanted(options.sources, ingest::SourceKindName(s.source)) ||
        !wanted(options.languages, s.language)) {
      continue;
    }
    ++r.signals_in_window;
    auto matches = (*compiled)->Match(s);
    if (matches.empty()) continue;
    ++r.matches;
    ++per_source[std::string(ingest::SourceKindName(s.source))];
    bool is_lead = true;
    if (scorer != nullptr) {
      if (auto score = scorer->Score(s, matches[0])) {
        const int bucket = std::clamp(static_cast<int>(std::floor(*score * 10)), 0, 9);
        ++r.score_buckets[bucket];
        is_lead = *score >= options.min_score;
      }
    }
    if (is_lead) ++leads;
    ScanExample ex;
    ex.source = std::string(ingest::SourceKindName(s.source));
    ex.site = s.site;
    ex.published = core::FormatRfc3339(s.published).substr(0, 10);
    ex.title = TrimTitle(s.title);
    for (const auto& h : matches[0].hits) {
      if (std::find(ex.terms.begin(), ex.terms.end(), h.term) == ex.terms.end())
        ex.terms.push_back(h.term);
    }
    examples.emplace_back(s.published, std::move(ex));
  }
  r.matches_per_day = static_cast<double>(r.matches) / days;
  r.leads_from_scores = scorer != nullptr;
  r.leads_per_day = static_cast<double>(leads) / days;
  r.leads_per_month = r.leads_per_day * kScanDaysPerMonth;
  r.credits_per_lead = options.credits_per_lead;
  r.credits_per_month = r.leads_per_month * options.credits_per_lead;
  for (const auto& [source, n] : per_source)
    r.by_source.push_back({source, n, static_cast<double>(n) / days});
  std::stable_sort(r.by_source.begin(), r.by_source.end(),
                   [](const auto& a, const auto& b) { return a.matches > b.matches; });
  std::stable_sort(examples.begin(), examples.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < examples.size() && i < kScanExamples; ++i)
    r.examples.push_back(std::move(examples[i].second));
  return r;
}

core::json::object SupplyScanToJson(const SupplyScanReport& r) {
  auto round2 = [](double v) { return std::round(v * 100) / 100; };
  core::json::object o;
  o["query"] = r.query;
  o["signals_read"] = r.signals_read;
  o["signals_in_window"] = r.signals_in_window;
  o["matches"] = r.matches;
  o["window"] = core::json::object{
      {"days", round2(r.window_days)}, {"start", r.window_start}, {"end", r.window_end}};
  o["matches_per_day"] = round2(r.matches_per_day);
  core::json::array by_source;
  for (const auto& s : r.by_source) {
    by_source.push_back(core::json::object{
        {"source", s.source}, {"matches", s.matches}, {"per_day", round2(s.per_day)}});
  }
  o["by_source"] = std::move(by_source);
  core::json::array examples;
  for (const auto& e : r.examples) {
    core::json::array terms;
    for (const auto& t : e.terms) terms.push_back(core::json::string(t));
    examples.push_back(core::json::object{{"source", e.source},
                                          {"site", e.site},
                                          {"published", e.published},
                                          {"title", e.title},
                                          {"terms", std::move(terms)}});
  }
  o["examples"] = std::move(examples);
  if (r.score_buckets.empty()) {
    o["score_distribution"] = nullptr;
  } else {
    core::json::array buckets;
    for (auto b : r.score_buckets) buckets.push_back(b);
    o["score_distribution"] = std::move(buckets);
  }
  o["estimate"] = core::json::object{{"leads_per_day", round2(r.leads_per_day)},
                                     {"leads_per_month", round2(r.leads_per_month)},
                                     {"credits_per_lead", r.credits_per_lead},
                                     {"credits_per_month", round2(r.credits_per_month)},
                                     {"from_scores", r.leads_from_scores}};
  return o;
}

}  // namespace leados::match
