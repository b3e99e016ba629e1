#include "campaigns/campaign_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "campaigns/campaign_json.h"

namespace leados::campaigns {
namespace {

constexpr std::string_view kColumns =
    "id, account_id, name, query, filters_json, min_score, channels_json, daily_credit_cap, "
    "status, revision, created_at, updated_at, deleted_at, llm_rerank, digest";

core::Result<Campaign> FromRow(const store::Row& r) {
  Campaign c;
  c.id = r.Text(0);
  c.account_id = r.Text(1);
  c.spec.name = r.Text(2);
  c.spec.query = r.Text(3);
  auto filters = CampaignFiltersFromJsonText(r.Text(4));
  if (!filters)
    return core::Internal("campaign " + c.id + ": bad filters_json: " + filters.error().message);
  c.spec.filters = std::move(*filters);
  c.spec.min_score = r.Real(5);
  auto channels = StringsFromJsonText("channels", r.Text(6));
  if (!channels) {
    return core::Internal("campaign " + c.id + ": bad channels_json: " + channels.error().message);
  }
  c.spec.channels = std::move(*channels);
  c.spec.daily_credit_cap = r.OptInt(7);
  auto status = ParseCampaignStatus(r.Text(8));
  if (!status) return core::Internal("campaign " + c.id + ": bad status " + r.Text(8));
  c.spec.status = *status;
  c.revision = r.Int(9);
  c.created_at_ms = r.Int(10);
  c.updated_at_ms = r.Int(11);
  c.deleted_at_ms = r.OptInt(12);
  c.spec.llm_rerank = r.Int(13) != 0;
  c.spec.digest = r.Text(14);
  return c;
}

core::Result<std::vector<Campaign>> FromRows(const std::vector<store::Row>& rows) {
  std::vector<Campaign> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    auto c = FromRow(r);
    if (!c) return core::Fail(c.error());
    out.push_back(std::move(*c));
  }
  return out;
}

// The id is not echoed: a 404 body says nothing about which ids exist anywhere.
std::unexpected<core::Error> NoSuchCampaign(std::string_view) {
  return core::NotFound("no such campaign in this account (list them with GET /v1/campaigns)");
}

store::SqlValue OptIntValue(std::optional<int64_t> v) {
  return v ? store::SqlValue(*v) : store::SqlValue();
}

// The fields that differ between two specs, for the audit detail (names only, never values).
std::string ChangedFields(const CampaignSpec& a, const CampaignSpec& b) {
  std::vector<std::string_view> names;
  if (a.name != b.name) names.push_back("name");
  if (a.query != b.query) names.push_back("query");
  if (a.filters != b.filters) names.push_back("filters");
  if (a.min_score != b.min_score) names.push_back("min_score");
  if (a.channels != b.channels) names.push_back("channels");
  if (a.daily_credit_cap != b.daily_credit_cap) names.push_back("daily_credit_cap");
  if (a.status != b.status) names.push_back("status");
  if (a.llm_rerank != b.llm_rerank) names.push_back("llm_rerank");
  if (a.digest != b.digest) names.push_back("digest");
  return fmt::format("{}", fmt::join(names, ", "));
}

// Reads one live campaign of the account inside a transaction, locking its row on PostgreSQL so
// concurrent changes to it take turns (SQLite transactions already have one writer).
core::Result<Campaign> LoadForUpdate(store::SqlSession& tx, std::string_view account_id,
                                     std::string_view campaign_id) {
  std::string sql = fmt::format(
      "SELECT {} FROM campaigns WHERE id = ? AND account_id = ? AND status <> 'deleted'", kColumns);
  if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
  auto rows = tx.Query(sql, {std::string(campaign_id), std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return NoSuchCampaign(campaign_id);
  return FromRow(rows->front());
}

// Writes `after` (revision already bumped) over the stored row, its revision row and the audit
// event, in the caller's transaction.
core::Status Record(store::SqlSession& tx, accounts::AuditLog& audit, const Campaign& after,
                    bool insert, std::string_view action, const accounts::Actor& actor,
                    const std::string& detail) {
  const CampaignSpec& s = after.spec;
  const std::string filters = core::ToJson(CampaignFiltersToJson(s.filters));
  const std::string channels = core::ToJson(StringsToJson(s.channels));
  const std::string status(CampaignStatusName(s.status));
  const int64_t llm_rerank = s.llm_rerank ? 1 : 0;
  core::Result<int64_t> written;
  if (insert) {
    written = tx.Exec(
        "INSERT INTO campaigns (id, account_id, name, query, filters_json, min_score, "
        "channels_json, daily_credit_cap, status, revision, created_at, updated_at, deleted_at, "
        "llm_rerank, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {after.id, after.account_id, s.name, s.query, filters, s.min_score, channels,
         OptIntValue(s.daily_credit_cap), status, after.revision, after.created_at_ms,
         after.updated_at_ms, OptIntValue(after.deleted_at_ms), llm_rerank, s.digest});
  } else {
    // The revision guard makes a lost update impossible even without the row lock.
    written = tx.Exec(
        "UPDATE campaigns SET name = ?, query = ?, filters_json = ?, min_score = ?, "
        "channels_json = ?, daily_credit_cap = ?, status = ?, revision = ?, updated_at = ?, "
        "deleted_at = ?, llm_rerank = ?, digest = ? "
        "WHERE id = ? AND account_id = ? AND revision = ?",
        {s.name, s.query, filters, s.min_score, channels, OptIntValue(s.daily_credit_cap), status,
         after.revision, after.updated_at_ms, OptIntValue(after.deleted_at_ms), llm_rerank,
         s.digest, after.id, after.account_id, after.revision - 1});
    if (written && *written != 1) {
      return core::Fail(core::ErrorCode::kConflict,
                        fmt::format("campaign {} was changed at the same time; fetch it and try "
                                    "again",
                                    after.id));
    }
  }
  if (!written) return core::Fail(written.error());
  auto revision = tx.Exec(
      "INSERT INTO campaign_revisions (campaign_id, revision, action, snapshot_json, changed_by, "
      "changed_at) VALUES (?, ?, ?, ?, ?, ?)",
      {after.id, after.revision, std::string(action), core::ToJson(CampaignSpecToJson(s)), actor.id,
       after.updated_at_ms});
  if (!revision) return core::Fail(revision.error());
  auto audited =
      audit.Record(tx, {actor.kind, actor.id, after.account_id, fmt::format("campaign.{}", action),
                        after.id, actor.ip, accounts::AuditOutcome::kSuccess,
                        detail.empty() ? fmt::format("revision {}", after.revision)
                                       : fmt::format("revision {}: {}", after.revision, detail)});
  if (!audited) return core::Fail(audited.error());
  return core::Ok();
}

}  // namespace

CampaignStore::CampaignStore(store::Database& db, const core::Clock& clock,
                             accounts::AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit), ids_(clock) {}

core::Result<Campaign> CampaignStore::Create(std::string_view account_id, CampaignSpec spec,
                                             const accounts::Actor& actor) {
  auto valid = ValidateCampaign(std::move(spec));
  if (!valid) return core::Fail(valid.error());
  Campaign c;
  c.id = ids_.NewId("cmp");
  c.account_id = std::string(account_id);
  c.spec = std::move(*valid);
  c.revision = 1;
  c.created_at_ms = c.updated_at_ms = clock_.NowUnixMillis();
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto count =
        tx.Query("SELECT COUNT(*) FROM campaigns WHERE account_id = ? AND status <> 'deleted'",
                 {c.account_id});
    if (!count) return core::Fail(count.error());
    if (static_cast<size_t>(count->front().Int(0)) >= kMaxCampaignsPerAccount) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        fmt::format("an account can have at most {} campaigns; delete one you no "
                                    "longer use",
                                    kMaxCampaignsPerAccount));
    }
    return Record(tx, audit_, c, /*insert=*/true, "create", actor,
                  fmt::format("status {}", CampaignStatusName(c.spec.status)));
  });
  if (!status) return core::Fail(status.error());
  return c;
}

core::Result<Campaign> CampaignStore::Get(std::string_view account_id,
                                          std::string_view campaign_id) {
  auto rows = db_.Query(fmt::format("SELECT {} FROM campaigns WHERE id = ? AND account_id = ? AND "
                                    "status <> 'deleted'",
                                    kColumns),
                        {std::string(campaign_id), std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return NoSuchCampaign(campaign_id);
  return FromRow(rows->front());
}

core::Result<CampaignPage> CampaignStore::List(std::string_view account_id,
                                               const CampaignListQuery& q) {
  if (q.limit < 1 || q.limit > kMaxListLimit) {
    return core::InvalidArgument(
        fmt::format("limit: must be between 1 and {} (got {})", kMaxListLimit, q.limit));
  }
  if (q.status == CampaignStatus::kDeleted) {
    return core::InvalidArgument(
        "status: must be draft, active or paused (deleted campaigns "
        "are not listed)");
  }
  std::string sql = fmt::format(
      "SELECT {} FROM campaigns WHERE account_id = ? AND status <> 'deleted'", kColumns);
  std::vector<store::SqlValue> params{std::string(account_id)};
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(CampaignStatusName(*q.status)));
  }
  if (q.before_id) {
    sql += " AND id < ?";
    params.emplace_back(*q.before_id);
  }
  // One more than asked tells whether another page follows.
  sql += fmt::format(" ORDER BY id DESC LIMIT {}", q.limit + 1);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  auto campaigns = FromRows(*rows);
  if (!campaigns) return core::Fail(campaigns.error());
  CampaignPage page;
  page.campaigns = std::move(*campaigns);
  if (page.campaigns.size() > static_cast<size_t>(q.limit)) {
    page.campaigns.resize(static_cast<size_t>(q.limit));
    page.next_cursor = page.campaigns.back().id;
  }
  return page;
}

core::Result<CampaignWrite> CampaignStore::Update(std::string_view account_id,
                                                  std::string_view campaign_id,
                                                  const CampaignPatch& patch,
                                                  std::optional<int64_t> expected_revision,
                                                  const accounts::Actor& actor) {
  CampaignWrite out;
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    out = CampaignWrite{};
    auto current = LoadForUpdate(tx, account_id, campaign_id);
    if (!current) return core::Fail(current.error());
    if (expected_revision && *expected_revision != current->revision) {
      return core::Fail(core::ErrorCode::kConflict,
                        fmt::format("campaign {} is at revision {}, not {}: fetch it again and "
                                    "reapply your change",
                                    current->id, current->revision, *expected_revision));
    }
    auto next = ValidateCampaign(ApplyPatch(current->spec, patch));
    if (!next) return core::Fail(next.error());
    if (*next == current->spec) {
      out.campaign = std::move(*current);
      return core::Ok();
    }
    Campaign after = *current;
    after.spec = std::move(*next);
    after.revision = current->revision + 1;
    after.updated_at_ms = clock_.NowUnixMillis();
    if (auto ok = Record(tx, audit_, after, /*insert=*/false, "update", actor,
                         ChangedFields(current->spec, after.spec));
        !ok) {
      return ok;
    }
    out = CampaignWrite{std::move(after), true};
    return core::Ok();
  });
  if (!status) return core::Fail(status.error());
  return out;
}

core::Result<CampaignWrite> CampaignStore::ChangeStatus(std::string_view account_id,
                                                        std::string_view campaign_id,
                                                        CampaignStatus to, std::string_view action,
                                                        const accounts::Actor& actor) {
  CampaignWrite out;
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    out = CampaignWrite{};
    auto current = LoadForUpdate(tx, account_id, campaign_id);
    if (!current) return core::Fail(current.error());
    const CampaignStatus from = current->spec.status;
    if (from == to) {
      out.campaign = std::move(*current);
      return core::Ok();
    }
    if (to == CampaignStatus::kPaused && from == CampaignStatus::kDraft) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        fmt::format("campaign {} is a draft and not running, so there is "
                                    "nothing to pause; resume it to start matching",
                                    current->id));
    }
    Campaign after = *current;
    after.spec.status = to;
    after.revision = current->revision + 1;
    after.updated_at_ms = clock_.NowUnixMillis();
    if (auto ok = Record(tx, audit_, after, /*insert=*/false, action, actor,
                         fmt::format("{} -> {}", CampaignStatusName(from), CampaignStatusName(to)));
        !ok) {
      return ok;
    }
    out = CampaignWrite{std::move(after), true};
    return core::Ok();
  });
  if (!status) return core::Fail(status.error());
  return out;
}

core::Result<CampaignWrite> CampaignStore::Pause(std::string_view account_id,
                                                 std::string_view campaign_id,
                                                 const accounts::Actor& actor) {
  return ChangeStatus(account_id, campaign_id, CampaignStatus::kPaused, "pause", actor);
}

core::Result<CampaignWrite> CampaignStore::Resume(std::string_view account_id,
                                                  std::string_view campaign_id,
                                                  const accounts::Actor& actor) {
  return ChangeStatus(account_id, campaign_id, CampaignStatus::kActive, "resume", actor);
}

core::Status CampaignStore::Delete(std::string_view account_id, std::string_view campaign_id,
                                   const accounts::Actor& actor) {
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto current = LoadForUpdate(tx, account_id, campaign_id);
    if (!current) return core::Fail(current.error());
    Campaign after = *current;
    after.spec.status = CampaignStatus::kDeleted;
    after.revision = current->revision + 1;
    after.updated_at_ms = clock_.NowUnixMillis();
    after.deleted_at_ms = after.updated_at_ms;
    return Record(tx, audit_, after, /*insert=*/false, "delete", actor,
                  fmt::format("was {}", CampaignStatusName(current->spec.status)));
  });
}

core::Result<std::vector<CampaignRevision>> CampaignStore::Revisions(
    std::string_view account_id, std::string_view campaign_id, int limit,
    std::optional<int64_t> before_revision) {
  if (limit < 1 || limit > kMaxRevisionLimit) {
    return core::InvalidArgument(
        fmt::format("limit: must be between 1 and {} (got {})", kMaxRevisionLimit, limit));
  }
  // Reading the campaign first keeps other accounts' and deleted campaigns out.
  auto campaign = Get(account_id, campaign_id);
  if (!campaign) return core::Fail(campaign.error());
  std::string sql =
      "SELECT revision, action, snapshot_json, changed_by, changed_at FROM campaign_revisions "
      "WHERE campaign_id = ?";
  std::vector<store::SqlValue> params{campaign->id};
  if (before_revision) {
    sql += " AND revision < ?";
    params.emplace_back(*before_revision);
  }
  sql += fmt::format(" ORDER BY revision DESC LIMIT {}", limit);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  std::vector<CampaignRevision> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)});
  }
  return out;
}

core::Result<std::vector<Campaign>> CampaignStore::ListActive() {
  auto rows = db_.Query(fmt::format(
      "SELECT c.{} FROM campaigns c JOIN accounts a ON a.id = c.account_id "
      "WHERE c.status = 'active' AND a.status = 'active' AND a.suspended_at IS NULL ORDER BY c.id",
      fmt::join(std::vector<std::string_view>{"id", "account_id", "name", "query", "filters_json",
                                              "min_score", "channels_json", "daily_credit_cap",
                                              "status", "revision", "created_at", "updated_at",
                                              "deleted_at", "llm_rerank", "digest"},
                ", c.")));
  if (!rows) return core::Fail(rows.error());
  return FromRows(*rows);
}

core::Result<CampaignStore::Counts> CampaignStore::CountForAccount(std::string_view account_id) {
  auto rows = db_.Query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0) FROM "
      "campaigns WHERE account_id = ? AND status <> 'deleted'",
      {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return Counts{rows->front().Int(0), rows->front().Int(1)};
}

core::Result<std::string> CampaignStore::ChangeStamp() {
  auto rows = db_.Query(
      "SELECT COUNT(*), COALESCE(MAX(updated_at), 0), "
      "(SELECT COUNT(*) FROM accounts WHERE status = 'active'), "
      "(SELECT COUNT(*) FROM accounts WHERE suspended_at IS NOT NULL), "
      "(SELECT COALESCE(MAX(suspended_at), 0) FROM accounts) FROM campaigns");
  if (!rows) return core::Fail(rows.error());
  const auto& r = rows->front();
  return fmt::format("{}:{}:{}:{}:{}", r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4));
}

}  // namespace leados::campaigns
