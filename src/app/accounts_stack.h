#pragma once
// AccountsStack: the composition of everything issue 3 built — the field-encryption keyring and
// cipher, the password hasher, the audit log, sessions, API keys, client accounts, admins, the
// service-email sender chosen by `email.sender` with its outbox worker, and the HTTP routes —
// wired to one Runtime's database and key-value store. `leados serve` registers its routes and
// starts its worker; `leados admin create` uses its AdminService.

#include <memory>

#include "accounts/account_service.h"
#include "accounts/admin_service.h"
#include "accounts/api_key_store.h"
#include "accounts/audit_log.h"
#include "accounts/password_hasher.h"
#include "accounts/policy_versions.h"
#include "accounts/session_store.h"
#include "api/accounts_api.h"
#include "api/rate_limit_gate.h"
#include "api/policy_routes.h"
#include "app/runtime.h"
#include "http/router.h"
#include "notify/email_sender.h"
#include "notify/outbox_body_store.h"
#include "notify/outbox_worker.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring.h"

namespace leados::app {

// The public origin ("https://leads.example.com", no path) from server.public_url, else
// "http://" + server.listen.
std::string PublicOrigin(const core::Config& config);

// The email sender `email.sender` names: file (the default; .eml files in email.file_dir or
// <data.dir>/mail), smtp (email.smtp_*) or resend (email.resend_*). kInvalidArgument naming the
// missing key.
core::Result<std::unique_ptr<notify::EmailSender>> OpenEmailSender(const core::Config& config,
                                                                   const core::Clock& clock);

class AccountsStack {
 public:
  // `runtime` must outlive the stack. Errors: the keyring's (master key missing or wrong) and the
  // email sender's configuration errors.
  static core::Result<std::unique_ptr<AccountsStack>> Open(Runtime& runtime);
  ~AccountsStack();

  // Adds the accounts pipeline and routes to `router` (before Server::Start).
  void RegisterRoutes(http::Router& router);
  // Starts the outbox worker thread (sends the service emails). Stopped by the destructor.
  void StartWorkers();

  accounts::AdminService& admins() { return *admins_; }
  accounts::AccountService& accounts() { return *accounts_; }
  accounts::ApiKeyStore& api_keys() { return *api_keys_; }
  notify::OutboxWorker& outbox_worker() { return *outbox_worker_; }
  api::AccountsApi& api() { return *api_; }
  accounts::AuditLog& audit() { return *audit_; }
  accounts::PolicyVersions& policies() { return *policies_; }
  const privacy::FieldCipher& cipher() const { return *cipher_; }

 private:
  explicit AccountsStack(Runtime& runtime) : rt_(runtime) {}

  Runtime& rt_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<privacy::FieldCipher> cipher_;
  std::unique_ptr<accounts::PasswordHasher> hasher_;
  std::unique_ptr<accounts::AuditLog> audit_;
  std::unique_ptr<accounts::SessionStore> sessions_;
  std::unique_ptr<accounts::ApiKeyStore> api_keys_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<accounts::AdminService> admins_;
  std::unique_ptr<accounts::PolicyVersions> policies_;
  std::unique_ptr<notify::EmailSender> sender_;
  std::unique_ptr<notify::OutboxBodyStore> outbox_bodies_;
  std::unique_ptr<notify::OutboxWorker> outbox_worker_;
  std::unique_ptr<api::RateLimitGate> rate_limits_;  // API rate limits (issue 9)
  std::unique_ptr<api::AccountsApi> api_;
};

}  // namespace leados::app
