#pragma once
// CampaignStore: the campaigns of client accounts (table `campaigns`) and their revision history
// (`campaign_revisions`), migration 0030_campaigns.sql.
//
// Every change runs in one transaction that validates the new state (ValidateCampaign), bumps
// `revision`, writes a revision row holding a JSON snapshot of the whole campaign after the
// change, and appends an audit event (campaign.create / .update / .pause / .resume / .delete).
// A change that changes nothing (same values, pausing a paused campaign) writes nothing and
// reports `changed = false`.
//
// Tenancy: every method that takes a campaign id also takes the caller's account id, and a
// campaign of another account is kNotFound, exactly like one that does not exist. A deleted
// campaign is kNotFound for every method too (it stays in the table for the history).
//
// Thread-safe: the store holds no mutable state beyond the id generator; the database serialises
// concurrent writes to one campaign (row lock on PostgreSQL, one writer on SQLite).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/api_key_store.h"  // accounts::Actor
#include "accounts/audit_log.h"
#include "campaigns/campaign.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::campaigns {

// One entry of a campaign's history.
struct CampaignRevision {
  int64_t revision = 0;
  std::string action;         // create, update, pause, resume, delete
  std::string snapshot_json;  // CampaignSpecToJson of the campaign after the change
  std::string changed_by;     // usr_…, an API key's display prefix, or "" for the system
  int64_t changed_at_ms = 0;
};

// Filters and paging for List. Newest first; `before_id` is the previous page's next_cursor.
struct CampaignListQuery {
  std::optional<CampaignStatus> status;  // draft, active or paused; none: all but deleted
  std::optional<std::string> before_id;
  int limit = 50;  // 1..kMaxListLimit
};

struct CampaignPage {
  std::vector<Campaign> campaigns;
  std::optional<std::string> next_cursor;  // set when more campaigns follow
};

// The outcome of a change: the campaign as it now is, and whether anything was written.
struct CampaignWrite {
  Campaign campaign;
  bool changed = false;
};

class CampaignStore {
 public:
  static constexpr size_t kMaxCampaignsPerAccount = 1000;  // not counting deleted ones
  static constexpr int kMaxListLimit = 100;
  static constexpr int kMaxRevisionLimit = 500;

  // `db`, `clock` and `audit` must outlive the store.
  CampaignStore(store::Database& db, const core::Clock& clock, accounts::AuditLog& audit);

  // Validates `spec` and stores it as revision 1. kInvalidArgument "FIELD: …" (ValidateCampaign);
  // kFailedPrecondition past kMaxCampaignsPerAccount.
  core::Result<Campaign> Create(std::string_view account_id, CampaignSpec spec,
                                const accounts::Actor& actor);
  // kNotFound unless the account has this campaign (and it is not deleted).
  core::Result<Campaign> Get(std::string_view account_id, std::string_view campaign_id);
  // The account's campaigns, newest first. kInvalidArgument for a limit outside 1..kMaxListLimit
  // or a status filter of `deleted`.
  core::Result<CampaignPage> List(std::string_view account_id, const CampaignListQuery& query);

  // Applies `patch` and validates the result (kInvalidArgument "FIELD: …"). With
  // `expected_revision` (If-Match), kConflict when the campaign has moved on since.
  core::Result<CampaignWrite> Update(std::string_view account_id, std::string_view campaign_id,
                                     const CampaignPatch& patch,
                                     std::optional<int64_t> expected_revision,
                                     const accounts::Actor& actor);
  // active → paused (paused: unchanged). kFailedPrecondition for a draft (nothing to pause).
  core::Result<CampaignWrite> Pause(std::string_view account_id, std::string_view campaign_id,
                                    const accounts::Actor& actor);
  // paused or draft → active (active: unchanged).
  core::Result<CampaignWrite> Resume(std::string_view account_id, std::string_view campaign_id,
                                     const accounts::Actor& actor);
  // Soft delete: status deleted, deleted_at set, hidden from every read; the revisions stay.
  // kNotFound when already deleted.
  core::Status Delete(std::string_view account_id, std::string_view campaign_id,
                      const accounts::Actor& actor);

  // The campaign's history, newest first, at most `limit` (1..kMaxRevisionLimit) entries older
  // than `before_revision`. kNotFound as Get.
  core::Result<std::vector<CampaignRevision>> Revisions(
      std::string_view account_id, std::string_view campaign_id, int limit = 100,
      std::optional<int64_t> before_revision = std::nullopt);

  // Every active campaign of every active account that is not suspended (accounts.suspended_at,
  // see accounts/account_directory.h), oldest first: what the matcher compiles.
  core::Result<std::vector<Campaign>> ListActive();

  // How many campaigns the account has (deleted ones not counted) and how many of them are
  // active, for the admin console.
  struct Counts {
    int64_t total = 0;
    int64_t active = 0;
  };
  core::Result<Counts> CountForAccount(std::string_view account_id);

  // A cheap stamp that changes whenever the active set may have changed (a campaign created,
  // changed or deleted, an account closed, reopened, suspended or reinstated): processes that do not serve the campaign
  // API (`leados worker`) poll it and reload only when it moved.
  core::Result<std::string> ChangeStamp();

 private:
  // Runs a status change (pause/resume) in one transaction.
  core::Result<CampaignWrite> ChangeStatus(std::string_view account_id,
                                           std::string_view campaign_id, CampaignStatus to,
                                           std::string_view action, const accounts::Actor& actor);

  store::Database& db_;
  const core::Clock& clock_;
  accounts::AuditLog& audit_;
  core::IdGenerator ids_;
};

}  // namespace leados::campaigns
