#include "accounts/account_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "accounts/account_closed.h"
#include "accounts/account_directory.h"
#include "core/crypto.h"
#include "core/log.h"

namespace leados::accounts {
namespace {

using std::chrono::hours;

constexpr auto kVerifyTtl = hours(48);
constexpr auto kResetTtl = hours(1);
constexpr auto kEmailChangeTtl = hours(24);

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

core::Status Field(std::string_view name, std::string_view value, size_t max) {
  if (Trim(value).empty()) return core::InvalidArgument(std::string(name) + " is required");
  if (value.size() > max) {
    return core::InvalidArgument(std::string(name) + " must be at most " + std::to_string(max) +
                                 " characters");
  }
  return core::Ok();
}

core::Error WrongCredentials() {
  return {core::ErrorCode::kUnauthenticated, "email or password is wrong"};
}

}  // namespace

// One user with its account's status, as the flows below need it.
struct AccountService::UserRow {
  std::string id;
  std::string account_id;
  std::string email;
  std::string name;
  std::string role;
  std::string password_hash;
  std::optional<int64_t> verified_at;
  int64_t created_at = 0;
  std::string account_status;

  UserView View() const {
    return {id, account_id, email, name, role, verified_at.has_value(), created_at};
  }
};

template <typename Conn>
core::Result<std::optional<AccountService::UserRow>> AccountService::QueryUser(
    Conn& conn, std::string_view column, const std::string& value) {
  auto rows = conn.Query(
      "SELECT u.id, u.account_id, u.email, u.name, u.role, u.password_hash, u.email_verified_at, "
      "u.created_at, a.status FROM users u JOIN accounts a ON a.id = u.account_id WHERE " +
          std::string(column) + " = ?",
      {value});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<UserRow>();
  const store::Row& r = rows->front();
  return std::optional<UserRow>(UserRow{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                                        r.Text(5), r.OptInt(6), r.Int(7), r.Text(8)});
}

core::Result<std::optional<AccountService::UserRow>> AccountService::FindUserByEmail(
    store::SqlSession& tx, const std::string& email) {
  return QueryUser(tx, "u.email", email);
}

core::Result<AccountService::UserRow> AccountService::Reauthenticate(std::string_view user_id,
                                                                     std::string_view password,
                                                                     std::string_view action,
                                                                     const ClientContext& ctx) {
  auto found = QueryUser(db_, "u.id", std::string(user_id));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(core::ErrorCode::kUnauthenticated, "sign in again");
  UserRow user = std::move(**found);
  if (auto ok = throttle_.Check(user.email, ctx.ip); !ok) return core::Fail(ok.error());
  auto verified = hasher_.Verify(user.password_hash, password);
  if (!verified) return core::Fail(verified.error());
  if (!*verified) {
    throttle_.RecordFailure(user.email, ctx.ip);
    (void)audit_.Record(db_, {ActorKind::kUser, user.id, user.account_id, std::string(action),
                              user.id, ctx.ip, AuditOutcome::kFailure, "wrong current password"});
    return core::Fail(core::ErrorCode::kPermissionDenied, "current_password is wrong");
  }
  return user;
}

core::Status AccountService::ClosedAccountCheck(const std::string& account_id,
                                                std::string_view status) {
  if (status != "closed") return core::Ok();
  auto rows = db_.Query("SELECT closed_at FROM accounts WHERE id = ?", {account_id});
  if (!rows) return core::Fail(rows.error());
  return CheckAccountNotClosed(status, rows->empty() ? std::nullopt : rows->front().OptInt(0),
                               options_.closure_grace_days, clock_.NowUnixMillis());
}

core::Result<UserView> AccountService::CheckPassword(std::string_view user_id,
                                                     std::string_view password,
                                                     std::string_view action,
                                                     const ClientContext& ctx) {
  auto user = Reauthenticate(user_id, password, action, ctx);
  if (!user) {
    if (user.error().code == core::ErrorCode::kPermissionDenied) {
      return core::Fail(core::ErrorCode::kPermissionDenied, "password is wrong");
    }
    return core::Fail(user.error());
  }
  return user->View();
}

core::Result<UserView> AccountService::CheckCredentials(std::string_view email_text,
                                                        std::string_view password,
                                                        std::string_view action,
                                                        const ClientContext& ctx) {
  auto email = NormaliseEmail(email_text);
  if (!email) return core::Fail(WrongCredentials());
  if (auto ok = throttle_.Check(*email, ctx.ip); !ok) return core::Fail(ok.error());
  auto found = QueryUser(db_, "u.email", *email);
  if (!found) return core::Fail(found.error());
  const std::optional<UserRow>& user = *found;
  auto verified =
      user ? hasher_.Verify(user->password_hash, password) : hasher_.VerifyUnknown(password);
  if (!verified) return core::Fail(verified.error());
  if (!user || !*verified) {
    throttle_.RecordFailure(*email, ctx.ip);
    (void)audit_.Record(db_, {user ? ActorKind::kUser : ActorKind::kAnonymous, user ? user->id : "",
                              user ? std::optional<std::string>(user->account_id) : std::nullopt,
                              std::string(action), *email, ctx.ip, AuditOutcome::kFailure,
                              user ? "wrong password" : "unknown email"});
    return core::Fail(WrongCredentials());
  }
  return user->View();
}

AccountService::AccountService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                               PasswordHasher& hasher, const privacy::FieldCipher& cipher,
                               AuditLog& audit, SessionStore& sessions,
                               AccountServiceOptions options)
    : db_(db),
      clock_(clock),
      hasher_(hasher),
      cipher_(cipher),
      audit_(audit),
      sessions_(sessions),
      options_(std::move(options)),
      throttle_(kv, "user"),
      signup_limiter_(kv, options_.signup_per_ip_per_day),
      outbox_(clock),
      templates_(options_.product_name),
      ids_(clock) {
  while (!options_.public_url.empty() && options_.public_url.back() == '/') {
    options_.public_url.pop_back();
  }
}

core::Result<std::string> AccountService::NormaliseEmail(std::string_view email) {
  std::string e(Trim(email));
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t at = e.find('@');
  const bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 &&
                  e.find('@', at + 1) == std::string::npos &&
                  e.find('.', at) != std::string::npos && e.back() != '.' &&
                  std::none_of(e.begin(), e.end(), [](unsigned char c) {
                    return c <= ' ' || c == '<' || c == '>' || c == ',' || c == '"' || c == 0x7f;
                  });
  if (!ok) return core::InvalidArgument("email must look like name@example.com");
  return e;
}

std::string AccountService::Link(std::string_view path, std::string_view token) const {
  return options_.public_url + std::string(path) + "?token=" + std::string(token);
}

core::Result<std::string> AccountService::HashPassword(std::string_view password,
                                                       std::string_view email) {
  if (auto ok = policy_.Check(password, email); !ok) return core::Fail(ok.error());
  return hasher_.Hash(password);
}

core::Result<std::string> AccountService::NewEmailToken(store::SqlSession& tx,
                                                        const std::string& user_id,
                                                        std::string_view purpose,
                                                        core::Duration ttl,
                                                        std::optional<std::string> new_email) {
  // One live link per purpose: a new one replaces the old.
  auto cleared =
      tx.Exec("DELETE FROM user_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
              {user_id, std::string(purpose)});
  if (!cleared) return core::Fail(cleared.error());
  const std::string token = core::RandomToken(32);
  const int64_t now = clock_.NowUnixMillis();
  auto done = tx.Exec(
      "INSERT INTO user_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {core::Sha256Hex(token), user_id, std::string(purpose),
       new_email ? store::SqlValue(*new_email) : store::SqlValue(), now,
       now + std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count()});
  if (!done) return core::Fail(done.error());
  return token;
}

core::Status AccountService::Enqueue(store::SqlSession& tx, core::Result<notify::Email> email) {
  if (!email) return core::Fail(email.error());
  auto queued = outbox_.Enqueue(tx, *email);
  if (!queued) return core::Fail(queued.error());
  return core::Ok();
}

core::Status AccountService::Signup(const SignupRequest& req, const ClientContext& ctx) {
  if (auto ok = Field("name", req.name, 200); !ok) return ok;
  auto email = NormaliseEmail(req.email);
  if (!email) return core::Fail(email.error());
  if (auto ok = options_.email_domains.Check(*email); !ok) return ok;
  if (auto ok = Field("company_name", req.company_name, 200); !ok) return ok;
  if (auto ok = Field("billing_address", req.billing_address, 1000); !ok) return ok;
  // The versions the form showed must be the current ones (re-checked in the transaction below).
  auto terms = CurrentPolicyVersion(db_, PolicyKind::kTerms);
  if (!terms) return core::Fail(terms.error());
  if (req.terms_version != *terms) {
    return core::InvalidArgument(
        "terms_version must be \"" + *terms +
        "\": reload the page, read and accept the current terms of service");
  }
  auto privacy = CurrentPolicyVersion(db_, PolicyKind::kPrivacy);
  if (!privacy) return core::Fail(privacy.error());
  if (req.privacy_version != *privacy) {
    return core::InvalidArgument("privacy_version must be \"" + *privacy +
                                 "\": reload the page, read and accept the current privacy policy");
  }
  if (!req.confirm_business) {
    return core::InvalidArgument("confirm_business must be true: LeadOS serves businesses only");
  }
  if (!req.confirm_adult) {
    return core::InvalidArgument("confirm_adult must be true: you must be 18 or over");
  }
  if (auto ok = policy_.Check(req.password, *email); !ok) return ok;
  // Counted once every field is valid (a typo does not use up the day), before the costly hash.
  if (auto ok = signup_limiter_.Take(ctx.ip); !ok) return ok;
  auto hash = HashPassword(req.password, *email);
  if (!hash) return core::Fail(hash.error());

  const std::string account_id = ids_.NewId("acct");
  const std::string user_id = ids_.NewId("usr");
  auto address = cipher_.Encrypt(req.billing_address, {"accounts", "billing_address", account_id});
  if (!address) return core::Fail(address.error());
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto existing = FindUserByEmail(tx, *email);
    if (!existing) return core::Fail(existing.error());
    if (*existing) {
      // Same answer as a new sign-up; the owner hears about it by email.
      auto token = NewEmailToken(tx, (*existing)->id, "reset_password", kResetTtl, std::nullopt);
      if (!token) return core::Fail(token.error());
      if (auto ok = Enqueue(tx, templates_.Render("signup_existing", *email,
                                                  {{"link", Link("/reset-password", *token)}}));
          !ok) {
        return ok;
      }
      auto audited =
          audit_.Record(tx, {ActorKind::kAnonymous, "", (*existing)->account_id, "account.signup",
                             *email, ctx.ip, AuditOutcome::kFailure, "email already registered"});
      return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
    }
    auto a = tx.Exec(
        "INSERT INTO accounts (id, company_name, billing_address_enc, status, created_at) "
        "VALUES (?, ?, ?, 'active', ?)",
        {account_id, std::string(Trim(req.company_name)), *address, now});
    if (!a) return core::Fail(a.error());
    auto u = tx.Exec(
        "INSERT INTO users (id, account_id, email, name, role, password_hash, terms_version, "
        "privacy_version, terms_accepted_at, confirmed_business, confirmed_adult, "
        "password_changed_at, created_at) VALUES (?, ?, ?, ?, 'owner', ?, ?, ?, ?, 1, 1, ?, ?)",
        {user_id, account_id, *email, std::string(Trim(req.name)), *hash, req.terms_version,
         req.privacy_version, now, now, now});
    if (!u) return core::Fail(u.error());
    for (auto [kind, version] : {std::pair{PolicyKind::kTerms, &req.terms_version},
                                 std::pair{PolicyKind::kPrivacy, &req.privacy_version}}) {
      auto current = CurrentPolicyVersion(tx, kind);
      if (!current) return core::Fail(current.error());
      if (*current != *version) {
        return core::Fail(core::ErrorCode::kConflict,
                          fmt::format("the {} changed while you were signing up: reload the page "
                                      "and accept version \"{}\"",
                                      PolicyTitle(kind), *current));
      }
      if (auto ok = RecordPolicyAcceptance(tx, user_id, kind, *version, now); !ok) return ok;
    }
    auto token = NewEmailToken(tx, user_id, "verify_email", kVerifyTtl, std::nullopt);
    if (!token) return core::Fail(token.error());
    auto mail = templates_.Verification(*email, Link("/verify-email", *token));
    if (mail) mail->account_id = account_id;
    if (auto ok = Enqueue(tx, std::move(mail)); !ok) return ok;
    auto audited =
        audit_.Record(tx, {ActorKind::kUser, user_id, account_id, "account.signup", user_id, ctx.ip,
                           AuditOutcome::kSuccess,
                           "terms " + req.terms_version + ", privacy " + req.privacy_version});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
}

core::Status AccountService::VerifyEmail(std::string_view token, const ClientContext& ctx) {
  const std::string hash = core::Sha256Hex(Trim(token));
  const int64_t now = clock_.NowUnixMillis();
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto rows = tx.Query(
        "SELECT t.user_id, t.purpose, t.new_email, t.expires_at, t.used_at, u.account_id "
        "FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        {hash});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty() || !rows->front().IsNull(4) ||
        (rows->front().Text(1) != "verify_email" && rows->front().Text(1) != "change_email")) {
      return core::NotFound("this link is invalid or was already used; sign in to get a new one");
    }
    const store::Row& r = rows->front();
    const std::string user_id = r.Text(0);
    const std::string account_id = r.Text(5);
    if (r.Int(3) <= now) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "this link has expired; ask for a new one from the sign-in page");
    }
    auto used = tx.Exec(
        "UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", {now, hash});
    if (!used) return core::Fail(used.error());
    if (*used != 1) return core::NotFound("this link was already used");
    std::string action = "account.verify_email";
    if (r.Text(1) == "change_email") {
      auto changed = tx.Exec("UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?",
                             {r.Text(2), now, user_id});
      if (!changed) {
        if (changed.error().code == core::ErrorCode::kAlreadyExists) {
          return core::Fail(core::ErrorCode::kAlreadyExists,
                            "that email address now belongs to another account");
        }
        return core::Fail(changed.error());
      }
      action = "account.change_email";
    } else {
      auto verified = tx.Exec(
          "UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL",
          {now, user_id});
      if (!verified) return core::Fail(verified.error());
    }
    auto audited = audit_.Record(tx, {ActorKind::kUser, user_id, account_id, action, user_id,
                                      ctx.ip, AuditOutcome::kSuccess, ""});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
}

core::Result<UserView> AccountService::ConfirmEmailAsOperator(std::string_view email_text,
                                                              std::string_view reason) {
  auto email = NormaliseEmail(email_text);
  if (!email) return core::Fail(email.error());
  const int64_t now = clock_.NowUnixMillis();
  std::optional<UserView> confirmed;
  auto done = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto user = FindUserByEmail(tx, *email);
    if (!user) return core::Fail(user.error());
    if (!*user) return core::NotFound("no user has the email address " + *email);
    auto verified =
        tx.Exec("UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL",
                {now, (*user)->id});
    if (!verified) return core::Fail(verified.error());
    confirmed = (*user)->View();
    if (*verified == 0) return core::Ok();  // already confirmed: nothing to audit
    confirmed->email_verified = true;
    auto audited = audit_.Record(
        tx, {ActorKind::kSystem, "operator", confirmed->account_id, "account.verify_email",
             confirmed->id, "", AuditOutcome::kSuccess, std::string(reason)});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
  if (!done) return core::Fail(done.error());
  confirmed->email_verified = true;
  return *confirmed;
}

core::Status AccountService::ResendVerification(std::string_view email_text,
                                                const ClientContext& ctx) {
  auto email = NormaliseEmail(email_text);
  if (!email) return core::Fail(email.error());
  if (auto ok = throttle_.Check(*email, ctx.ip); !ok) return ok;
  throttle_.RecordFailure(*email, ctx.ip);  // counts like an attempt: a mail bomb is throttled
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto user = FindUserByEmail(tx, *email);
    if (!user) return core::Fail(user.error());
    if (!*user || (*user)->verified_at) return core::Ok();
    auto token = NewEmailToken(tx, (*user)->id, "verify_email", kVerifyTtl, std::nullopt);
    if (!token) return core::Fail(token.error());
    return Enqueue(tx, templates_.Verification(*email, Link("/verify-email", *token)));
  });
}

core::Result<SignedIn> AccountService::Login(std::string_view email_text, std::string_view password,
                                             const ClientContext& ctx) {
  auto email = NormaliseEmail(email_text);
  if (!email) return core::Fail(WrongCredentials());
  if (auto ok = throttle_.Check(*email, ctx.ip); !ok) {
    (void)audit_.Record(db_, {ActorKind::kAnonymous, "", std::nullopt, "session.sign_in", *email,
                              ctx.ip, AuditOutcome::kDenied, "throttled"});
    return core::Fail(ok.error());
  }
  auto found = QueryUser(db_, "u.email", *email);
  if (!found) return core::Fail(found.error());
  const std::optional<UserRow>& user = *found;
  auto verified =
      user ? hasher_.Verify(user->password_hash, password) : hasher_.VerifyUnknown(password);
  if (!verified) return core::Fail(verified.error());  // too many hashes at once, …
  if (user && *verified && user->account_status == "closed") {
    // The right password of a closed account: say so (with the reopen deadline), not "wrong".
    auto closed = ClosedAccountCheck(user->account_id, user->account_status);
    (void)audit_.Record(db_, {ActorKind::kUser, user->id, user->account_id, "session.sign_in",
                              *email, ctx.ip, AuditOutcome::kDenied, "account closed"});
    if (!closed) return core::Fail(closed.error());
  }
  if (!user || !*verified || user->account_status != "active") {
    throttle_.RecordFailure(*email, ctx.ip);
    (void)audit_.Record(
        db_, {user ? ActorKind::kUser : ActorKind::kAnonymous, user ? user->id : "",
              user ? std::optional<std::string>(user->account_id) : std::nullopt, "session.sign_in",
              *email, ctx.ip, AuditOutcome::kFailure, user ? "wrong password" : "unknown email"});
    return core::Fail(WrongCredentials());
  }
  if (auto refused = RefuseIfSuspended(*user, *email, ctx); !refused) {
    return core::Fail(refused.error());
  }
  if (!user->verified_at) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "confirm your email address first: open the link we sent to " + *email +
                          " (ask for a new one with POST /v1/verify-email/resend)");
  }
  const bool known_ip = throttle_.IsKnown(*email, ctx.ip);
  SignedIn out;
  out.user = user->View();
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto session = sessions_.Create(tx, SessionKind::kUser, user->id, user->account_id, ctx.ip,
                                    ctx.user_agent);
    if (!session) return core::Fail(session.error());
    out.session = std::move(*session);
    if (!known_ip) {
      auto mail = templates_.NewSignIn(*email, clock_.Now(), ctx.ip,
                                       ctx.user_agent.empty() ? "unknown" : ctx.user_agent);
      if (mail) mail->account_id = user->account_id;
      if (auto ok = Enqueue(tx, std::move(mail)); !ok) return ok;
    }
    auto audited =
        audit_.Record(tx, {ActorKind::kUser, user->id, user->account_id, "session.sign_in", *email,
                           ctx.ip, AuditOutcome::kSuccess, known_ip ? "" : "new IP address"});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
  if (!status) return core::Fail(status.error());
  throttle_.RecordSuccess(*email, ctx.ip);
  if (hasher_.NeedsRehash(user->password_hash)) {
    if (auto rehashed = hasher_.Hash(password)) {
      (void)db_.Exec("UPDATE users SET password_hash = ? WHERE id = ?", {*rehashed, user->id});
    }
  }
  return out;
}

core::Status AccountService::RefuseIfSuspended(const UserRow& user, const std::string& email,
                                               const ClientContext& ctx) {
  auto suspended = IsAccountSuspended(db_, user.account_id);
  if (!suspended) return core::Fail(suspended.error());
  if (!*suspended) return core::Ok();
  (void)audit_.Record(db_, {ActorKind::kUser, user.id, user.account_id, "session.sign_in", email,
                            ctx.ip, AuditOutcome::kDenied, "account suspended"});
  return core::Fail(SuspendedError());
}

core::Status AccountService::Logout(const Session& session, const ClientContext& ctx) {
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto done = tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {session.token_hash});
    if (!done) return core::Fail(done.error());
    auto audited = audit_.Record(
        tx, {ActorKind::kUser, session.principal_id, session.account_id, "session.sign_out",
             session.principal_id, ctx.ip, AuditOutcome::kSuccess, ""});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
}

core::Status AccountService::RequestPasswordReset(std::string_view email_text,
                                                  const ClientContext& ctx) {
  auto email = NormaliseEmail(email_text);
  if (!email) return core::Fail(email.error());
  if (auto ok = throttle_.Check(*email, ctx.ip); !ok) return ok;
  throttle_.RecordFailure(*email, ctx.ip);  // counts like an attempt: a mail bomb is throttled
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto user = FindUserByEmail(tx, *email);
    if (!user) return core::Fail(user.error());
    if (!*user) return core::Ok();
    auto token = NewEmailToken(tx, (*user)->id, "reset_password", kResetTtl, std::nullopt);
    if (!token) return core::Fail(token.error());
    auto mail =
        templates_.PasswordReset(*email, Link("/reset-password", *token), clock_.Now() + kResetTtl);
    if (mail) mail->account_id = (*user)->account_id;
    if (auto ok = Enqueue(tx, std::move(mail)); !ok) return ok;
    auto audited = audit_.Record(
        tx, {ActorKind::kAnonymous, "", (*user)->account_id, "account.password_reset_request",
             (*user)->id, ctx.ip, AuditOutcome::kSuccess, ""});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
}

core::Status AccountService::ResetPassword(std::string_view token, std::string_view new_password,
                                           const ClientContext& ctx) {
  const std::string hash = core::Sha256Hex(Trim(token));
  auto rows = db_.Query(
      "SELECT t.user_id, t.expires_at, t.used_at, u.email, u.account_id FROM user_tokens t "
      "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.purpose = 'reset_password'",
      {hash});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty() || !rows->front().IsNull(2)) {
    return core::NotFound("this reset link is invalid or was already used; ask for a new one");
  }
  const std::string user_id = rows->front().Text(0);
  const std::string email = rows->front().Text(3);
  const std::string account_id = rows->front().Text(4);
  const int64_t now = clock_.NowUnixMillis();
  if (rows->front().Int(1) <= now) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "this reset link has expired (links last 1 hour); ask for a new one");
  }
  auto password_hash = HashPassword(new_password, email);
  if (!password_hash) return core::Fail(password_hash.error());
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto used = tx.Exec(
        "UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", {now, hash});
    if (!used) return core::Fail(used.error());
    if (*used != 1) return core::NotFound("this reset link was already used");
    // Following a reset link proves the address, too.
    auto set = tx.Exec(
        "UPDATE users SET password_hash = ?, password_changed_at = ?, "
        "email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ?",
        {*password_hash, now, now, user_id});
    if (!set) return core::Fail(set.error());
    if (auto ended = sessions_.RevokeAll(tx, user_id); !ended) return core::Fail(ended.error());
    auto audited =
        audit_.Record(tx, {ActorKind::kUser, user_id, account_id, "account.password_reset", user_id,
                           ctx.ip, AuditOutcome::kSuccess, "all sessions ended"});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
}

core::Result<NewSession> AccountService::ChangePassword(std::string_view user_id,
                                                        std::string_view current_password,
                                                        std::string_view new_password,
                                                        const ClientContext& ctx) {
  auto reauthenticated = Reauthenticate(user_id, current_password, "account.change_password", ctx);
  if (!reauthenticated) return core::Fail(reauthenticated.error());
  const UserRow& user = *reauthenticated;
  auto password_hash = HashPassword(new_password, user.email);
  if (!password_hash) return core::Fail(password_hash.error());
  const int64_t now = clock_.NowUnixMillis();
  NewSession fresh;
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto set = tx.Exec("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                       {*password_hash, now, user.id});
    if (!set) return core::Fail(set.error());
    if (auto ended = sessions_.RevokeAll(tx, user.id); !ended) return core::Fail(ended.error());
    auto session =
        sessions_.Create(tx, SessionKind::kUser, user.id, user.account_id, ctx.ip, ctx.user_agent);
    if (!session) return core::Fail(session.error());
    fresh = std::move(*session);
    auto audited =
        audit_.Record(tx, {ActorKind::kUser, user.id, user.account_id, "account.change_password",
                           user.id, ctx.ip, AuditOutcome::kSuccess, "other sessions ended"});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
  if (!status) return core::Fail(status.error());
  return fresh;
}

core::Status AccountService::RequestEmailChange(std::string_view user_id,
                                                std::string_view current_password,
                                                std::string_view new_email_text,
                                                const ClientContext& ctx) {
  auto new_email = NormaliseEmail(new_email_text);
  if (!new_email) return core::Fail(new_email.error());
  auto reauthenticated = Reauthenticate(user_id, current_password, "account.change_email", ctx);
  if (!reauthenticated) return core::Fail(reauthenticated.error());
  const UserRow& user = *reauthenticated;
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto taken = FindUserByEmail(tx, *new_email);
    if (!taken) return core::Fail(taken.error());
    if (*taken) {
      return core::Fail(core::ErrorCode::kAlreadyExists,
                        "that email address already belongs to an account");
    }
    auto token = NewEmailToken(tx, user.id, "change_email", kEmailChangeTtl, *new_email);
    if (!token) return core::Fail(token.error());
    if (auto ok = Enqueue(tx, templates_.Render("email_change", *new_email,
                                                {{"link", Link("/verify-email", *token)}}));
        !ok) {
      return ok;
    }
    if (auto ok = Enqueue(
            tx, templates_.Render("email_change_notice", user.email, {{"new_email", *new_email}}));
        !ok) {
      return ok;
    }
    auto audited = audit_.Record(
        tx, {ActorKind::kUser, user.id, user.account_id, "account.change_email_request", user.id,
             ctx.ip, AuditOutcome::kSuccess, ""});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
}

core::Status AccountService::UpdateProfile(std::string_view user_id, const ProfileChange& change,
                                          const ClientContext& ctx) {
  if (change.name) {
    if (auto ok = Field("name", *change.name, 200); !ok) return ok;
  }
  if (change.company_name) {
    if (auto ok = Field("company_name", *change.company_name, 200); !ok) return ok;
  }
  if (!change.name && !change.company_name) {
    return core::InvalidArgument("nothing to change: send name and/or company_name");
  }
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto user = QueryUser(tx, "u.id", std::string(user_id));
    if (!user) return core::Fail(user.error());
    if (!*user) return core::NotFound("no such user");
    const UserRow& u = **user;
    if (change.company_name && u.role != "owner") {
      return core::Fail(core::ErrorCode::kPermissionDenied,
          "company_name can be changed only by an owner of the account; ask an owner");
    }
    std::string fields;
    if (change.name) {
      auto done = tx.Exec("UPDATE users SET name = ? WHERE id = ?",
                          {std::string(Trim(*change.name)), u.id});
      if (!done) return core::Fail(done.error());
      fields = "name";
    }
    if (change.company_name) {
      auto done = tx.Exec("UPDATE accounts SET company_name = ? WHERE id = ?",
                          {std::string(Trim(*change.company_name)), u.account_id});
      if (!done) return core::Fail(done.error());
      fields += fields.empty() ? "company_name" : ", company_name";
    }
    auto audited = audit_.Record(tx, {ActorKind::kUser, u.id, u.account_id, "user.profile_update",
                                      u.id, ctx.ip, AuditOutcome::kSuccess, fields});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
}

core::Result<UserView> AccountService::GetUser(std::string_view user_id) {
  auto user = QueryUser(db_, "u.id", std::string(user_id));
  if (!user) return core::Fail(user.error());
  if (!*user) return core::NotFound("no such user");
  return (*user)->View();
}

core::Result<std::vector<std::string>> AccountService::OwnerEmails(std::string_view account_id) {
  auto rows = db_.Query(
      "SELECT email FROM users WHERE account_id = ? AND role = 'owner' AND email_verified_at IS "
      "NOT NULL ORDER BY created_at, id",
      {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

core::Result<AccountView> AccountService::GetAccount(std::string_view account_id) {
  auto rows = db_.Query(
      "SELECT a.id, a.company_name, a.billing_address_enc, a.status, a.created_at, "
      "(SELECT MIN(u.terms_version) FROM users u WHERE u.account_id = a.id AND u.role = 'owner'), "
      "(SELECT MIN(u.terms_accepted_at) FROM users u WHERE u.account_id = a.id AND u.role = "
      "'owner') "
      "FROM accounts a WHERE a.id = ?",
      {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no such account");
  const store::Row& r = rows->front();
  auto address = cipher_.Decrypt(r.Text(2), {"accounts", "billing_address", r.Text(0)});
  if (!address) return core::Fail(address.error());
  return AccountView{r.Text(0), r.Text(1), *address, r.Text(3), r.Int(4), r.Text(5), r.Int(6)};
}

}  // namespace leados::accounts
