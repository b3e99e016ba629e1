#pragma once
// DigestPeriodStore: the table campaign_digests (migration 0080) — for each campaign, the end of
// the last digest period that was claimed (sent, or found without recipients). Claiming is what
// makes a period's digest go out once across any number of schedulers: the claim is a guarded
// upsert in the same transaction as the outbox rows and the leads' digest marks.
// Thread-safe (the Database is).

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace leados::pipeline {

class DigestPeriodStore {
 public:
  explicit DigestPeriodStore(store::Database& db) : db_(db) {}

  // The end of the campaign's last claimed period; nullopt before its first digest.
  core::Result<std::optional<int64_t>> LastPeriodEnd(std::string_view campaign_id);

  // Inside the caller's transaction: moves the campaign's last period to `period_end_ms` when it
  // is earlier (or absent). True when this call did so; false when another scheduler already
  // claimed this period or a later one (the caller then rolls back and sends nothing).
  core::Result<bool> Claim(store::SqlSession& tx, std::string_view account_id,
                           std::string_view campaign_id, int64_t period_end_ms, int64_t lead_count,
                           int64_t now_ms);

 private:
  store::Database& db_;
};

}  // namespace leados::pipeline
