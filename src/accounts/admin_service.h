#pragma once
// AdminService: the operators of a LeadOS installation. Admins are separate from client users
// (own table, own cookie, own sign-in), are created on the command line only
// (`leados admin create --email E`), and sign in with password + TOTP, always.
//
// TOTP (RFC 6238 via liboath: SHA-1, 6 digits, 30 s, ±1 step). The seed is stored encrypted
// (privacy::FieldCipher, AD admins/totp_seed/<id>). A code works once: the matched time step is
// written with a compare-and-set (UPDATE … WHERE totp_last_step < step) and the sign-in goes
// ahead only if that changed the row, so two requests racing with one code get one session.
// Attempts are throttled like client sign-ins (separate counters, scope "admin").

#include <optional>
#include <string>
#include <vector>

#include "accounts/audit_log.h"
#include "accounts/login_throttle.h"
#include "accounts/password_hasher.h"
#include "accounts/password_policy.h"
#include "accounts/session_store.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "privacy/field_cipher.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::accounts {

struct CreatedAdmin {
  std::string id;  // adm_…
  std::string email;
  std::string totp_secret;  // raw seed bytes; show once (as the URI / QR code), never log
  std::string otpauth_uri;  // otpauth://totp/LeadOS%20admin:<email>?secret=…&issuer=…
};

struct AdminView {
  std::string id;
  std::string email;
  int64_t created_at_ms = 0;
};

struct AdminSignedIn {
  NewSession session;
  AdminView admin;
};

class AdminService {
 public:
  // Every reference must outlive the service. Thread-safe.
  AdminService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
               PasswordHasher& hasher, const privacy::FieldCipher& cipher, AuditLog& audit,
               SessionStore& sessions);

  // Creates an admin with a fresh TOTP seed. kInvalidArgument for a bad email or a password the
  // policy refuses (message says why); kAlreadyExists when the email is an admin already.
  core::Result<CreatedAdmin> Create(std::string_view email, std::string_view password);
  // Password + current TOTP code. kUnauthenticated "email, password or code is wrong" for any
  // mismatch (including a code already used); kResourceExhausted when throttled.
  core::Result<AdminSignedIn> Login(std::string_view email, std::string_view password,
                                    std::string_view code, std::string_view ip,
                                    std::string_view user_agent);
  core::Result<AdminView> Get(std::string_view admin_id);
  // Every admin that is not disabled, oldest first (operational alerts go to all of them).
  core::Result<std::vector<AdminView>> ListActive();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  const privacy::FieldCipher& cipher_;
  AuditLog& audit_;
  SessionStore& sessions_;
  PasswordPolicy policy_;
  LoginThrottle throttle_;
  core::IdGenerator ids_;
};

}  // namespace leados::accounts
