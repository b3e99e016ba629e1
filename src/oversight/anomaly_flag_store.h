#pragma once
// AnomalyFlagStore: the anomaly_flags table (migration 0150; src/oversight/README.md). The
// detector raises flags through it; the admin console lists and dismisses them.
//
// One OPEN flag per (kind, subject) at a time: raising an anomaly that already has an open flag
// updates that flag (window, observed, baseline, details, updated_at) instead of adding a row. A
// flag an admin dismissed is not raised again for activity the admin already saw: while the
// dismissal is at or after the new observation's window start, Raise reports kSuppressed.
//
// Thread-safe; every reference must outlive the store.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/audit_log.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::oversight {

enum class AnomalyKind { kCreditBurn, kFailedSignins, kKeyBurst };
// "credit_burn", "failed_signins", "key_burst".
std::string_view AnomalyKindName(AnomalyKind kind);
// The kind of a name above; nullopt for anything else.
std::optional<AnomalyKind> ParseAnomalyKind(std::string_view name);

// One stored flag, as the console shows it.
struct AnomalyFlag {
  std::string id;                         // anf_… (sorts by time)
  std::optional<std::string> account_id;  // nullopt for an address seen across accounts
  std::string account_name;               // the account's company name ("" when none)
  std::string subject;                    // the account id, or ip:<prefix> (never a raw address)
  std::string kind;
  int64_t detected_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t window_start_ms = 0;
  int64_t window_end_ms = 0;
  int64_t observed = 0;
  int64_t baseline = 0;
  std::string details_json;  // an object; counts only
  std::string status;        // open | dismissed
  std::optional<std::string> dismissed_by;
  std::optional<int64_t> dismissed_at_ms;
  std::string note;
};

// What a detector saw: one anomaly of one subject in one window.
struct AnomalyObservation {
  AnomalyKind kind = AnomalyKind::kCreditBurn;
  std::optional<std::string> account_id;
  std::string subject;
  int64_t window_start_ms = 0;
  int64_t window_end_ms = 0;
  int64_t observed = 0;
  int64_t baseline = 0;
  std::string details_json = "{}";
};

enum class RaiseOutcome { kNew, kUpdated, kSuppressed };

// List filters: newest first; `cursor` is the next_cursor of the previous page.
struct AnomalyQuery {
  std::string status = "open";      // open | dismissed | all
  std::optional<std::string> kind;  // one of the kind names
  std::string cursor;
  int limit = 50;  // 1..kMaxLimit
};

struct AnomalyPage {
  std::vector<AnomalyFlag> flags;
  std::string next_cursor;  // "" on the last page
};

class AnomalyFlagStore {
 public:
  static constexpr int kMaxLimit = 100;
  static constexpr size_t kMaxNote = 500;

  AnomalyFlagStore(store::Database& db, const core::Clock& clock, accounts::AuditLog& audit);

  // Opens a flag, updates the open one, or reports the dismissal that covers it (see above).
  // Errors: the database's.
  core::Result<RaiseOutcome> Raise(const AnomalyObservation& seen);

  // kInvalidArgument naming status, kind, cursor or limit when one is not accepted.
  core::Result<AnomalyPage> List(const AnomalyQuery& query) const;
  // kNotFound "no anomaly flag …".
  core::Result<AnomalyFlag> Get(const std::string& id) const;
  // Marks an open flag dismissed by `admin_id` with `note` (0..500 characters) and audits it
  // (admin.anomaly.dismiss, in the same transaction). kNotFound; kConflict when it is already
  // dismissed; kInvalidArgument for a note that is too long.
  core::Result<AnomalyFlag> Dismiss(const std::string& id, const std::string& admin_id,
                                    const std::string& ip, const std::string& note);

 private:
  core::Result<RaiseOutcome> RaiseOnce(const AnomalyObservation& seen);

  store::Database& db_;
  const core::Clock& clock_;
  accounts::AuditLog& audit_;
  core::IdGenerator ids_;
};

}  // namespace leados::oversight
