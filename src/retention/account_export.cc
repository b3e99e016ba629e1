// The account data export (see account_export.h).
#include "retention/account_export.h"

#include <chrono>
#include <string_view>
#include <vector>

namespace leados::retention {
namespace {

namespace json = core::json;

// A column and how it becomes JSON: "name" text, "name:int", "name:time" (ms → RFC 3339),
// "name:bool" (0/1), "name:real", "name:json" (stored JSON text, parsed). NULL is null.
json::value Cell(const store::Row& r, size_t i, std::string_view type) {
  if (r.IsNull(i)) return nullptr;
  if (type == "int") return r.Int(i);
  if (type == "real") return r.Real(i);
  if (type == "bool") return r.Bool(i);
  if (type == "time") {
    return json::value(core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(r.Int(i)))));
  }
  if (type == "json") {
    auto parsed = core::ParseJson(r.Text(i));
    if (parsed) return *parsed;
  }
  return json::value(r.Text(i));
}

core::Result<json::array> Rows(store::Database& db, std::string_view table,
                               const std::vector<std::string_view>& columns, std::string_view where,
                               const std::string& account_id, std::string_view order) {
  std::string sql = "SELECT ";
  std::vector<std::pair<std::string, std::string>> cols;
  for (auto c : columns) {
    const size_t colon = c.find(':');
    const std::string name(c.substr(0, colon));
    cols.emplace_back(name,
                      colon == std::string_view::npos ? "" : std::string(c.substr(colon + 1)));
    sql += (cols.size() > 1 ? ", " : "") + name;
  }
  sql += " FROM " + std::string(table) + " WHERE " + std::string(where) + " ORDER BY " +
         std::string(order);
  auto rows = db.Query(sql, {account_id});
  if (!rows) return core::Fail(rows.error());
  json::array out;
  for (const auto& r : *rows) {
    json::object o;
    for (size_t i = 0; i < cols.size(); ++i) o[cols[i].first] = Cell(r, i, cols[i].second);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

core::Result<json::object> AccountExport::Export(const std::string& account_id) {
  auto account = accounts_.GetAccount(account_id);
  if (!account) return core::Fail(account.error());
  json::object doc;
  doc["format"] = "leados.account_export.v1";
  doc["exported_at"] = core::FormatRfc3339(clock_.Now());
  doc["account"] = json::object{
      {"id", account->id},
      {"company_name", account->company_name},
      {"billing_address", account->billing_address},
      {"status", account->status},
      {"created_at",
       core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(account->created_at_ms)))},
      {"terms_version", account->terms_version}};

  struct Part {
    std::string_view key, table;
    std::vector<std::string_view> columns;
    std::string_view where, order;
  };
  const std::vector<Part> parts = {
      {"users",
       "users",
       {"id", "email", "name", "role", "email_verified_at:time", "terms_version", "privacy_version",
        "terms_accepted_at:time", "password_changed_at:time", "created_at:time"},
       "account_id = ?",
       "created_at, id"},
      {"campaigns",
       "campaigns",
       {"id", "name", "query", "filters_json:json", "min_score:real", "channels_json:json",
        "daily_credit_cap:int", "status", "digest", "revision:int", "created_at:time",
        "updated_at:time", "deleted_at:time"},
       "account_id = ?",
       "id"},
      {"campaign_revisions",
       "campaign_revisions",
       {"campaign_id", "revision:int", "action", "snapshot_json:json", "changed_by",
        "changed_at:time"},
       "campaign_id IN (SELECT id FROM campaigns WHERE account_id = ?)",
       "campaign_id, revision"},
      {"api_keys",
       "api_keys",
       {"id", "name", "display_prefix", "scopes", "created_by", "created_at:time",
        "expires_at:time", "revoked_at:time", "last_used_at:time"},
       "account_id = ?",
       "created_at, id"},
      {"webhook_endpoints",
       "webhook_endpoints",
       {"id", "url", "description", "event_types_json:json", "enabled:bool", "disabled_reason",
        "disabled_at:time", "created_at:time", "updated_at:time"},
       "account_id = ?",
       "id"},
      {"ledger_entries",
       "ledger_entries",
       {"seq:int", "amount:int", "balance_after:int", "reason", "reference", "created_at:time"},
       "account_id = ?",
       "seq"},
      {"invoices",
       "invoices",
       {"id", "number", "kind", "period", "amount_cents:int", "currency", "credits:int",
        "created_at:time"},
       "account_id = ?",
       "id"},
      {"supply_scans",
       "supply_scans",
       {"id", "campaign_id", "name", "query", "options_json:json", "notify_email", "status",
        "created_at:time", "finished_at:time"},
       "account_id = ?",
       "id"},
      {"audit_events",
       "audit_events",
       {"id", "at:time", "actor_kind", "actor_id", "action", "target", "ip", "outcome", "detail"},
       "account_id = ?",
       "id"},
  };
  for (const auto& p : parts) {
    auto rows = Rows(db_, p.table, p.columns, p.where, account_id, p.order);
    if (!rows) return core::Fail(rows.error());
    doc[p.key] = std::move(*rows);
  }
  auto profile = Rows(db_, "billing_profiles",
                      {"name", "company", "address_lines_json:json", "postal_code", "city",
                       "country", "vat_id", "updated_at:time"},
                      "account_id = ?", account_id, "account_id");
  if (!profile) return core::Fail(profile.error());
  doc["billing_profile"] = profile->empty() ? json::value(nullptr) : profile->front();
  return doc;
}

}  // namespace leados::retention
