#pragma once
// AnomalyDetector: one scan of the ledger, the audit log and the API keys for what issue 9 calls
// anomalies, raised as flags through AnomalyFlagStore (src/oversight/README.md has the rules and
// why each threshold is what it is). At the clock's now:
//  - credit_burn: credits spent on leads (ledger reason `lead`) in the last 24 h, per account,
//    above burn_factor × the account's daily mean over the 30 days before the window AND above
//    burn_min_credits. The mean divides by the days the account had a ledger (up to 30), so a
//    week-old account is not compared with 23 empty days. An account with no lead spend in those
//    30 days has no norm: it is flagged above burn_new_account_credits instead.
//  - failed_signins: more than failed_signins_per_hour failed portal sign-ins
//    (audit session.sign_in, outcome failure) for one account's users in the last hour; and,
//    across accounts (also unknown addresses and admin sign-ins), more than that from one IP
//    address: that flag has no account and names the address only truncated to its /24 (IPv4)
//    or /48 (IPv6) network.
//  - key_burst: more than keys_per_day API keys created by one account in the last 24 h
//    (revoked ones count).
// Observed is the count in the window; baseline is the daily mean (credit_burn) or the threshold.
// Thread-safe (no state between scans); every reference must outlive the detector.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "oversight/anomaly_flag_store.h"
#include "store/database.h"

namespace leados::oversight {

// The anomaly.* configuration keys.
struct AnomalyThresholds {
  double burn_factor = 5;
  int64_t burn_min_credits = 100;
  int64_t burn_new_account_credits = 500;
  int64_t failed_signins_per_hour = 20;
  int64_t keys_per_day = 10;
};

struct ScanReport {
  int64_t now_ms = 0;
  int64_t raised = 0;      // new flags
  int64_t updated = 0;     // open flags seen again
  int64_t suppressed = 0;  // already dismissed by an admin for this activity
};

// "anomaly scan: 2 new flags, 1 updated, 0 already dismissed".
std::string FormatScanReport(const ScanReport& report);

// "203.0.113.0/24" for 203.0.113.77, "2001:db8:1::/48" for an IPv6 address; an unparsable
// address becomes "sha256:<first 16 hex>" of it. Never the address itself.
std::string TruncateIp(const std::string& ip);

class AnomalyDetector {
 public:
  AnomalyDetector(store::Database& db, const core::Clock& clock, AnomalyFlagStore& flags,
                  AnomalyThresholds thresholds);

  // One scan of every rule. Errors: the database's (flags raised before the error stay).
  core::Result<ScanReport> Scan();

 private:
  core::Status CreditBurn(int64_t now, ScanReport& report);
  core::Status FailedSignins(int64_t now, ScanReport& report);
  core::Status KeyBurst(int64_t now, ScanReport& report);
  core::Status Raise(const AnomalyObservation& seen, ScanReport& report);

  store::Database& db_;
  const core::Clock& clock_;
  AnomalyFlagStore& flags_;
  AnomalyThresholds thresholds_;
};

}  // namespace leados::oversight
