#include "deliver/deliver_test_fixture.h"

#include "core/crypto.h"
#include "core/json.h"
#include "notify/outbox.h"

namespace leados::deliver::testing {

std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return std::string(store::DialectName(info.param));
}

void DeliverFixture::SetUp() {
  auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_);
  if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
    GTEST_SKIP() << fresh.error().message;
  }
  ASSERT_TRUE(fresh) << fresh.error().message;
  fresh_ = std::move(*fresh);
  db_ = &fresh_->db();
  for (const char* account : {kAccount, kOtherAccount}) {
    ASSERT_TRUE(
        db_->Exec("INSERT INTO accounts (id, company_name, billing_address_enc, "
                  "created_at) VALUES (?, 'Co', 'x', 0)",
                  {std::string(account)}));
  }
  kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
  auto master = privacy::MasterKey::FromBytes(core::RandomBytes(32));
  ASSERT_TRUE(master);
  auto ring = privacy::Keyring::Create(std::move(*master), clock_);
  ASSERT_TRUE(ring);
  keyring_ = std::move(*ring);
  cipher_ = std::make_unique<privacy::FieldCipher>(*keyring_);
  Resolve("hooks.example.com", {"93.184.216.34"});
  guard_ = std::make_unique<ingest::SsrfGuard>(
      ingest::SsrfPolicy{},
      [this](std::string_view host, uint16_t) -> core::Result<std::vector<std::string>> {
        std::lock_guard lock(dns_mu_);
        auto it = dns_.find(std::string(host));
        if (it != dns_.end()) return it->second;
        if (ingest::ClassifyAddress(host)) return std::vector<std::string>{std::string(host)};
        return core::NotFound("could not resolve host " + std::string(host));
      });
  endpoints_ = std::make_unique<EndpointService>(
      *db_, clock_, *cipher_, *guard_, EndpointServiceOptions{.allow_http_loopback = true});
  deliveries_ = std::make_unique<DeliveryStore>(*db_, clock_);
  service_ = std::make_unique<DeliveryService>(*db_, *kv_, clock_, *endpoints_, *deliveries_);
  policy_ = std::make_unique<RetryPolicy>([] { return 0.5; });  // no jitter: exact times
  recorder_ = std::make_unique<AttemptRecorder>(
      *db_, clock_, *deliveries_, *endpoints_, *service_, *policy_,
      [](std::string_view) -> core::Result<std::vector<std::string>> {
        return std::vector<std::string>{kOwnerEmail};
      });
  UseHttp(fake_http_);
}

void DeliverFixture::TearDown() {
  dispatcher_.reset();
  transport_.reset();
}

void DeliverFixture::UseHttp(ingest::HttpClient& http) {
  dispatcher_.reset();
  transport_ = std::make_unique<HttpClientTransport>(http);
  dispatcher_ = std::make_unique<WebhookDispatcher>(*deliveries_, *endpoints_, *kv_, *transport_,
                                                    *recorder_, clock_, DefaultOptions());
}

void DeliverFixture::UseCurl(DispatcherOptions options) {
  dispatcher_.reset();
  transport_ = std::make_unique<CurlMultiTransport>();
  dispatcher_ = std::make_unique<WebhookDispatcher>(*deliveries_, *endpoints_, *kv_, *transport_,
                                                    *recorder_, clock_, std::move(options));
}

void DeliverFixture::Resolve(const std::string& host, std::vector<std::string> addresses) {
  std::lock_guard lock(dns_mu_);
  dns_[host] = std::move(addresses);
}

EndpointWithSecret DeliverFixture::MakeEndpoint(const std::string& url,
                                                std::vector<std::string> types,
                                                const std::string& account) {
  auto made = endpoints_->Create(account, NewEndpoint{url, "test", std::move(types), true});
  EXPECT_TRUE(made) << made.error().message;
  return made ? *made : EndpointWithSecret{};
}

std::vector<std::string> DeliverFixture::EnqueueLead(const std::string& lead_id,
                                                     const std::string& name) {
  namespace json = core::json;
  const std::string payload =
      core::ToJson(json::object{{"lead_id", lead_id}, {"author", json::object{{"name", name}}}});
  auto ids = service_->Enqueue(kAccount, "lead.created", lead_id, payload);
  EXPECT_TRUE(ids) << ids.error().message;
  return ids ? *ids : std::vector<std::string>{};
}

int DeliverFixture::Drain() {
  int total = 0;
  for (int i = 0; i < 100; ++i) {
    auto n = dispatcher_->RunOnce();
    EXPECT_TRUE(n) << n.error().message;
    if (!n || *n == 0) break;
    total += *n;
  }
  return total;
}

std::vector<std::pair<std::string, std::string>> DeliverFixture::OutboxEmails(
    const std::string& tmpl) {
  std::vector<std::pair<std::string, std::string>> out;
  auto rows = db_->Query(
      "SELECT to_address, body_text FROM notify_outbox WHERE template = ? "
      "ORDER BY id",
      {tmpl});
  EXPECT_TRUE(rows);
  if (!rows) return out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Text(1));
  return out;
}

}  // namespace leados::deliver::testing
