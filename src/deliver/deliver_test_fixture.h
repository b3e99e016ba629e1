#pragma once
// The deliver module wired as src/app wires it, on a fresh database of either backend, a manual
// clock, the in-memory KV, a real keyring, an SSRF guard whose DNS answers the test scripts, and
// either a FakeHttpClient (through HttpClientTransport) or the real CurlMultiTransport (for
// FixtureServer receivers).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "deliver/attempt_recorder.h"
#include "deliver/curl_multi_transport.h"
#include "deliver/delivery_service.h"
#include "deliver/delivery_store.h"
#include "deliver/endpoint_service.h"
#include "deliver/http_client_transport.h"
#include "deliver/retry_policy.h"
#include "deliver/webhook_dispatcher.h"
#include "ingest/http_client.h"
#include "ingest/ssrf_guard.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::deliver::testing {

inline constexpr const char* kAccount = "acct_test1";
inline constexpr const char* kOtherAccount = "acct_test2";
inline constexpr const char* kOwnerEmail = "owner@example.com";

class DeliverFixture : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Builds the dispatcher over `http` (the fake by default) through an HttpClientTransport.
  void UseHttp(ingest::HttpClient& http);
  // Builds the dispatcher over a real CurlMultiTransport (for FixtureServer receivers).
  void UseCurl(DispatcherOptions options = DefaultOptions());
  static DispatcherOptions DefaultOptions() { return DispatcherOptions{.max_in_flight = 4}; }
  // DNS answers for the SSRF guard (literals resolve to themselves).
  void Resolve(const std::string& host, std::vector<std::string> addresses);

  // Creates an endpoint for kAccount subscribed to `types`; returns it with its secret.
  EndpointWithSecret MakeEndpoint(const std::string& url,
                                  std::vector<std::string> types = {"lead.created"},
                                  const std::string& account = kAccount);
  // Enqueues a lead.created event whose data holds `name` (personal data) for kAccount.
  std::vector<std::string> EnqueueLead(const std::string& lead_id, const std::string& name);
  // Runs dispatcher rounds until one handles nothing.
  int Drain();
  // Emails of the outbox with that template, as (to, text).
  std::vector<std::pair<std::string, std::string>> OutboxEmails(const std::string& tmpl);

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  store::Database* db_ = nullptr;
  std::unique_ptr<store::MemoryKeyValue> kv_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<privacy::FieldCipher> cipher_;
  std::mutex dns_mu_;
  std::map<std::string, std::vector<std::string>> dns_;  // guarded by dns_mu_
  std::unique_ptr<ingest::SsrfGuard> guard_;
  std::unique_ptr<EndpointService> endpoints_;
  std::unique_ptr<DeliveryStore> deliveries_;
  std::unique_ptr<DeliveryService> service_;
  std::unique_ptr<RetryPolicy> policy_;
  std::unique_ptr<AttemptRecorder> recorder_;
  ingest::FakeHttpClient fake_http_;
  std::unique_ptr<WebhookTransport> transport_;
  std::unique_ptr<WebhookDispatcher> dispatcher_;
};

std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info);

}  // namespace leados::deliver::testing
