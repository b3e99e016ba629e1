// Webhooks from the real dispatcher (CurlMultiTransport, SQL store, payload store) to a Node.js
// receiver that verifies each request with the npm `standardwebhooks` package
// (tests/e2e/webhook_receiver.mjs): every delivery must verify, before, during and after a
// secret rotation (during the overlap the receiver may hold either secret).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "deliver/deliver_test_fixture.h"
#include "store/test_support.h"
#include "subprocess.h"

namespace leados::deliver::testing {
namespace {

namespace fs = std::filesystem;

class WebhooksE2eTest : public DeliverFixture {
 protected:
  void SetUp() override {
    DeliverFixture::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    // The receiver checks webhook-timestamp against its own (real) clock.
    clock_.Set(std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now()));
    const char* src = std::getenv("LEADOS_SOURCE_DIR");
    ASSERT_NE(src, nullptr) << "LEADOS_SOURCE_DIR is not set (ctest sets it)";
    e2e_dir_ = fs::path(src) / "tests" / "e2e";
    ASSERT_TRUE(fs::exists(e2e_dir_ / "node_modules" / "standardwebhooks"))
        << "npm packages missing: run scripts/install-web-deps.sh (npm ci in tests/e2e)";
    secret_file_ = tmp_.path() / "secret";
    WriteSecret("whsec_placeholder");
    receiver_ = std::make_unique<leados::testing::BackgroundProcess>(std::vector<std::string>{
        "/usr/bin/env", "node", (e2e_dir_ / "webhook_receiver.mjs").string(),
        secret_file_.string()});
    const std::string out = receiver_->WaitForOutput("PORT ", std::chrono::seconds(20));
    ASSERT_FALSE(out.empty()) << "the node receiver did not start";
    std::istringstream in(out.substr(out.find("PORT ") + 5));
    in >> port_;
    ASSERT_GT(port_, 0);
    UseCurl();  // the production transport: libcurl multi, pinned to the vetted loopback address
  }

  void WriteSecret(const std::string& secret) {
    std::ofstream(secret_file_, std::ios::trunc) << secret << "\n";
  }

  // Sends everything due; the clock moves a second per round so the per-endpoint rate limit
  // (10/s) refills, staying within the receiver's 5-minute timestamp tolerance.
  void SendAll() {
    for (int i = 0; i < 30; ++i) {
      clock_.Advance(std::chrono::seconds(1));
      if (Drain() == 0) return;
    }
  }

  // Waits until the receiver printed a verdict for each of `ids`; returns all its output.
  std::string WaitForVerdicts(const std::vector<std::string>& ids) {
    for (const auto& id : ids) receiver_->WaitForOutput(id, std::chrono::seconds(20));
    return receiver_->WaitForOutput("", std::chrono::seconds(1));
  }

  store::testing::ScopedTempDir tmp_;
  fs::path e2e_dir_;
  fs::path secret_file_;
  std::unique_ptr<leados::testing::BackgroundProcess> receiver_;
  int port_ = 0;
};

TEST_P(WebhooksE2eTest, EveryDeliveryVerifiesWithTheStandardWebhooksPackage) {
  auto ep = MakeEndpoint("http://127.0.0.1:" + std::to_string(port_) + "/hook");
  WriteSecret(ep.secret);
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    auto made = EnqueueLead("lead_" + std::to_string(i),
                            "Ada \"Countess\" Lovelace ✓ " + std::to_string(i));
    ASSERT_EQ(made.size(), 1u);
    ids.push_back(made[0]);
  }
  auto test = service_->SendTest(kAccount, ep.endpoint.id);
  ASSERT_TRUE(test);
  ids.push_back(test->id);
  SendAll();

  // Rotation: during the overlap both signatures are sent; a receiver with either secret verifies.
  auto rotated = endpoints_->RotateSecret(kAccount, ep.endpoint.id);
  ASSERT_TRUE(rotated);
  std::vector<std::string> during_new = EnqueueLead("lead_new", "Grace");
  SendAll();
  WaitForVerdicts(during_new);
  WriteSecret(rotated->secret);
  std::vector<std::string> with_new = EnqueueLead("lead_new2", "Grace");
  SendAll();
  ids.insert(ids.end(), during_new.begin(), during_new.end());
  ids.insert(ids.end(), with_new.begin(), with_new.end());

  const std::string out = WaitForVerdicts(ids);
  EXPECT_EQ(out.find("FAILED"), std::string::npos) << out;
  for (const auto& id : ids) {
    EXPECT_NE(out.find("VERIFIED " + id), std::string::npos) << id << " not verified:\n" << out;
    auto d = deliveries_->Get(kAccount, id);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->status, "succeeded") << id << ": " << d->last_error.value_or("");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksE2eTest, ::testing::Values(store::Dialect::kSqlite),
                         DialectName);

}  // namespace
}  // namespace leados::deliver::testing
