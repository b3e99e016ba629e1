#include "pipeline/lead_store.h"

#include <algorithm>
#include <charconv>

namespace leados::pipeline {
namespace {

constexpr std::string_view kColumns =
    "id, account_id, campaign_id, fingerprint, score, intent_class, source_kind, "
    "signal_published_at, created_at, payload_expires_at, payload_deleted_at, webhook_status, "
    "api_status, digest_status, portal_status, feedback, updated_at";

LeadRecord FromRow(const store::Row& r) {
  LeadRecord l;
  l.id = r.Text(0);
  l.account_id = r.Text(1);
  l.campaign_id = r.Text(2);
  l.fingerprint = r.Text(3);
  l.score = static_cast<int>(r.Int(4));
  l.intent_class = r.Text(5);
  l.source_kind = r.Text(6);
  l.signal_published_at_ms = r.Int(7);
  l.created_at_ms = r.Int(8);
  l.payload_expires_at_ms = r.Int(9);
  l.payload_deleted_at_ms = r.OptInt(10);
  l.channels.webhook = r.Text(11);
  l.channels.api = r.Text(12);
  l.channels.digest = r.Text(13);
  l.channels.portal = r.Text(14);
  l.feedback = r.Text(15);
  l.updated_at_ms = r.Int(16);
  return l;
}

// Cursor "<created_at ms>.<id>" of the last lead of a page.
std::string CursorOf(const LeadRecord& l) {
  return std::to_string(l.created_at_ms) + "." + l.id;
}

core::Result<std::pair<int64_t, std::string>> ParseCursor(std::string_view cursor) {
  const auto dot = cursor.find('.');
  int64_t ms = 0;
  if (dot != std::string_view::npos) {
    const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + dot, ms);
    if (ec == std::errc() && end == cursor.data() + dot && dot + 1 < cursor.size()) {
      return std::make_pair(ms, std::string(cursor.substr(dot + 1)));
    }
  }
  return core::InvalidArgument("cursor: not a cursor from a previous page (pass next_cursor as is)");
}

}  // namespace

std::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kWebhook: return "webhook";
    case Channel::kApi: return "api";
    case Channel::kDigest: return "digest";
    case Channel::kPortal: return "portal";
  }
  return "webhook";
}

core::Result<bool> LeadStore::Insert(const LeadRecord& l) {
  auto n = db_.Exec(
      "INSERT INTO leads (" + std::string(kColumns) +
          ", held) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
          "NOTHING",
      {l.id, l.account_id, l.campaign_id, l.fingerprint, int64_t{l.score}, l.intent_class,
       l.source_kind, l.signal_published_at_ms, l.created_at_ms, l.payload_expires_at_ms,
       l.payload_deleted_at_ms ? store::SqlValue(*l.payload_deleted_at_ms) : store::SqlValue(std::monostate{}),
       l.channels.webhook, l.channels.api, l.channels.digest, l.channels.portal, l.feedback,
       l.updated_at_ms, int64_t{l.held ? 1 : 0}});
  if (!n) return core::Fail(n.error());
  return *n == 1;
}

core::Result<std::vector<std::string>> LeadStore::AccountIds() {
  auto rows = db_.Query("SELECT DISTINCT account_id FROM leads ORDER BY account_id");
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<std::vector<LeadRecord>> LeadStore::ByFingerprints(
    const std::vector<std::string>& fingerprints) {
  std::vector<LeadRecord> out;
  // In chunks, so the statement stays small whatever the number of accounts.
  for (size_t at = 0; at < fingerprints.size(); at += 200) {
    const size_t n = std::min<size_t>(200, fingerprints.size() - at);
    std::string sql = "SELECT " + std::string(kColumns) + ", held FROM leads WHERE fingerprint IN (";
    std::vector<store::SqlValue> params;
    for (size_t i = 0; i < n; ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.emplace_back(fingerprints[at + i]);
    }
    sql += ") ORDER BY created_at, id LIMIT 10000";
    auto rows = db_.Query(sql, params);
    if (!rows) return core::Fail(rows.error());
    for (const auto& r : *rows) {
      LeadRecord lead = FromRow(r);
      lead.held = r.Int(17) != 0;
      out.push_back(std::move(lead));
    }
  }
  return out;
}

core::Result<std::optional<LeadRecord>> LeadStore::Get(std::string_view account_id,
                                                       std::string_view id) {
  auto rows = db_.Query("SELECT " + std::string(kColumns) +
                            ", held FROM leads WHERE id = ? AND account_id = ?",
                        {std::string(id), std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<LeadRecord>();
  LeadRecord lead = FromRow(rows->front());
  lead.held = rows->front().Int(17) != 0;
  return std::optional<LeadRecord>(std::move(lead));
}

core::Result<LeadPage> LeadStore::List(std::string_view account_id, const LeadFilter& f) {
  if (f.limit < 1 || f.limit > 200) {
    return core::InvalidArgument("limit: must be between 1 and 200 (got " +
                                 std::to_string(f.limit) + ")");
  }
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM leads WHERE account_id = ? AND held = 0";
  std::vector<store::SqlValue> params{std::string(account_id)};
  if (!f.campaign_id.empty()) {
    sql += " AND campaign_id = ?";
    params.emplace_back(f.campaign_id);
  }
  if (f.min_score) {
    sql += " AND score >= ?";
    params.emplace_back(int64_t{*f.min_score});
  }
  if (f.created_from_ms) {
    sql += " AND created_at >= ?";
    params.emplace_back(*f.created_from_ms);
  }
  if (f.created_to_ms) {
    sql += " AND created_at < ?";
    params.emplace_back(*f.created_to_ms);
  }
  if (!f.cursor.empty()) {
    auto c = ParseCursor(f.cursor);
    if (!c) return core::Fail(c.error());
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.emplace_back(c->first);
    params.emplace_back(c->first);
    params.emplace_back(c->second);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(int64_t{f.limit + 1});
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  LeadPage page;
  for (const auto& r : *rows) page.leads.push_back(FromRow(r));
  if (static_cast<int>(page.leads.size()) > f.limit) {
    page.leads.pop_back();
    page.next_cursor = CursorOf(page.leads.back());
  }
  return page;
}

core::Status LeadStore::SetChannel(std::string_view id, Channel channel, std::string_view status,
                                   int64_t now_ms) {
  // The column name comes from ChannelName (a closed set), never from input.
  auto n = db_.Exec("UPDATE leads SET " + std::string(ChannelName(channel)) +
                        "_status = ?, updated_at = ? WHERE id = ?",
                    {std::string(status), now_ms, std::string(id)});
  if (!n) return core::Fail(n.error());
  if (*n == 0) return core::NotFound("lead " + std::string(id) + " not found");
  return core::Ok();
}

core::Status LeadStore::SetFeedback(std::string_view account_id, std::string_view id,
                                    std::string_view feedback, int64_t now_ms) {
  if (feedback != "" && feedback != "contacted" && feedback != "not_relevant") {
    return core::InvalidArgument("feedback: must be \"contacted\", \"not_relevant\" or \"\" (got \"" +
                                 std::string(feedback) + "\")");
  }
  auto n = db_.Exec("UPDATE leads SET feedback = ?, updated_at = ? WHERE id = ? AND account_id = ?",
                    {std::string(feedback), now_ms, std::string(id), std::string(account_id)});
  if (!n) return core::Fail(n.error());
  if (*n == 0) return core::NotFound("lead " + std::string(id) + " not found");
  return core::Ok();
}

core::Status LeadStore::SetHeld(std::string_view id, bool held, int64_t now_ms) {
  auto n = db_.Exec("UPDATE leads SET held = ?, updated_at = ? WHERE id = ?",
                    {int64_t{held ? 1 : 0}, now_ms, std::string(id)});
  if (!n) return core::Fail(n.error());
  if (*n == 0) return core::NotFound("lead " + std::string(id) + " not found");
  return core::Ok();
}

core::Result<std::string> LeadStore::AccountOf(std::string_view id) {
  auto rows = db_.Query("SELECT account_id FROM leads WHERE id = ?", {std::string(id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("lead " + std::string(id) + " not found");
  return rows->front().Text(0);
}

core::Status LeadStore::MarkPayloadDeleted(std::string_view id, int64_t now_ms) {
  auto n = db_.Exec(
      "UPDATE leads SET payload_deleted_at = ?, updated_at = ? WHERE id = ? AND "
      "payload_deleted_at IS NULL",
      {now_ms, now_ms, std::string(id)});
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

core::Result<std::vector<std::string>> LeadStore::PayloadsDue(int64_t now_ms, int limit) {
  auto rows = db_.Query(
      "SELECT id FROM leads WHERE payload_deleted_at IS NULL AND payload_expires_at <= ? "
      "ORDER BY payload_expires_at, id LIMIT ?",
      {now_ms, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(r.Text(0));
  return ids;
}

core::Result<std::vector<DigestBacklog>> LeadStore::DigestBacklogs(int limit) {
  auto rows = db_.Query(
      "SELECT account_id, campaign_id, MIN(created_at) FROM leads WHERE digest_status = 'pending' "
      "AND held = 0 GROUP BY account_id, campaign_id ORDER BY campaign_id LIMIT ?",
      {int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<DigestBacklog> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

core::Result<std::vector<LeadRecord>> LeadStore::PendingDigest(std::string_view campaign_id,
                                                               int64_t before_ms, int limit) {
  auto rows = db_.Query("SELECT " + std::string(kColumns) +
                            " FROM leads WHERE campaign_id = ? AND digest_status = 'pending' AND "
                            "held = 0 AND created_at < ? ORDER BY score DESC, created_at, id LIMIT ?",
                        {std::string(campaign_id), before_ms, int64_t{limit}});
  if (!rows) return core::Fail(rows.error());
  std::vector<LeadRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

core::Result<int64_t> LeadStore::MarkDigestDone(store::SqlSession& tx,
                                                const std::vector<std::string>& ids,
                                                int64_t now_ms) {
  int64_t changed = 0;
  for (const auto& id : ids) {
    auto n = tx.Exec(
        "UPDATE leads SET digest_status = 'done', updated_at = ? "
        "WHERE id = ? AND digest_status = 'pending'",
        {now_ms, id});
    if (!n) return core::Fail(n.error());
    changed += *n;
  }
  return changed;
}

}  // namespace leados::pipeline
