// Closing and reopening a client account (see account_closure.h).
#include "retention/account_closure.h"

#include <fmt/format.h>

namespace leados::retention {
namespace {

std::string Date(int64_t ms) {
  return core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(ms))).substr(0, 10);
}

}  // namespace

AccountClosure::AccountClosure(store::Database& db, const core::Clock& clock,
                               accounts::AccountService& accounts, accounts::AuditLog& audit,
                               notify::Outbox& outbox, ClosureOptions options)
    : db_(db),
      clock_(clock),
      accounts_(accounts),
      audit_(audit),
      outbox_(outbox),
      options_(std::move(options)) {}

core::Result<ClosureResult> AccountClosure::Close(const std::string& user_id,
                                                  const std::string& password,
                                                  const std::optional<std::string>& reason,
                                                  const accounts::ClientContext& ctx) {
  if (reason && reason->size() > 1000) {
    return core::InvalidArgument("reason: must be at most 1000 characters");
  }
  auto user = accounts_.CheckPassword(user_id, password, "account.close", ctx);
  if (!user) return core::Fail(user.error());
  if (user->role != "owner") {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "only an owner can close the account; ask one of its owners");
  }
  const std::string account = user->account_id;
  ClosureResult out;
  out.closed_at_ms = clock_.NowUnixMillis();
  out.reopen_until_ms = out.closed_at_ms + options_.grace_days * 86'400'000;
  const int64_t now = out.closed_at_ms;
  const bool pg = db_.dialect() == store::Dialect::kPostgres;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto row = tx.Query(
        std::string("SELECT status FROM accounts WHERE id = ?") + (pg ? " FOR UPDATE" : ""),
        {account});
    if (!row) return core::Fail(row.error());
    if (row->empty()) return core::NotFound("no account " + account);
    if (row->front().Text(0) != "active") {
      return core::Fail(core::ErrorCode::kConflict, "the account is already closed");
    }
    store::SqlValue why =
        reason && !reason->empty() ? store::SqlValue(*reason) : store::SqlValue(std::monostate{});
    auto upd = tx.Exec(
        "UPDATE accounts SET status = 'closed', closed_at = ?, close_reason = ? WHERE id = ?",
        {now, why, account});
    if (!upd) return core::Fail(upd.error());
    auto sessions =
        tx.Exec("DELETE FROM sessions WHERE kind = 'user' AND account_id = ?", {account});
    if (!sessions) return core::Fail(sessions.error());
    auto keys =
        tx.Exec("UPDATE api_keys SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                {now, account});
    if (!keys) return core::Fail(keys.error());
    // updated_at moves so the pipeline workers' campaign refresh sees the change.
    auto campaigns = tx.Exec(
        "UPDATE campaigns SET status = 'paused', updated_at = ? WHERE account_id = ? AND "
        "status = 'active'",
        {now, account});
    if (!campaigns) return core::Fail(campaigns.error());
    auto hooks = tx.Exec(
        "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'account_closed', "
        "disabled_at = ?, updated_at = ? WHERE account_id = ? AND enabled = 1",
        {now, now, account});
    if (!hooks) return core::Fail(hooks.error());
    out.sessions_ended = *sessions;
    out.api_keys_revoked = *keys;
    out.campaigns_paused = *campaigns;
    out.webhook_endpoints_disabled = *hooks;

    auto owners = tx.Query(
        "SELECT email FROM users WHERE account_id = ? AND role = 'owner' ORDER BY created_at, id",
        {account});
    if (!owners) return core::Fail(owners.error());
    for (const auto& o : *owners) {
      notify::Email email;
      email.to = o.Text(0);
      email.subject = fmt::format("Your {} account is closed", options_.product_name);
      email.text = fmt::format(
          "Your {0} account was closed on {1}.\n\n"
          "Portal sessions and API keys were revoked, campaigns paused and webhook endpoints "
          "disabled.\n\n"
          "You can reopen the account until {2}: on the sign-in page ({3}/login) choose "
          "\"Reopen account\" with your email and password.\n\n"
          "After {2} the account's data (users, campaigns, keys, endpoints, billing profile) is "
          "deleted for good. The credit ledger and invoices are kept for 7 years and the audit "
          "log for 2 years, as the law and our privacy policy require, without your personal "
          "details.\n",
          options_.product_name, Date(now), Date(out.reopen_until_ms), options_.public_url);
      email.html = "<p>" + email.text + "</p>";
      for (size_t pos = 0; (pos = email.html.find("\n\n", pos)) != std::string::npos;) {
        email.html.replace(pos, 2, "</p><p>");
      }
      email.template_name = "account_closed";
      email.account_id = account;
      auto queued = outbox_.Enqueue(tx, email);
      if (!queued) return core::Fail(queued.error());
    }
    auto rec = audit_.Record(
        tx, {accounts::ActorKind::kUser, user->id, account, "account.close", account, ctx.ip,
             accounts::AuditOutcome::kSuccess,
             fmt::format("reopen until {}; {} keys revoked, {} campaigns paused, {} endpoints "
                         "disabled",
                         Date(out.reopen_until_ms), *keys, *campaigns, *hooks)});
    if (!rec) return core::Fail(rec.error());
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return out;
}

core::Status AccountClosure::Reopen(const std::string& email, const std::string& password,
                                    const accounts::ClientContext& ctx) {
  auto user = accounts_.CheckCredentials(email, password, "account.reopen", ctx);
  if (!user) return core::Fail(user.error());
  if (user->role != "owner") {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "only an owner can reopen the account; ask one of its owners");
  }
  const std::string account = user->account_id;
  const int64_t now = clock_.NowUnixMillis();
  const bool pg = db_.dialect() == store::Dialect::kPostgres;
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto row =
        tx.Query(std::string("SELECT status, closed_at, purged_at FROM accounts WHERE id = ?") +
                     (pg ? " FOR UPDATE" : ""),
                 {account});
    if (!row) return core::Fail(row.error());
    if (row->empty()) return core::NotFound("no account " + account);
    const store::Row& r = row->front();
    if (r.Text(0) != "closed") {
      return core::Fail(core::ErrorCode::kConflict, "the account is not closed: sign in instead");
    }
    const int64_t deadline = r.Int(1) + options_.grace_days * 86'400'000;
    if (!r.IsNull(2) || now >= deadline) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "the reopening period ended on " + Date(deadline) +
                            "; the account's data is deleted: sign up again");
    }
    auto upd = tx.Exec(
        "UPDATE accounts SET status = 'active', closed_at = NULL, close_reason = NULL WHERE id = ?",
        {account});
    if (!upd) return core::Fail(upd.error());
    auto rec = audit_.Record(tx, {accounts::ActorKind::kUser, user->id, account, "account.reopen",
                                  account, ctx.ip, accounts::AuditOutcome::kSuccess,
                                  "keys stay revoked, campaigns paused, endpoints disabled"});
    if (!rec) return core::Fail(rec.error());
    return core::Ok();
  });
}

}  // namespace leados::retention
