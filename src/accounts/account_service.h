#pragma once
// AccountService: client sign-up, email verification, sign-in and sign-out, password reset, and
// changing the password or the email address. Each state change, its audit event and the email
// it causes are written in one transaction (the email through the notify outbox).
//
// Decisions, where the issue was silent:
//  - Sign-up and "forgot password" answer the same whether or not the email is registered
//    (202 "check your inbox"), so they cannot be used to find out who is a customer.
//  - Sign-in needs a verified email. A wrong password and an unknown email give the same error,
//    and an unknown email still costs one argon2id verification, so timing tells nothing either.
//  - Email links (verification, reset, email change) hold a 256-bit token stored as SHA-256;
//    verification links last 48 h, reset links 1 h, email-change links 24 h; each works once.
//  - Resetting or changing the password ends every session of the user; a change answers with a
//    fresh session for the browser that made it.
//  - A sign-in from an IP address the user has not signed in from in 30 days sends a
//    "new sign-in" email.
//  - Abuse prevention (issue 9): an address at a disposable provider is refused (400
//    disposable_email, EmailDomainPolicy), and so is a free-mail one where business email is
//    required; at most `signup_per_ip_per_day` sign-ups per client address in 24 h (429,
//    SignupLimiter), counted after every field is valid and before the password is hashed.
//  - The billing address is encrypted (privacy::FieldCipher, AD accounts/billing_address/<id>).

#include <memory>
#include <optional>
#include <string>

#include "accounts/api_key_store.h"
#include "accounts/audit_log.h"
#include "accounts/email_domain_policy.h"
#include "accounts/login_throttle.h"
#include "accounts/password_hasher.h"
#include "accounts/password_policy.h"
#include "accounts/policy_versions.h"
#include "accounts/session_store.h"
#include "accounts/signup_limiter.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "privacy/field_cipher.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::accounts {

// The bundled versions of the legal texts (shown in the portal). A sign-up must accept the
// *current* versions: these until an admin publishes another (accounts/policy_versions.h).
inline constexpr std::string_view kTermsVersion = kBundledPolicyVersion;
inline constexpr std::string_view kPrivacyVersion = kBundledPolicyVersion;

struct SignupRequest {
  std::string name;
  std::string email;
  std::string company_name;
  std::string billing_address;
  std::string password;
  std::string terms_version;    // must equal the current terms version (policy_versions.h)
  std::string privacy_version;  // must equal the current privacy version
  bool confirm_business = false;
  bool confirm_adult = false;
};

// Where the request came from (for audit, throttling and the new-sign-in email).
struct ClientContext {
  std::string ip;
  std::string user_agent;
};

struct UserView {
  std::string id;
  std::string account_id;
  std::string email;
  std::string name;
  std::string role;
  bool email_verified = false;
  int64_t created_at_ms = 0;
};

struct AccountView {
  std::string id;
  std::string company_name;
  std::string billing_address;  // decrypted
  std::string status;
  int64_t created_at_ms = 0;
  std::string terms_version;
  int64_t terms_accepted_at_ms = 0;
};

struct SignedIn {
  NewSession session;
  UserView user;
};

struct AccountServiceOptions {
  std::string public_url = "http://127.0.0.1:8080";  // base of the links in emails
  std::string product_name = "LeadOS";
  // Days a closed account can be reopened (the retention policy's account-data period; src/app
  // sets a shorter retention.account_data_days here): the deadline sign-in names.
  int64_t closure_grace_days = 30;
  // Sign-ups per client address in 24 hours (SignupLimiter; 429 beyond it); 0: no limit. src/app
  // sets signup.per_ip_per_day (default 5).
  int64_t signup_per_ip_per_day = 0;
  // The email domains sign-up refuses: the bundled disposable list unless src/app loads more
  // (signup.blocked_domains_file, signup.require_business_email).
  EmailDomainPolicy email_domains;
};

class AccountService {
 public:
  // Every reference must outlive the service. Thread-safe.
  AccountService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                 PasswordHasher& hasher, const privacy::FieldCipher& cipher, AuditLog& audit,
                 SessionStore& sessions, AccountServiceOptions options);

  // Validates every field (kInvalidArgument naming the first bad one and what to change), then
  // creates the account and its owner and emails a verification link. When the email is already
  // registered nothing is created and Ok is returned all the same.
  core::Status Signup(const SignupRequest& request, const ClientContext& ctx);
  // Marks the email verified (or, for an email-change link, switches the address). kNotFound
  // "this link is invalid or was already used"; kFailedPrecondition "this link has expired …".
  core::Status VerifyEmail(std::string_view token, const ClientContext& ctx);
  // An operator confirms an address without the emailed link (the `make run` demo's account, or
  // support on the command line). Audited as the system actor with `reason`. Idempotent.
  // kNotFound "no user has the email address …" when nobody registered it.
  core::Result<UserView> ConfirmEmailAsOperator(std::string_view email, std::string_view reason);
  // Sends a new verification link when the address is registered and not yet verified; Ok always.
  core::Status ResendVerification(std::string_view email, const ClientContext& ctx);
  // kUnauthenticated "email or password is wrong"; kResourceExhausted when throttled;
  // kFailedPrecondition "confirm your email address first …" for a right password on an
  // unverified address.
  core::Result<SignedIn> Login(std::string_view email, std::string_view password,
                               const ClientContext& ctx);
  // Ends the session with that token hash.
  core::Status Logout(const Session& session, const ClientContext& ctx);
  // Emails a reset link when the address is registered; Ok always.
  core::Status RequestPasswordReset(std::string_view email, const ClientContext& ctx);
  // Sets a new password from a reset link and ends every session of the user.
  core::Status ResetPassword(std::string_view token, std::string_view new_password,
                             const ClientContext& ctx);
  // Needs the current password. Ends every session and returns a new one for the caller.
  core::Result<NewSession> ChangePassword(std::string_view user_id,
                                          std::string_view current_password,
                                          std::string_view new_password, const ClientContext& ctx);
  // Needs the current password; emails a confirmation link to the new address (the change takes
  // effect when it is followed) and a notice to the old one. kAlreadyExists when taken.
  core::Status RequestEmailChange(std::string_view user_id, std::string_view current_password,
                                  std::string_view new_email, const ClientContext& ctx);

  // The profile a signed-in user may edit (updateProfile): their own name and, for an owner,
  // the account's company name (billing address: BillingProfiles). A field left nullopt stays.
  // kInvalidArgument naming the field (blank or over 200 characters), kPermissionDenied when a
  // member renames the company; nothing changes unless every field is valid (one transaction).
  // Audited as "user.profile_update" with the names of the fields changed (not their values).
  struct ProfileChange {
    std::optional<std::string> name;
    std::optional<std::string> company_name;
  };
  core::Status UpdateProfile(std::string_view user_id, const ProfileChange& change,
                             const ClientContext& ctx);

  core::Result<UserView> GetUser(std::string_view user_id);
  core::Result<AccountView> GetAccount(std::string_view account_id);
  // Checks the password of a signed-in user again before a grave change (closing the account),
  // throttled and audited like sign-in (`action` names it). kPermissionDenied "password is wrong".
  core::Result<UserView> CheckPassword(std::string_view user_id, std::string_view password,
                                       std::string_view action, const ClientContext& ctx);
  // Checks email and password without signing in (reopening a closed account: its users cannot
  // sign in), throttled and audited. The same kUnauthenticated as a failed sign-in.
  core::Result<UserView> CheckCredentials(std::string_view email, std::string_view password,
                                          std::string_view action, const ClientContext& ctx);

  // The verified email addresses of the account's owners (service emails about the account as a
  // whole, e.g. results of a scan started with an API key), oldest user first.
  core::Result<std::vector<std::string>> OwnerEmails(std::string_view account_id);

  // Normalises an email for storage and lookup (trimmed, lower-cased); kInvalidArgument when it
  // is not plausible ("email must look like name@example.com").
  static core::Result<std::string> NormaliseEmail(std::string_view email);

 private:
  struct UserRow;
  // The user whose `column` ("u.id" or "u.email"; code constants only) equals `value`, or
  // nullopt. `conn` is the Database or, inside a transaction, its SqlSession. Defined in the .cc.
  template <typename Conn>
  static core::Result<std::optional<UserRow>> QueryUser(Conn& conn, std::string_view column,
                                                        const std::string& value);
  core::Result<std::optional<UserRow>> FindUserByEmail(store::SqlSession& tx,
                                                       const std::string& email);
  // The signed-in user again, after checking `password` (throttled like a sign-in; a wrong one is
  // audited under `action` and answers kPermissionDenied "current_password is wrong").
  core::Result<UserRow> Reauthenticate(std::string_view user_id, std::string_view password,
                                       std::string_view action, const ClientContext& ctx);
  // Ok, or SuspendedError() (audited as a denied sign-in) while the user's account is suspended
  // (AccountDirectory). Called only after the password was checked.
  core::Status RefuseIfSuspended(const UserRow& user, const std::string& email,
                                 const ClientContext& ctx);
  core::Result<std::string> NewEmailToken(store::SqlSession& tx, const std::string& user_id,
                                          std::string_view purpose, core::Duration ttl,
                                          std::optional<std::string> new_email);
  core::Status Enqueue(store::SqlSession& tx, core::Result<notify::Email> email);
  // account_closed.h's check for a user whose account has `status`.
  core::Status ClosedAccountCheck(const std::string& account_id, std::string_view status);
  std::string Link(std::string_view path, std::string_view token) const;
  core::Result<std::string> HashPassword(std::string_view password, std::string_view email);

  store::Database& db_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  const privacy::FieldCipher& cipher_;
  AuditLog& audit_;
  SessionStore& sessions_;
  AccountServiceOptions options_;
  PasswordPolicy policy_;
  LoginThrottle throttle_;
  SignupLimiter signup_limiter_;
  notify::Outbox outbox_;
  notify::EmailTemplates templates_;
  core::IdGenerator ids_;
};

}  // namespace leados::accounts
