#include "accounts/admin_service.h"

#include "accounts/account_service.h"
#include "accounts/totp.h"
#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::accounts {
namespace {

core::Error Wrong() {
  return {core::ErrorCode::kUnauthenticated, "email, password or code is wrong"};
}

}  // namespace

AdminService::AdminService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                           PasswordHasher& hasher, const privacy::FieldCipher& cipher,
                           AuditLog& audit, SessionStore& sessions)
    : db_(db),
      clock_(clock),
      hasher_(hasher),
      cipher_(cipher),
      audit_(audit),
      sessions_(sessions),
      throttle_(kv, "admin"),
      ids_(clock) {}

core::Result<CreatedAdmin> AdminService::Create(std::string_view email_text,
                                                std::string_view password) {
  auto email = AccountService::NormaliseEmail(email_text);
  if (!email) return core::Fail(email.error());
  if (auto ok = policy_.Check(password, *email); !ok) return core::Fail(ok.error());
  auto hash = hasher_.Hash(password);
  if (!hash) return core::Fail(hash.error());
  CreatedAdmin out;
  out.id = ids_.NewId("adm");
  out.email = *email;
  out.totp_secret = NewTotpSecret();
  out.otpauth_uri = OtpauthUri("LeadOS admin", *email, out.totp_secret);
  auto seed = cipher_.Encrypt(core::Base64Encode(out.totp_secret), {"admins", "totp_seed", out.id});
  if (!seed) return core::Fail(seed.error());
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto done = tx.Exec(
        "INSERT INTO admins (id, email, password_hash, totp_seed_enc, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {out.id, out.email, *hash, *seed, clock_.NowUnixMillis()});
    if (!done) {
      if (done.error().code == core::ErrorCode::kAlreadyExists) {
        return core::Fail(core::ErrorCode::kAlreadyExists, out.email + " is an admin already");
      }
      return core::Fail(done.error());
    }
    auto audited = audit_.Record(tx, {ActorKind::kSystem, "cli", std::nullopt, "admin.create",
                                      out.id, "", AuditOutcome::kSuccess, out.email});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
  if (!status) return core::Fail(status.error());
  return out;
}

core::Result<AdminSignedIn> AdminService::Login(std::string_view email_text,
                                                std::string_view password, std::string_view code,
                                                std::string_view ip, std::string_view user_agent) {
  auto email = AccountService::NormaliseEmail(email_text);
  if (!email) return core::Fail(Wrong());
  if (auto ok = throttle_.Check(*email, ip); !ok) {
    (void)audit_.Record(db_, {ActorKind::kAnonymous, "", std::nullopt, "admin.sign_in", *email,
                              std::string(ip), AuditOutcome::kDenied, "throttled"});
    return core::Fail(ok.error());
  }
  auto rows = db_.Query(
      "SELECT id, password_hash, totp_seed_enc, totp_last_step, created_at, disabled_at "
      "FROM admins WHERE email = ?",
      {*email});
  if (!rows) return core::Fail(rows.error());
  const bool found = !rows->empty() && rows->front().IsNull(5);
  auto verified =
      found ? hasher_.Verify(rows->front().Text(1), password) : hasher_.VerifyUnknown(password);
  if (!verified) return core::Fail(verified.error());
  auto fail = [&](std::string why, const std::string& actor) -> core::Result<AdminSignedIn> {
    throttle_.RecordFailure(*email, ip);
    (void)audit_.Record(
        db_, {actor.empty() ? ActorKind::kAnonymous : ActorKind::kAdmin, actor, std::nullopt,
              "admin.sign_in", *email, std::string(ip), AuditOutcome::kFailure, std::move(why)});
    return core::Fail(Wrong());
  };
  if (!found) return fail("unknown email", "");
  const store::Row& r = rows->front();
  const std::string id = r.Text(0);
  if (!*verified) return fail("wrong password", id);
  auto seed_b64 = cipher_.Decrypt(r.Text(2), {"admins", "totp_seed", id});
  if (!seed_b64) return core::Fail(seed_b64.error());
  auto seed = core::Base64Decode(*seed_b64);
  if (!seed) return core::Fail(core::ErrorCode::kInternal, "stored TOTP seed is damaged");
  const int64_t last_step = r.OptInt(3).value_or(-1);
  auto step = VerifyTotp(*seed, code, clock_.Now(), last_step);
  if (!step) return fail("wrong or reused code", id);
  AdminSignedIn out;
  out.admin = {id, *email, r.Int(4)};
  bool won = false;
  auto status = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto cas = tx.Exec(
        "UPDATE admins SET totp_last_step = ? WHERE id = ? AND "
        "(totp_last_step IS NULL OR totp_last_step < ?)",
        {*step, id, *step});
    if (!cas) return core::Fail(cas.error());
    won = *cas == 1;
    if (!won) return core::Ok();
    auto session = sessions_.Create(tx, SessionKind::kAdmin, id, std::nullopt, ip, user_agent);
    if (!session) return core::Fail(session.error());
    out.session = std::move(*session);
    auto audited = audit_.Record(tx, {ActorKind::kAdmin, id, std::nullopt, "admin.sign_in", *email,
                                      std::string(ip), AuditOutcome::kSuccess, ""});
    return audited ? core::Ok() : core::Status(core::Fail(audited.error()));
  });
  if (!status) return core::Fail(status.error());
  if (!won) return fail("code already used", id);
  throttle_.RecordSuccess(*email, ip);
  return out;
}

core::Result<AdminView> AdminService::Get(std::string_view admin_id) {
  auto rows =
      db_.Query("SELECT id, email, created_at FROM admins WHERE id = ? AND disabled_at IS NULL",
                {std::string(admin_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no such admin");
  return AdminView{rows->front().Text(0), rows->front().Text(1), rows->front().Int(2)};
}

core::Result<std::vector<AdminView>> AdminService::ListActive() {
  auto rows =
      db_.Query("SELECT id, email, created_at FROM admins WHERE disabled_at IS NULL ORDER BY id");
  if (!rows) return core::Fail(rows.error());
  std::vector<AdminView> out;
  for (const auto& r : *rows) out.push_back(AdminView{r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

}  // namespace leados::accounts
