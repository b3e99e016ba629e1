#include "oversight/anomaly_detector.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/crypto.h"
#include "core/json.h"

namespace leados::oversight {
namespace {

namespace json = core::json;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kBaselineDays = 30;

}  // namespace

std::string FormatScanReport(const ScanReport& r) {
  return fmt::format("anomaly scan: {} new flags, {} updated, {} already dismissed\n", r.raised,
                     r.updated, r.suppressed);
}

std::string TruncateIp(const std::string& ip) {
  unsigned char buf[16] = {};
  char out[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, ip.c_str(), buf) == 1) {
    buf[3] = 0;
    inet_ntop(AF_INET, buf, out, sizeof(out));
    return std::string(out) + "/24";
  }
  if (inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
    std::fill(buf + 6, buf + 16, 0);
    inet_ntop(AF_INET6, buf, out, sizeof(out));
    return std::string(out) + "/48";
  }
  return "sha256:" + core::Sha256Hex(ip).substr(0, 16);
}

AnomalyDetector::AnomalyDetector(store::Database& db, const core::Clock& clock,
                                 AnomalyFlagStore& flags, AnomalyThresholds thresholds)
    : db_(db), clock_(clock), flags_(flags), thresholds_(thresholds) {}

core::Result<ScanReport> AnomalyDetector::Scan() {
  ScanReport report;
  report.now_ms = clock_.NowUnixMillis();
  for (auto rule : {&AnomalyDetector::CreditBurn, &AnomalyDetector::FailedSignins,
                    &AnomalyDetector::KeyBurst}) {
    if (auto ok = (this->*rule)(report.now_ms, report); !ok) return core::Fail(ok.error());
  }
  return report;
}

core::Status AnomalyDetector::Raise(const AnomalyObservation& seen, ScanReport& report) {
  auto outcome = flags_.Raise(seen);
  if (!outcome) return core::Fail(outcome.error());
  switch (*outcome) {
    case RaiseOutcome::kNew: ++report.raised; break;
    case RaiseOutcome::kUpdated: ++report.updated; break;
    case RaiseOutcome::kSuppressed: ++report.suppressed; break;
  }
  return core::Ok();
}

core::Status AnomalyDetector::CreditBurn(int64_t now, ScanReport& report) {
  const int64_t start = now - kDay;
  const int64_t floor =
      std::min(thresholds_.burn_min_credits, thresholds_.burn_new_account_credits);
  // Only accounts above the lower of the two floors can be flagged: their baselines are read
  // one by one below, the rest cost nothing more.
  auto spent = db_.Query(
      "SELECT account_id, CAST(SUM(-amount) AS BIGINT) FROM ledger_entries WHERE reason = 'lead' "
      "AND amount < 0 "
      "AND created_at > ? AND created_at <= ? GROUP BY account_id HAVING SUM(-amount) > ? "
      "ORDER BY account_id",
      {start, now, floor});
  if (!spent) return core::Fail(spent.error());
  for (const auto& row : *spent) {
    const std::string account = row.Text(0);
    const int64_t consumed = row.Int(1);
    const int64_t from = start - kBaselineDays * kDay;
    auto base = db_.Query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN reason = 'lead' AND amount < 0 AND created_at > ? "
        "THEN -amount ELSE 0 END), 0) AS BIGINT), MIN(created_at) FROM ledger_entries WHERE "
        "account_id = ? AND "
        "created_at <= ?",
        {from, account, start});
    if (!base) return core::Fail(base.error());
    const int64_t before = base->empty() ? 0 : base->front().Int(0);
    const bool has_history = before > 0;
    // Days of ledger the account had before the window, 1..30 (a partial day counts whole).
    int64_t days = kBaselineDays;
    if (has_history && !base->front().IsNull(1)) {
      const int64_t first = base->front().Int(1);
      days = std::clamp<int64_t>((start - first + kDay - 1) / kDay, 1, kBaselineDays);
    }
    const double mean = has_history ? static_cast<double>(before) / static_cast<double>(days) : 0;
    const double threshold = has_history
                                 ? std::max(thresholds_.burn_factor * mean,
                                            static_cast<double>(thresholds_.burn_min_credits))
                                 : static_cast<double>(thresholds_.burn_new_account_credits);
    if (static_cast<double>(consumed) <= threshold) continue;
    AnomalyObservation seen;
    seen.kind = AnomalyKind::kCreditBurn;
    seen.account_id = account;
    seen.subject = account;
    seen.window_start_ms = start;
    seen.window_end_ms = now;
    seen.observed = consumed;
    seen.baseline = static_cast<int64_t>(std::llround(mean));
    seen.details_json =
        core::ToJson(json::object{{"window_hours", 24},
                                  {"credits_spent", consumed},
                                  {"new_account", !has_history},
                                  {"baseline_days", has_history ? days : 0},
                                  {"daily_mean", std::round(mean * 10) / 10},
                                  {"factor", thresholds_.burn_factor},
                                  {"threshold", static_cast<int64_t>(std::floor(threshold))}});
    if (auto ok = Raise(seen, report); !ok) return ok;
  }
  return core::Ok();
}

core::Status AnomalyDetector::FailedSignins(int64_t now, ScanReport& report) {
  const int64_t start = now - kHour;
  const int64_t limit = thresholds_.failed_signins_per_hour;
  // Per account: failed portal sign-ins of its users (the audit row names the account when the
  // address belongs to a user).
  auto per_account = db_.Query(
      "SELECT account_id, COUNT(*), COUNT(DISTINCT actor_id) FROM audit_events WHERE action = "
      "'session.sign_in' AND outcome = 'failure' AND account_id IS NOT NULL AND at > ? AND at <= "
      "? GROUP BY account_id HAVING COUNT(*) > ? ORDER BY account_id",
      {start, now, limit});
  if (!per_account) return core::Fail(per_account.error());
  for (const auto& row : *per_account) {
    AnomalyObservation seen;
    seen.kind = AnomalyKind::kFailedSignins;
    seen.account_id = row.Text(0);
    seen.subject = row.Text(0);
    seen.window_start_ms = start;
    seen.window_end_ms = now;
    seen.observed = row.Int(1);
    seen.baseline = limit;
    seen.details_json = core::ToJson(json::object{{"window_hours", 1},
                                                  {"failed_sign_ins", row.Int(1)},
                                                  {"users", row.Int(2)},
                                                  {"threshold", limit}});
    if (auto ok = Raise(seen, report); !ok) return ok;
  }
  // Per address, across accounts and unknown emails (and admin sign-ins): counted per address,
  // reported per network so no raw address is stored; the busiest address of a network is the
  // flag's observed value.
  auto per_ip = db_.Query(
      "SELECT ip, COUNT(*), COUNT(DISTINCT account_id) FROM audit_events WHERE action IN "
      "('session.sign_in', 'admin.sign_in') AND outcome = 'failure' AND ip <> '' AND at > ? AND "
      "at <= ? GROUP BY ip HAVING COUNT(*) > ? ORDER BY ip",
      {start, now, limit});
  if (!per_ip) return core::Fail(per_ip.error());
  struct Net {
    int64_t max = 0, total = 0, addresses = 0, accounts = 0;
  };
  std::map<std::string, Net> nets;
  for (const auto& row : *per_ip) {
    Net& n = nets[TruncateIp(row.Text(0))];
    n.max = std::max(n.max, row.Int(1));
    n.total += row.Int(1);
    n.accounts += row.Int(2);
    ++n.addresses;
  }
  for (const auto& [prefix, n] : nets) {
    AnomalyObservation seen;
    seen.kind = AnomalyKind::kFailedSignins;
    seen.subject = "ip:" + prefix;
    seen.window_start_ms = start;
    seen.window_end_ms = now;
    seen.observed = n.max;
    seen.baseline = limit;
    seen.details_json =
        core::ToJson(json::object{{"window_hours", 1},
                                  {"failed_sign_ins", n.total},
                                  {"network", prefix},
                                  {"addresses_over_threshold", n.addresses},
                                  {"accounts_targeted", n.accounts},
                                  {"threshold", limit},
                                  {"privacy",
                                   "addresses are kept truncated to /24 (IPv4) or /48 "
                                   "(IPv6), never whole"}});
    if (auto ok = Raise(seen, report); !ok) return ok;
  }
  return core::Ok();
}

core::Status AnomalyDetector::KeyBurst(int64_t now, ScanReport& report) {
  const int64_t start = now - kDay;
  const int64_t limit = thresholds_.keys_per_day;
  auto rows = db_.Query(
      "SELECT account_id, COUNT(*), CAST(SUM(CASE WHEN revoked_at IS NULL THEN 1 ELSE 0 END) AS "
      "BIGINT) FROM "
      "api_keys WHERE created_at > ? AND created_at <= ? GROUP BY account_id HAVING COUNT(*) > ? "
      "ORDER BY account_id",
      {start, now, limit});
  if (!rows) return core::Fail(rows.error());
  for (const auto& row : *rows) {
    AnomalyObservation seen;
    seen.kind = AnomalyKind::kKeyBurst;
    seen.account_id = row.Text(0);
    seen.subject = row.Text(0);
    seen.window_start_ms = start;
    seen.window_end_ms = now;
    seen.observed = row.Int(1);
    seen.baseline = limit;
    seen.details_json = core::ToJson(json::object{{"window_hours", 24},
                                                  {"keys_created", row.Int(1)},
                                                  {"still_active", row.Int(2)},
                                                  {"threshold", limit}});
    if (auto ok = Raise(seen, report); !ok) return ok;
  }
  return core::Ok();
}

}  // namespace leados::oversight
