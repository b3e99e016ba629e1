#pragma once
// ChargeService: what a lead costs and when — the lead's credits are reserved (a ledger debit,
// reason "lead", key "lead:<lead id>") when the lead is made, committed when it was delivered on
// some channel (a status change only), refunded (a ledger credit, reason "refund", key
// "refund:<lead id>") when no channel could deliver it. Table credit_reservations (migration
// 0090_billing_ledger), one row per lead:
//
//   reserved ──delivered──> committed
//      │  └──undeliverable──> refunded
//   held ──top-up / next day──> reserved (handover_pending until delivery has it)
//      └──hold_days passed──> expired (never charged)
//
// Decisions (src/billing/README.md has the full list):
//  - Not enough credits: the lead is `held` (hold_reason "credits"), not dropped, for hold_days
//    (billing.hold_days, default 7, at most the 30-day payload TTL). Any credit to the account
//    releases held leads oldest first as long as the balance allows; the first hold after the
//    balance ran out sends "credits exhausted, N leads on hold" (once per exhaustion).
//  - Daily cap: a campaign's credits reserved on one UTC day (reserved + committed; refunds give
//    the room back) never exceed its daily_credit_cap. A lead over the cap is HELD too (reason
//    "daily_cap"), released by the periodic release on a later day within that day's cap, or
//    expired after hold_days. Held, not dropped: the client asked for the lead, only not today.
//  - The cap and the price are fixed when the lead is made (stored on the row).
//  - Each change locks the account's balance row first (Ledger::LockIn), so checking the balance
//    and the cap and writing the debit is one step under any concurrency.
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/credit_alerts.h"
#include "billing/ledger.h"
#include "billing/price_list.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::billing {

// What the pipeline knows about a lead when it asks to charge it.
struct ChargeRequest {
  std::string lead_id;
  std::string account_id;
  std::string campaign_id;
  std::string source_kind;           // ingest::SourceKindName
  std::string enrichment_level;      // kEnrichmentBasic / kEnrichmentCompany / kEnrichmentFull
  std::optional<int64_t> daily_cap;  // the campaign's daily_credit_cap (nullopt: none)
};

enum class ChargeDecision {
  kReserved,  // credits debited (or the lead is free): deliver now
  kHeld,      // kept; delivered after a top-up or on a later day (cap)
};

struct Reservation {
  std::string lead_id;
  std::string account_id;
  std::string campaign_id;
  int64_t credits = 0;
  std::optional<int64_t> daily_cap;
  std::string status;       // reserved | committed | refunded | held | expired
  std::string hold_reason;  // credits | daily_cap while held, else ""
  bool handover_pending = false;
  std::optional<int64_t> hold_until_ms;
  int64_t created_at_ms = 0;
  std::optional<int64_t> reserved_at_ms;
};

struct ChargeOptions {
  int64_t hold_days = 7;  // 1..30
};

class ChargeService {
 public:
  // Every reference must outlive the service; `mailer` may be null (no exhausted email).
  ChargeService(store::Database& db, const core::Clock& clock, Ledger& ledger, PriceList prices,
                ChargeOptions options, CreditAlertMailer* mailer);

  // Reserves the lead's credits or holds it (see above). Idempotent on lead_id: asking again
  // answers from the stored row (held/expired → kHeld, else kReserved) and changes nothing.
  core::Result<ChargeDecision> Reserve(const ChargeRequest& request);

  // The lead was delivered: reserved → committed. No-op in any other state or for a lead
  // without a reservation (made before billing existed).
  core::Status Commit(std::string_view lead_id);

  // The lead could not be delivered on any channel: reserved → refunded with a ledger credit of
  // its credits. True when this call refunded; false when there was nothing to refund (already
  // refunded, committed, held, unknown). The credit runs the ledger's credit listeners.
  core::Result<bool> Refund(std::string_view lead_id);

  // Releases the account's held leads, oldest first, while the balance allows (a lead over its
  // campaign's cap today is skipped and stays held): each becomes reserved with a ledger debit
  // and handover_pending. Returns the released rows; the caller hands each lead to delivery and
  // then calls MarkHandedOver. At most `limit` per call.
  core::Result<std::vector<Reservation>> ReleaseHeld(std::string_view account_id, int limit = 500);

  // Delivery has the released lead: handover_pending = 0.
  core::Status MarkHandedOver(std::string_view lead_id);
  // Released leads whose handover did not happen yet (a crash between release and handover).
  core::Result<std::vector<Reservation>> PendingHandovers(int limit = 500);

  // Held leads past their hold_until become expired (no charge), at most `limit` per call.
  // Returns their lead ids (src/app deletes their payloads: they will never be delivered).
  core::Result<std::vector<std::string>> ExpireHeld(int limit = 1000);
  // Accounts that have held leads (for the periodic release), at most `limit`.
  core::Result<std::vector<std::string>> AccountsWithHeld(int limit = 1000);
  // The account's held leads.
  core::Result<int64_t> HeldCount(std::string_view account_id);

  // The lead's reservation, or nullopt.
  core::Result<std::optional<Reservation>> Get(std::string_view lead_id);

  const PriceList& prices() const { return prices_; }
  const ChargeOptions& options() const { return options_; }

 private:
  core::Result<int64_t> SpentToday(store::SqlSession& tx, const std::string& campaign_id,
                                   int64_t day);

  store::Database& db_;
  const core::Clock& clock_;
  Ledger& ledger_;
  PriceList prices_;
  ChargeOptions options_;
  CreditAlertMailer* mailer_;
};

// "lead:<lead id>" and "refund:<lead id>": the ledger idempotency keys of a lead's charge.
std::string LeadChargeKey(std::string_view lead_id);
std::string LeadRefundKey(std::string_view lead_id);

}  // namespace leados::billing
