#pragma once
// EndpointService: the webhook endpoints of each account (table webhook_endpoints): creation with
// a fresh secret, listing, updates, deletion, secret rotation with an overlap, and what the
// dispatcher needs (the secrets to sign with, the health bookkeeping of failing endpoints).
//
// Rules:
//  - The URL must be https (http only to a loopback literal when `allow_http_loopback`, for tests
//    and the demo) and is vetted by the SSRF guard at creation and on every URL change; the
//    dispatcher vets it again at send time (DNS answers change).
//  - Secrets are stored only as FieldCipher ciphertexts; Create and RotateSecret return the plain
//    secret once. After a rotation the previous secret keeps signing (a second signature) for
//    `rotation_overlap` (24 h), so receivers can switch without losing a request.
//  - Every method taking an account id acts only on that account's endpoints: another account's
//    endpoint id answers kNotFound, exactly as a missing one does.
// Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "deliver/webhook_endpoint.h"
#include "ingest/ssrf_guard.h"
#include "privacy/field_cipher.h"
#include "store/database.h"

namespace leados::deliver {

struct EndpointServiceOptions {
  bool allow_http_loopback = false;  // deliver.allow_http_loopback
  core::Duration rotation_overlap = std::chrono::hours(24);
  size_t max_endpoints_per_account = 20;
};

// An endpoint with its plain secret, returned once by Create and RotateSecret.
struct EndpointWithSecret {
  WebhookEndpoint endpoint;
  std::string secret;  // whsec_…
};

class EndpointService {
 public:
  // Every reference must outlive the service.
  EndpointService(store::Database& db, const core::Clock& clock, const privacy::FieldCipher& cipher,
                  const ingest::SsrfGuard& guard, EndpointServiceOptions options = {});

  // Validates (kInvalidArgument naming the field; kFailedPrecondition at the per-account limit),
  // then stores the endpoint with a new secret. Nothing is stored on error.
  core::Result<EndpointWithSecret> Create(std::string_view account_id, const NewEndpoint& e);
  // The account's endpoints, oldest first.
  core::Result<std::vector<WebhookEndpoint>> List(std::string_view account_id);
  core::Result<WebhookEndpoint> Get(std::string_view account_id, std::string_view id);
  // Applies `patch`. Enabling a disabled endpoint clears its failure state and disabled reason.
  core::Result<WebhookEndpoint> Update(std::string_view account_id, std::string_view id,
                                       const EndpointPatch& patch);
  // Deletes the endpoint; its deliveries stay as records (the dispatcher marks pending ones dead).
  core::Status Delete(std::string_view account_id, std::string_view id);
  // A new secret; the old one keeps signing until now + rotation_overlap.
  core::Result<EndpointWithSecret> RotateSecret(std::string_view account_id, std::string_view id);

  // Dispatcher side (no tenancy: ids come from delivery rows).
  // The endpoint by id, kNotFound when it was deleted.
  core::Result<WebhookEndpoint> Load(std::string_view id);
  // The secrets to sign with now: the current one, then the previous one while its overlap lasts.
  core::Result<std::vector<std::string>> SigningSecrets(std::string_view id);
  // The enabled endpoints of the account subscribed to `event_type`.
  core::Result<std::vector<WebhookEndpoint>> Subscribers(std::string_view account_id,
                                                         std::string_view event_type);
  // As Subscribers, read inside the caller's transaction.
  core::Result<std::vector<WebhookEndpoint>> SubscribersIn(store::SqlSession& tx,
                                                           std::string_view account_id,
                                                           std::string_view event_type);
  // Checks the URL rules and resolves the host through the SSRF guard (kInvalidArgument "url: …"
  // or kPermissionDenied naming the refused address).
  core::Status CheckUrl(std::string_view url) const;
  // As CheckUrl, and returns the addresses the host resolved to, all vetted: the dispatcher pins
  // its connection to them (no second lookup). A loopback literal allowed by allow_http_loopback
  // answers itself (localhost: 127.0.0.1 and ::1) without a lookup.
  core::Result<std::vector<std::string>> VetUrl(std::string_view url) const;

  // Health bookkeeping, inside the caller's transaction.
  // A failed attempt at `now_ms`: starts the failing streak when none runs; records `error`.
  core::Status MarkFailing(store::SqlSession& tx, std::string_view id, int64_t now_ms,
                           std::string_view error);
  // A successful attempt: ends the failing streak.
  core::Status MarkHealthy(store::SqlSession& tx, std::string_view id);
  // Disables the endpoint with `reason`. Returns false when it was already disabled.
  core::Result<bool> Disable(store::SqlSession& tx, std::string_view id, std::string_view reason,
                             int64_t now_ms);

  const EndpointServiceOptions& options() const { return options_; }

 private:
  core::Result<WebhookEndpoint> LoadWhere(std::string_view account_id, std::string_view id);

  store::Database& db_;
  const core::Clock& clock_;
  const privacy::FieldCipher& cipher_;
  const ingest::SsrfGuard& guard_;
  EndpointServiceOptions options_;
  core::IdGenerator ids_;
};

}  // namespace leados::deliver
