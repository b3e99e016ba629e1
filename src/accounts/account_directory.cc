#include "accounts/account_directory.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace leados::accounts {
namespace {

constexpr std::string_view kSuspendedMessage =
    "this account is suspended: contact support to have it reinstated";

constexpr std::string_view kSummaryColumns =
    "a.id, a.company_name, "
    "COALESCE((SELECT u.email FROM users u WHERE u.account_id = a.id AND u.role = 'owner' "
    "ORDER BY u.created_at, u.id LIMIT 1), ''), a.status, a.created_at, a.suspended_at, "
    "a.suspended_reason";

AccountSummary SummaryFrom(const store::Row& r) {
  return AccountSummary{
      r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.OptInt(5), r.OptText(6).value_or("")};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// A LIKE pattern that matches `text` anywhere, with LIKE's wildcards in it taken literally.
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// Cursor "<created_at ms>.<account id>" of the last row of a page.
struct Cursor {
  int64_t created_at_ms = 0;
  std::string id;
};

core::Result<std::optional<Cursor>> ParseCursor(std::string_view text) {
  if (text.empty()) return std::optional<Cursor>();
  const size_t dot = text.find('.');
  Cursor c;
  if (dot == std::string_view::npos) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "cursor: not a cursor of this listing; pass next_cursor as returned");
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + dot, c.created_at_ms);
  if (ec != std::errc() || end != text.data() + dot || dot + 1 >= text.size()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "cursor: not a cursor of this listing; pass next_cursor as returned");
  }
  c.id = std::string(text.substr(dot + 1));
  return std::optional<Cursor>(std::move(c));
}

}  // namespace

core::Error SuspendedError() {
  return core::Error{core::ErrorCode::kPermissionDenied, std::string(kSuspendedMessage)};
}

bool IsSuspendedError(const core::Error& error) {
  return error.code == core::ErrorCode::kPermissionDenied && error.message == kSuspendedMessage;
}

core::Result<bool> IsAccountSuspended(store::Database& db, std::string_view account_id) {
  auto rows = db.Query("SELECT suspended_at FROM accounts WHERE id = ?", {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return !rows->empty() && !rows->front().IsNull(0);
}

AccountDirectory::AccountDirectory(store::Database& db, const core::Clock& clock, AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

core::Result<AccountSearchPage> AccountDirectory::Search(const AccountSearchQuery& query) {
  if (query.limit < 1 || query.limit > kMaxSearchLimit) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("limit: must be 1 to {} (got {})", kMaxSearchLimit, query.limit));
  }
  auto cursor = ParseCursor(query.cursor);
  if (!cursor) return core::Fail(cursor.error());
  std::string sql = fmt::format("SELECT {} FROM accounts a WHERE 1 = 1", kSummaryColumns);
  std::vector<store::SqlValue> params;
  const std::string q = Trim(query.q);
  if (!q.empty()) {
    const std::string pattern = ContainsPattern(Lower(q));
    sql +=
        " AND (a.id = ? OR LOWER(a.company_name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM users "
        "u WHERE u.account_id = a.id AND u.email LIKE ? ESCAPE '\\'))";
    params.emplace_back(q);
    params.emplace_back(pattern);
    params.emplace_back(pattern);
  }
  if (*cursor) {
    sql += " AND (a.created_at < ? OR (a.created_at = ? AND a.id < ?))";
    params.emplace_back((*cursor)->created_at_ms);
    params.emplace_back((*cursor)->created_at_ms);
    params.emplace_back((*cursor)->id);
  }
  sql += fmt::format(" ORDER BY a.created_at DESC, a.id DESC LIMIT {}", query.limit + 1);
  auto rows = db_.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  AccountSearchPage page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.accounts.size()) == query.limit) {
      const auto& last = page.accounts.back();
      page.next_cursor = fmt::format("{}.{}", last.created_at_ms, last.id);
      break;
    }
    page.accounts.push_back(SummaryFrom(r));
  }
  return page;
}

core::Result<AccountDetail> AccountDirectory::Get(std::string_view account_id) {
  const std::string id(account_id);
  auto rows =
      db_.Query(fmt::format("SELECT {} FROM accounts a WHERE a.id = ?", kSummaryColumns), {id});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no account " + id);
  AccountDetail out;
  out.summary = SummaryFrom(rows->front());
  auto users = db_.Query(
      "SELECT id, email, name, role, email_verified_at, created_at FROM users WHERE account_id = ? "
      "ORDER BY created_at, id",
      {id});
  if (!users) return core::Fail(users.error());
  for (const auto& u : *users) {
    out.users.push_back({u.Text(0), u.Text(1), u.Text(2), u.Text(3), !u.IsNull(4), u.Int(5)});
  }
  auto keys = db_.Query(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN revoked_at IS NULL AND (expires_at IS NULL OR "
      "expires_at > ?) THEN 1 ELSE 0 END), 0) FROM api_keys WHERE account_id = ?",
      {clock_.NowUnixMillis(), id});
  if (!keys) return core::Fail(keys.error());
  out.api_keys_total = keys->front().Int(0);
  out.api_keys_active = keys->front().Int(1);
  return out;
}

core::Result<AccountDetail> AccountDirectory::Suspend(std::string_view account_id,
                                                      std::string_view reason_text,
                                                      std::string_view admin_id,
                                                      std::string_view ip) {
  const std::string reason = Trim(reason_text);
  if (reason.empty() || reason.size() > kMaxReason) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("reason: required, 1 to {} characters saying why the account is "
                                  "suspended (kept in the audit log)",
                                  kMaxReason));
  }
  const std::string id(account_id);
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto changed = tx.Exec(
        "UPDATE accounts SET suspended_at = ?, suspended_reason = ? WHERE id = ? AND "
        "suspended_at IS NULL",
        {clock_.NowUnixMillis(), reason, id});
    if (!changed) return core::Fail(changed.error());
    if (*changed == 0) {
      auto exists = tx.Query("SELECT 1 FROM accounts WHERE id = ?", {id});
      if (!exists) return core::Fail(exists.error());
      if (exists->empty()) return core::NotFound("no account " + id);
      return core::Fail(
          core::ErrorCode::kConflict,
          "the account is already suspended; reinstate it first to change the reason");
    }
    auto ended = tx.Exec("DELETE FROM sessions WHERE kind = 'user' AND account_id = ?", {id});
    if (!ended) return core::Fail(ended.error());
    auto audited =
        audit_.Record(tx, {ActorKind::kAdmin, std::string(admin_id), id, "admin.account.suspend",
                           id, std::string(ip), AuditOutcome::kSuccess,
                           fmt::format("sessions ended {} reason: {}", *ended, reason)});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return Get(id);
}

core::Result<AccountDetail> AccountDirectory::Reinstate(std::string_view account_id,
                                                        std::string_view admin_id,
                                                        std::string_view ip) {
  const std::string id(account_id);
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto changed = tx.Exec(
        "UPDATE accounts SET suspended_at = NULL, suspended_reason = NULL WHERE id = ? AND "
        "suspended_at IS NOT NULL",
        {id});
    if (!changed) return core::Fail(changed.error());
    if (*changed == 0) {
      auto exists = tx.Query("SELECT 1 FROM accounts WHERE id = ?", {id});
      if (!exists) return core::Fail(exists.error());
      if (exists->empty()) return core::NotFound("no account " + id);
      return core::Fail(core::ErrorCode::kConflict, "the account is not suspended");
    }
    auto audited =
        audit_.Record(tx, {ActorKind::kAdmin, std::string(admin_id), id, "admin.account.reinstate",
                           id, std::string(ip), AuditOutcome::kSuccess, ""});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return Get(id);
}

}  // namespace leados::accounts
