#pragma once
// The retention policy as one table in code (shared/DESIGN.md "Retention", docs/privacy.md): each
// row is a category of data, its period, the policy sentence it comes from, what it governs and
// the time column its period counts from. `retention.<key>_days` may only shorten a period.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::retention {

enum class Category {
  kAccountData,       // life of the account + 30 days after closure
  kBilling,           // credit ledger and billing records: 7 years
  kAuditLogs,         // usage and audit logs: 2 years
  kDeliveryMetadata,  // lead delivery metadata: 1 year
  kFingerprints,      // dedup fingerprints: 90 days (KV TTL)
  kPayloads,          // full lead payloads: 30 days (KV TTL)
};

// One row of the policy table. Static data; thread-safe.
struct RetentionRule {
  Category category;
  std::string_view key;          // "account_data": config key retention.<key>_days, CLI output
  int64_t max_days;              // the policy's period (the longest a configuration may set)
  std::string_view policy_line;  // the sentence of the privacy policy it comes from
  std::string_view governs;      // the tables / KV keys and the rows of them it deletes
  std::string_view time_column;  // what the period counts from
  bool kv_ttl;                   // true: the KV store expires the data itself (TTL at write)
};

// The six rows, in the policy's order.
const std::vector<RetentionRule>& RetentionPolicy();
// The row of `category` (every category has one).
const RetentionRule& RuleFor(Category category);

// The periods in force: the policy's, or shorter ones from configuration. Immutable value.
class RetentionPeriods {
 public:
  // The policy's own periods.
  RetentionPeriods();
  // `days_by_key` maps a rule's key ("billing") to the configured days. kInvalidArgument naming
  // `retention.<key>_days` when a value is below 1 or longer than the policy's maximum, or the
  // key is unknown.
  static core::Result<RetentionPeriods> FromDays(const std::map<std::string, int64_t>& days_by_key);

  int64_t Days(Category category) const;
  // The period in milliseconds (days × 86 400 000).
  int64_t Millis(Category category) const { return Days(category) * 86'400'000; }

 private:
  std::map<Category, int64_t> days_;
};

}  // namespace leados::retention
