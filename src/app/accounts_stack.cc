#include "app/accounts_stack.h"

#include "app/keyring_setup.h"
#include "core/crypto.h"
#include "core/log.h"
#include "notify/file_email_sender.h"
#include "notify/resend_email_sender.h"
#include "notify/smtp_email_sender.h"
#include "privacy/keyring_store.h"

namespace leados::app {

std::string PublicOrigin(const core::Config& config) {
  std::string url = config.GetString("server.public_url");
  if (url.empty()) return "http://" + config.GetString("server.listen");
  // Keep scheme://host[:port]; drop any path.
  const size_t scheme = url.find("://");
  const size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path != std::string::npos) url.erase(path);
  return url;
}

core::Result<std::unique_ptr<notify::EmailSender>> OpenEmailSender(const core::Config& config,
                                                                   const core::Clock& clock) {
  const std::string& kind = config.GetString("email.sender");
  const std::string& from = config.GetString("email.from");
  if (kind == "smtp") {
    notify::SmtpOptions o;
    o.url = config.GetString("email.smtp_url");
    if (o.url.empty()) {
      return core::InvalidArgument(
          "email.sender is smtp but email.smtp_url is not set "
          "(e.g. smtp://mail.example.com:587)");
    }
    o.username = config.GetString("email.smtp_username");
    o.password = config.GetString("email.smtp_password");
    auto tls = notify::ParseStartTls(config.GetString("email.smtp_starttls"));
    if (!tls) return core::Fail(tls.error());
    o.starttls = *tls;
    o.from = from;
    return std::unique_ptr<notify::EmailSender>(
        std::make_unique<notify::SmtpEmailSender>(std::move(o), clock));
  }
  if (kind == "resend") {
    notify::ResendOptions o;
    o.api_key = config.GetString("email.resend_api_key");
    if (o.api_key.empty()) {
      return core::InvalidArgument("email.sender is resend but email.resend_api_key is not set");
    }
    o.base_url = config.GetString("email.resend_base_url");
    o.from = from;
    return std::unique_ptr<notify::EmailSender>(
        std::make_unique<notify::ResendEmailSender>(std::move(o)));
  }
  std::filesystem::path dir = config.GetString("email.file_dir");
  if (dir.empty()) dir = std::filesystem::path(config.GetString("data.dir")) / "mail";
  return std::unique_ptr<notify::EmailSender>(
      std::make_unique<notify::FileEmailSender>(dir, from, clock));
}

core::Result<std::unique_ptr<AccountsStack>> AccountsStack::Open(Runtime& rt) {
  std::unique_ptr<AccountsStack> s(new AccountsStack(rt));
  const core::Config& config = rt.config();
  auto keyring = OpenKeyring(config, rt.database(), rt.clock());
  if (!keyring) return core::Fail(keyring.error());
  s->keyring_ = std::move(*keyring);
  // `leados keys rotate` in another process: pick up the new key instead of failing to decrypt.
  s->keyring_->SetReloadSource(
      [db = &rt.database()] { return privacy::ReadStoredKeyringJson(*db); });
  s->cipher_ = std::make_unique<privacy::FieldCipher>(*s->keyring_);
  auto sender = OpenEmailSender(config, rt.clock());
  if (!sender) return core::Fail(sender.error());
  s->sender_ = std::move(*sender);
  s->hasher_ = std::make_unique<accounts::PasswordHasher>();
  s->audit_ = std::make_unique<accounts::AuditLog>(rt.clock());
  s->sessions_ = std::make_unique<accounts::SessionStore>(rt.database(), rt.clock());
  s->api_keys_ = std::make_unique<accounts::ApiKeyStore>(rt.database(), rt.clock(), *s->audit_);
  accounts::AccountServiceOptions options;
  options.public_url = config.GetString("server.public_url").empty()
                           ? PublicOrigin(config)
                           : config.GetString("server.public_url");
  // A closed account can be reopened for retention.account_data_days (src/retention).
  options.closure_grace_days = config.GetInt("retention.account_data_days");
  s->api_keys_->SetClosureGraceDays(options.closure_grace_days);
  // Abuse prevention at sign-up (issue 9): per-address limit and refused email domains.
  options.signup_per_ip_per_day = config.GetInt("signup.per_ip_per_day");
  const std::string domains_file = config.GetString("signup.blocked_domains_file");
  const bool business_only = config.GetBool("signup.require_business_email");
  auto domains = accounts::EmailDomainPolicy::Load(domains_file, business_only);
  if (!domains) return core::Fail(domains.error());
  if (!domains_file.empty() && !business_only) {
    core::log::Warn("signup.blocked_domains_file_unused",
                    {{"file", domains_file},
                     {"hint", "set signup.require_business_email = true to refuse its domains"}});
  }
  options.email_domains = std::move(*domains);
  s->accounts_ = std::make_unique<accounts::AccountService>(rt.database(), rt.key_value(),
                                                            rt.clock(), *s->hasher_, *s->cipher_,
                                                            *s->audit_, *s->sessions_, options);
  // Policy versions (issue 9): published from the console, accepted in the portal.
  s->policies_ = std::make_unique<accounts::PolicyVersions>(
      rt.database(), rt.clock(), *s->audit_,
      accounts::PolicyVersionsOptions{options.public_url, options.product_name});
  s->admins_ =
      std::make_unique<accounts::AdminService>(rt.database(), rt.key_value(), rt.clock(),
                                               *s->hasher_, *s->cipher_, *s->audit_, *s->sessions_);
  // Digest emails keep their bodies in the KV store (personal data); the worker reads them there.
  s->outbox_bodies_ = std::make_unique<notify::OutboxBodyStore>(rt.key_value());
  s->outbox_worker_ = std::make_unique<notify::OutboxWorker>(rt.database(), *s->sender_, rt.clock(),
                                                             notify::OutboxWorkerOptions{},
                                                             s->outbox_bodies_.get());

  api::AccountsApiConfig api_config;
  api_config.site_origin = PublicOrigin(config);
  // The CSRF key is derived from data key 1, which never changes, so rotating keys does not
  // invalidate the CSRF tokens of live sessions.
  auto first_key = s->keyring_->KeyById(s->keyring_->key_ids().front());
  if (!first_key) return core::Fail(first_key.error());
  api_config.csrf_key = core::HmacSha256(*first_key, "leados-csrf-key-v1");
  auto allow = http::IpAllowList::Parse(config.GetStringList("admin.allow_ips"));
  if (!allow) return core::InvalidArgument("admin.allow_ips: " + allow.error().message);
  api_config.admin_allow_ips = std::move(*allow);
  auto proxies = http::IpAllowList::Parse(config.GetStringList("admin.trusted_proxies"));
  if (!proxies) return core::InvalidArgument("admin.trusted_proxies: " + proxies.error().message);
  api_config.trusted_proxies = std::move(*proxies);
  api::RateLimitOptions limits;
  limits.enabled = config.GetBool("ratelimit.enabled");
  limits.api_key = {config.GetDouble("ratelimit.api_key_per_second"),
                    config.GetInt("ratelimit.api_key_burst")};
  limits.ip = {config.GetDouble("ratelimit.ip_per_second"), config.GetInt("ratelimit.ip_burst")};
  s->rate_limits_ = std::make_unique<api::RateLimitGate>(rt.key_value(), rt.clock(), limits);
  s->api_ = std::make_unique<api::AccountsApi>(
      api::AccountsApiServices{*s->accounts_, *s->admins_, *s->api_keys_, *s->sessions_, *s->audit_,
                               rt.database(), s->rate_limits_.get()},
      std::move(api_config));
  return s;
}

AccountsStack::~AccountsStack() {
  if (outbox_worker_) outbox_worker_->Stop();
}

void AccountsStack::RegisterRoutes(http::Router& router) {
  api_->Register(router);
  api::AddPolicyRoutes(*api_, router, {*policies_, *sessions_});
}

void AccountsStack::StartWorkers() {
  outbox_worker_->Start();
}

}  // namespace leados::app
