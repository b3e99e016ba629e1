#pragma once
// DeliveryStore: the SQL side of webhook deliveries (table webhook_deliveries) and their
// append-only attempts (webhook_attempts). Rows hold metadata only; the body stays in the payload
// store under payload_ref.
//
// Claiming: a dispatcher takes due deliveries with one UPDATE that sets status 'delivering', its
// owner name and lease_until (PostgreSQL: the candidate rows are picked with FOR UPDATE SKIP
// LOCKED, so concurrent dispatchers never take the same row; SQLite: the claim runs in a
// BEGIN IMMEDIATE transaction, so claims take turns). A delivery whose lease ran out (its
// dispatcher died) is due again. Finish only applies while the caller still holds the lease.
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::deliver {

// pending | delivering | succeeded | failed (retry scheduled) | dead (no more automatic attempts)
inline constexpr std::string_view kStatusPending = "pending";
inline constexpr std::string_view kStatusDelivering = "delivering";
inline constexpr std::string_view kStatusSucceeded = "succeeded";
inline constexpr std::string_view kStatusFailed = "failed";
inline constexpr std::string_view kStatusDead = "dead";
// True for the five names above.
bool IsDeliveryStatus(std::string_view status);

struct Delivery {
  std::string id;  // msg_…: the webhook-id
  std::string event_id;
  std::string endpoint_id;
  std::string account_id;
  std::string event_type;
  std::optional<std::string> lead_id;
  std::string payload_ref;
  std::string status;
  int64_t attempt_count = 0;
  int64_t retry_step = 0;
  int64_t next_attempt_at_ms = 0;
  std::optional<std::string> last_error;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

struct Attempt {
  std::string id;  // att_…
  std::string delivery_id;
  int64_t attempt_number = 0;
  int64_t attempted_at_ms = 0;
  std::optional<int64_t> http_status;
  int64_t latency_ms = 0;
  std::optional<std::string> error_class;
  std::string response_excerpt;
};

// Where the deliveries of one event stand (an event fans out to one delivery per endpoint).
struct EventProgress {
  int64_t total = 0;
  int64_t succeeded = 0;
  int64_t dead = 0;
  // Neither succeeded nor dead: pending, delivering or failed (a retry is scheduled).
  int64_t open() const { return total - succeeded - dead; }
};

struct DeliveryListQuery {
  std::optional<std::string> endpoint_id;
  std::optional<std::string> status;
  int limit = 50;                        // 1..kMaxListLimit
  std::optional<std::string> before_id;  // cursor: ids sort by creation
};

struct DeliveryPage {
  std::vector<Delivery> deliveries;  // newest first
  std::optional<std::string> next_cursor;
};

class DeliveryStore {
 public:
  static constexpr int kMaxListLimit = 100;

  // `db` and `clock` must outlive the store.
  DeliveryStore(store::Database& db, const core::Clock& clock);

  // Inserts a new delivery row inside the caller's transaction.
  core::Status Insert(store::SqlSession& tx, const Delivery& d);

  // Up to `limit` endpoint ids that have due deliveries now.
  // The deliveries already made for a lead's event (any endpoint), in the caller's transaction.
  core::Result<std::vector<std::string>> ForLeadIn(store::SqlSession& tx, std::string_view lead_id,
                                                   std::string_view event_type);
  core::Result<std::vector<std::string>> DueEndpoints(size_t limit);
  // The payload-store keys of the events about a lead (lead.created…, any endpoint; not the
  // lead.erasure_requested notices, which hold no personal data), distinct: what an erasure
  // request deletes (issue 9).
  core::Result<std::vector<std::string>> PayloadRefsForLead(std::string_view lead_id);
  // Claims up to `max` due deliveries of one endpoint for `owner` until now + `lease`, oldest due
  // first, and returns them (status already 'delivering').
  core::Result<std::vector<Delivery>> Claim(std::string_view endpoint_id, std::string_view owner,
                                            size_t max, core::Duration lease);
  // As Claim for several (endpoint id, max) pairs in ONE transaction; answers one list per pair,
  // in the same order.
  core::Result<std::vector<std::vector<Delivery>>> ClaimMany(
      const std::vector<std::pair<std::string, size_t>>& wanted, std::string_view owner,
      core::Duration lease);

  // How the deliveries of event `event_id` stand (all zero for an unknown event).
  core::Result<EventProgress> ProgressOf(std::string_view event_id);
  // The deliveries of the endpoint created at or after `since_ms` that are not being sent, with
  // their payload keys, oldest first (what ReplaySince may requeue).
  core::Result<std::vector<std::pair<std::string, std::string>>> ReplayCandidates(
      std::string_view account_id, std::string_view endpoint_id, int64_t since_ms);

  // Appends an attempt inside the caller's transaction.
  core::Status InsertAttempt(store::SqlSession& tx, const Attempt& a);
  // Ends a claim: sets status, counters, next attempt time and last error, clears the lease.
  // Returns false (and changes nothing) when `owner` no longer holds the lease.
  core::Result<bool> Finish(store::SqlSession& tx, const Delivery& d, std::string_view owner);

  // Reads, scoped to an account (another account's delivery is kNotFound).
  core::Result<Delivery> Get(std::string_view account_id, std::string_view id);
  core::Result<DeliveryPage> List(std::string_view account_id, const DeliveryListQuery& q);
  // Every attempt of the delivery, oldest first.
  core::Result<std::vector<Attempt>> Attempts(std::string_view account_id, std::string_view id);

  // Makes a delivery due now again (same id, retry schedule restarted). kNotFound; kConflict while
  // it is being sent.
  core::Status Requeue(std::string_view account_id, std::string_view id);

 private:
  store::Database& db_;
  const core::Clock& clock_;
};

}  // namespace leados::deliver
