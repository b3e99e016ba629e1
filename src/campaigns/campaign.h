#pragma once
// The Campaign model: what a client wants to hear about (a LeadOS query plus filters, a minimum
// score, delivery channels and a daily credit cap) and the rules a campaign must satisfy.
// Plain value types and pure functions: no storage, no HTTP, no JSON (see campaign_json.h).
// Thread-safe (no shared state).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::campaigns {

// draft: saved, never matched. active: matched and delivered. paused: kept, not matched.
// deleted: soft-deleted, hidden from every read (kept for the revision history and audit).
enum class CampaignStatus { kDraft, kActive, kPaused, kDeleted };

// "draft", "active", "paused", "deleted".
std::string_view CampaignStatusName(CampaignStatus status);
// The inverse of CampaignStatusName; nullopt for anything else (case-sensitive).
std::optional<CampaignStatus> ParseCampaignStatus(std::string_view name);

// Limits (documented in src/campaigns/README.md).
inline constexpr size_t kMaxNameChars = 200;    // code points, after trimming
inline constexpr size_t kMaxFilterValues = 50;  // entries per filter list
inline constexpr size_t kMaxFilterValueChars = 100;
inline constexpr int64_t kMaxCompanySize = 10'000'000;
inline constexpr int64_t kMaxDailyCreditCap = 1'000'000'000;

// The accepted values of the closed lists, in display order.
// Sources are the names of ingest::SourceKindName (campaign_test checks they agree).
inline constexpr std::string_view kSources[] = {"hn",    "reddit", "rss",   "greenhouse",
                                                "lever", "ashby",  "press", "jobpage"};
inline constexpr std::string_view kChannels[] = {"webhook", "api", "email", "portal"};
// How often the "email" channel sends its digest (src/pipeline/README.md, "Email digest").
inline constexpr std::string_view kDigestFrequencies[] = {"hourly", "daily"};
// Mirror enrich::SeniorityName and enrich::JobFunctionName (src/enrich/role_taxonomy.h); the
// campaigns module sits below enrich, so the lists are repeated here; tests/contracts fails when
// they drift apart.
inline constexpr std::string_view kSeniorities[] = {
    "intern", "junior", "mid", "senior", "lead", "manager", "director", "vp", "c_level", "founder"};
inline constexpr std::string_view kRoles[] = {
    "engineering", "data",    "product", "design", "marketing",   "sales",    "customer_success",
    "operations",  "finance", "people",  "legal",  "it_security", "executive"};

// Who a campaign is for, beyond the query text. Empty lists and unset bounds mean "any".
// After ValidateCampaign every list is sorted and free of duplicates.
struct CampaignFilters {
  std::vector<std::string> sources;         // subset of kSources
  std::vector<std::string> languages;       // ISO 639 codes, 2 or 3 letters, lower-cased
  std::vector<std::string> regions;         // free text, e.g. "EU", "North America", "DE"
  std::optional<int64_t> company_size_min;  // employees, inclusive
  std::optional<int64_t> company_size_max;  // employees, inclusive
  std::vector<std::string> industries;      // free text, e.g. "Software"
  std::vector<std::string> roles;           // subset of kRoles (job functions)
  std::vector<std::string> seniority;       // subset of kSeniorities

  friend bool operator==(const CampaignFilters&, const CampaignFilters&) = default;
};

// What a client sets on a campaign: everything that is versioned in the revision history.
struct CampaignSpec {
  std::string name;
  std::string query;  // the canonical form (match::FormatQuery) once validated
  CampaignFilters filters;
  double min_score = 0.0;                       // 0..1: leads scoring below are not delivered
  std::vector<std::string> channels{"portal"};  // subset of kChannels, at least one
  std::optional<int64_t> daily_credit_cap;      // credits a day; nullopt = no cap (0 is refused)
  CampaignStatus status = CampaignStatus::kDraft;
  // The client's consent to LLM re-ranking: when true (and the server's llm.enabled is on), the
  // title and text excerpt of this campaign's best candidates are sent to a third-party LLM
  // endpoint for a second opinion on their intent (docs/scoring.md, "LLM re-ranking").
  bool llm_rerank = false;
  // How often the email digest of new leads goes out when `channels` has "email": "hourly" (the
  // leads of the last full hour) or "daily" (once a day at digest.daily_hour_utc). Kept even
  // without the email channel, so switching it on uses the last choice.
  std::string digest = "daily";

  friend bool operator==(const CampaignSpec&, const CampaignSpec&) = default;
};

// A stored campaign.
struct Campaign {
  std::string id;          // cmp_… (ULID: sorts by creation time)
  std::string account_id;  // the owning client account
  CampaignSpec spec;
  int64_t revision = 0;  // 1 at creation, +1 on every change
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> deleted_at_ms;
};

// A partial change (PATCH). Unset fields stay as they are. For the nullable fields the inner
// optional says what to set: nullopt clears (no bound / no cap).
struct CampaignPatch {
  std::optional<std::string> name;
  std::optional<std::string> query;
  std::optional<std::vector<std::string>> sources;
  std::optional<std::vector<std::string>> languages;
  std::optional<std::vector<std::string>> regions;
  std::optional<std::optional<int64_t>> company_size_min;
  std::optional<std::optional<int64_t>> company_size_max;
  std::optional<std::vector<std::string>> industries;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::vector<std::string>> seniority;
  std::optional<double> min_score;
  std::optional<std::vector<std::string>> channels;
  std::optional<std::optional<int64_t>> daily_credit_cap;
  std::optional<CampaignStatus> status;
  std::optional<bool> llm_rerank;
  std::optional<std::string> digest;
};

// `spec` with the set fields of `patch` applied. No validation (call ValidateCampaign after).
CampaignSpec ApplyPatch(CampaignSpec spec, const CampaignPatch& patch);

// Checks every rule and returns the normalised spec: name trimmed, query in canonical form,
// filter lists sorted and de-duplicated (codes and closed-list values lower-cased, free text
// trimmed). The first failure is kInvalidArgument "FIELD: what to fix", e.g.
// "query: 1:14: expected ')' to close '(' at 1:3" or "min_score: must be between 0 and 1
// (got 1.5)". The status `deleted` is refused here: deleting is its own operation.
core::Result<CampaignSpec> ValidateCampaign(CampaignSpec spec);

}  // namespace leados::campaigns
