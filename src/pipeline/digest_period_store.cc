#include "pipeline/digest_period_store.h"

#include <string>

namespace leados::pipeline {

core::Result<std::optional<int64_t>> DigestPeriodStore::LastPeriodEnd(
    std::string_view campaign_id) {
  auto rows = db_.Query("SELECT last_period_end FROM campaign_digests WHERE campaign_id = ?",
                        {std::string(campaign_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->front().Int(0));
}

core::Result<bool> DigestPeriodStore::Claim(store::SqlSession& tx, std::string_view account_id,
                                            std::string_view campaign_id, int64_t period_end_ms,
                                            int64_t lead_count, int64_t now_ms) {
  // On PostgreSQL a concurrent claim of the same campaign waits on the primary key, then sees
  // the committed period and updates nothing; on SQLite writers are serialised.
  auto n = tx.Exec(
      "INSERT INTO campaign_digests (campaign_id, account_id, last_period_end, last_sent_at, "
      "last_lead_count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id) DO UPDATE SET "
      "last_period_end = excluded.last_period_end, last_sent_at = excluded.last_sent_at, "
      "last_lead_count = excluded.last_lead_count "
      "WHERE campaign_digests.last_period_end < excluded.last_period_end",
      {std::string(campaign_id), std::string(account_id), period_end_ms, now_ms, lead_count});
  if (!n) return core::Fail(n.error());
  return *n == 1;
}

}  // namespace leados::pipeline
