#include "usage/usage_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "usage/usage_event.h"

namespace leados::usage {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr size_t kTopPerKind = 10;

// `o` with the totals' fields appended.
core::json::object WithTotals(core::json::object o, const UsageTotals& t) {
  o["count"] = t.count;
  o["quantity"] = t.quantity;
  o["errors"] = t.errors;
  o["avg_latency_ms"] = std::round(t.AvgLatencyMs() * 10) / 10;
  o["max_latency_ms"] = t.latency_max_ms;
  return o;
}

}  // namespace

core::Result<DayRange> ResolveDayRange(const std::optional<std::string>& from,
                                       const std::optional<std::string>& to, int64_t now_ms) {
  DayRange r;
  r.to = to.value_or(UtcDay(now_ms));
  const auto to_ms = ParseUtcDay(r.to);
  if (!to_ms) {
    return core::InvalidArgument(
        fmt::format("to must be a UTC date written YYYY-MM-DD (e.g. 2026-11-30), got '{}'", r.to));
  }
  r.from = from.value_or(UtcDay(*to_ms - (kDefaultRangeDays - 1) * kDayMs));
  const auto from_ms = ParseUtcDay(r.from);
  if (!from_ms) {
    return core::InvalidArgument(fmt::format(
        "from must be a UTC date written YYYY-MM-DD (e.g. 2026-11-01), got '{}'", r.from));
  }
  if (*from_ms > *to_ms) {
    return core::InvalidArgument(
        fmt::format("from ({}) is after to ({}): swap them", r.from, r.to));
  }
  const int64_t days = (*to_ms - *from_ms) / kDayMs + 1;
  if (days > kMaxRangeDays) {
    return core::InvalidArgument(
        fmt::format("the range {} to {} covers {} days; ask for at most {} days at a time", r.from,
                    r.to, days, kMaxRangeDays));
  }
  return r;
}

double UsageTotals::AvgLatencyMs() const {
  return count == 0 ? 0.0 : static_cast<double>(latency_sum_ms) / static_cast<double>(count);
}

void UsageTotals::Add(const UsageTotals& o) {
  count += o.count;
  quantity += o.quantity;
  errors += o.errors;
  latency_sum_ms += o.latency_sum_ms;
  latency_max_ms = std::max(latency_max_ms, o.latency_max_ms);
}

core::json::object UsageReportJson(const UsageReport& report) {
  core::json::array days;
  for (const auto& d : report.days) {
    days.push_back(WithTotals({{"day", d.day}, {"kind", d.kind}}, d.totals));
  }
  core::json::object totals;
  for (const auto& [kind, t] : report.totals) totals[kind] = WithTotals({}, t);
  core::json::array top;
  for (const auto& op : report.top) {
    top.push_back(WithTotals({{"kind", op.kind}, {"name", op.name}}, op.totals));
  }
  return {{"from", report.range.from},
          {"to", report.range.to},
          {"days", std::move(days)},
          {"totals", std::move(totals)},
          {"top", std::move(top)}};
}

core::Result<UsageReport> UsageReader::Read(const std::optional<std::string>& account_id,
                                            const DayRange& range) {
  // The rolled-up days from usage_daily, every other day from the raw events: a day is in
  // exactly one of the two (the roll-up claims a day and writes its totals in one transaction).
  const std::string account_filter = account_id ? "account_id = ? AND " : "";
  const std::string sql = fmt::format(
      "SELECT day, kind, name, status_class, SUM(n), SUM(q), SUM(ls), MAX(lm) FROM ("
      "SELECT day, kind, name, status_class, count AS n, quantity AS q, latency_sum_ms AS ls, "
      "latency_max_ms AS lm FROM usage_daily WHERE {0}day >= ? AND day <= ? "
      "UNION ALL "
      "SELECT day, kind, name, status_class, 1, quantity, latency_ms, latency_ms FROM "
      "usage_events WHERE {0}day >= ? AND day <= ? AND day NOT IN (SELECT day FROM "
      "usage_rollups WHERE day >= ? AND day <= ?)"
      ") u GROUP BY day, kind, name, status_class ORDER BY day, kind, name, status_class",
      account_filter);
  std::vector<store::SqlValue> params;
  for (int part = 0; part < 2; ++part) {
    if (account_id) params.emplace_back(*account_id);
    params.emplace_back(range.from);
    params.emplace_back(range.to);
  }
  params.emplace_back(range.from);
  params.emplace_back(range.to);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());

  UsageReport report;
  report.range = range;
  for (UsageKind k : {UsageKind::kApiCall, UsageKind::kCampaignCreated, UsageKind::kCreditsConsumed,
                      UsageKind::kWebhookDelivery, UsageKind::kPortalInteraction}) {
    report.totals[std::string(UsageKindName(k))] = {};
  }
  std::map<std::pair<std::string, std::string>, UsageTotals> by_day, by_name;
  for (const auto& r : *rows) {
    UsageTotals t;
    t.count = r.Int(4);
    t.quantity = r.Int(5);
    t.errors = IsErrorClass(r.Text(3)) ? t.count : 0;
    t.latency_sum_ms = r.Int(6);
    t.latency_max_ms = r.Int(7);
    by_day[{r.Text(0), r.Text(1)}].Add(t);
    by_name[{r.Text(1), r.Text(2)}].Add(t);
    report.totals[r.Text(1)].Add(t);
  }
  for (auto& [key, t] : by_day) report.days.push_back({key.first, key.second, t});
  std::map<std::string, std::vector<UsageOperation>> per_kind;
  for (auto& [key, t] : by_name) per_kind[key.first].push_back({key.first, key.second, t});
  for (auto& [kind, ops] : per_kind) {
    std::stable_sort(ops.begin(), ops.end(),
                     [](const auto& a, const auto& b) { return a.totals.count > b.totals.count; });
    if (ops.size() > kTopPerKind) ops.resize(kTopPerKind);
    for (auto& op : ops) report.top.push_back(std::move(op));
  }
  std::stable_sort(report.top.begin(), report.top.end(),
                   [](const auto& a, const auto& b) { return a.totals.count > b.totals.count; });
  return report;
}

}  // namespace leados::usage
