#pragma once
// LeadStore: the `leads` table (delivery metadata, no personal data) on SQLite or PostgreSQL.
// Thread-safe (the Database is).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pipeline/lead_record.h"
#include "store/database.h"

namespace leados::pipeline {

enum class Channel { kWebhook, kApi, kDigest, kPortal };
std::string_view ChannelName(Channel channel);  // "webhook", "api", "digest", "portal"

// Filters of listLeads. Newest first; `cursor` is the `next_cursor` of the previous page.
struct LeadFilter {
  std::string campaign_id;             // "" = every campaign
  std::optional<int> min_score;        // inclusive
  std::optional<int64_t> created_from_ms;  // inclusive
  std::optional<int64_t> created_to_ms;    // exclusive
  std::string cursor;
  int limit = 50;  // 1..200
};

struct LeadPage {
  std::vector<LeadRecord> leads;
  std::string next_cursor;  // "" on the last page
};

// A campaign with leads waiting for their email digest (digest = pending).
struct DigestBacklog {
  std::string account_id;
  std::string campaign_id;
  int64_t oldest_created_at_ms = 0;
};

class LeadStore {
 public:
  explicit LeadStore(store::Database& db) : db_(db) {}

  // Inserts the lead unless a lead with its id exists. True when this call created it; false for
  // a replay (the existing row is left untouched).
  core::Result<bool> Insert(const LeadRecord& lead);

  // The lead of that account, or nullopt (another account's lead is nullopt too). Held leads
  // too (with `held` set): callers facing the client hide them (LeadService::Get).
  core::Result<std::optional<LeadRecord>> Get(std::string_view account_id, std::string_view id);

  // Leads not held only. Errors: kInvalidArgument "cursor: …" / "limit: …" naming what to fix.
  core::Result<LeadPage> List(std::string_view account_id, const LeadFilter& filter);

  // Sets one channel's status. kNotFound when the lead does not exist.
  core::Status SetChannel(std::string_view id, Channel channel, std::string_view status,
                          int64_t now_ms);

  // Records the client's feedback ("contacted", "not_relevant" or "" to clear) on its lead.
  // kInvalidArgument for another value; kNotFound for an unknown lead or another account's.
  core::Status SetFeedback(std::string_view account_id, std::string_view id,
                           std::string_view feedback, int64_t now_ms);

  // Shows (false) or hides (true) a held lead (LeadRecord::held). kNotFound for an unknown id.
  core::Status SetHeld(std::string_view id, bool held, int64_t now_ms);

  // The account of a lead. kNotFound for an unknown id.
  core::Result<std::string> AccountOf(std::string_view id);

  // Marks the payload deleted (idempotent: the first time is kept).
  core::Status MarkPayloadDeleted(std::string_view id, int64_t now_ms);

  // Rights requests (issue 9): the accounts that have any lead, and every lead (held ones too)
  // whose fingerprint is one of `fingerprints` — the leads about one person, found through the
  // keyed fingerprint each account gives that person's identity (index leads_fingerprint,
  // migration 0120). At most 10,000 leads.
  core::Result<std::vector<std::string>> AccountIds();
  core::Result<std::vector<LeadRecord>> ByFingerprints(
      const std::vector<std::string>& fingerprints);

  // Leads whose payload is still there but expired (payload_expires_at <= now), oldest first.
  core::Result<std::vector<std::string>> PayloadsDue(int64_t now_ms, int limit);

  // The email digest (digest_service.h). Campaigns with leads whose digest is pending, by
  // campaign id, at most `limit`.
  core::Result<std::vector<DigestBacklog>> DigestBacklogs(int limit);
  // A campaign's leads whose digest is pending and that were created before `before_ms`: the
  // best first (score, then oldest), at most `limit`.
  core::Result<std::vector<LeadRecord>> PendingDigest(std::string_view campaign_id,
                                                      int64_t before_ms, int limit);
  // Sets digest = done on those of `ids` still pending, inside the caller's transaction (the one
  // that enqueues the digest email). Returns how many changed.
  core::Result<int64_t> MarkDigestDone(store::SqlSession& tx, const std::vector<std::string>& ids,
                                       int64_t now_ms);

 private:
  store::Database& db_;
};

}  // namespace leados::pipeline
