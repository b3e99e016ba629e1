// Invoices in the leados binary: `leados invoices` refuses a bad month, `leados serve` refuses a
// half-configured S3 store naming the key, and serves the invoice routes behind authentication
// (documented in /openapi.json).

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "subprocess.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

class InvoicesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("leados-invoices-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(InvoicesCliTest, StatementsNeedAValidMonth) {
  auto r = RunProcess({LeadosBinary(), "invoices", "statements", "--month", "2026-13", "--data",
                       (dir_ / "data").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--month: must be YYYY-MM"), std::string::npos) << r.err;
}

TEST_F(InvoicesCliTest, ServeRefusesAnIncompleteS3Configuration) {
  const auto config = dir_ / "leados.toml";
  std::ofstream(config) << "[billing]\nobject_store = \"s3\"\n";
  auto r = RunProcess({LeadosBinary(), "serve", "--config", config.string(), "--data",
                       (dir_ / "data").string(), "--listen", "127.0.0.1:0"},
                      {}, seconds(60));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("billing.s3.endpoint"), std::string::npos) << r.err;
}

TEST_F(InvoicesCliTest, ServeHasTheInvoiceRoutesBehindAuthentication) {
  BackgroundProcess serve(
      {LeadosBinary(), "serve", "--data", (dir_ / "data").string(), "--listen", "127.0.0.1:0"});
  auto out = serve.WaitForOutput("LeadOS listening on ", seconds(60));
  ASSERT_FALSE(out.empty()) << serve.Wait(seconds(1)).err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))")));
  const std::string url = m[0];
  for (const char* path : {"/v1/invoices", "/v1/invoices/inv_x/pdf", "/v1/billing/profile"}) {
    auto r = RunProcess({"/usr/bin/curl", "-sS", "-w", "\n%{http_code}", url + path});
    EXPECT_NE(r.out.find("\n401"), std::string::npos) << path << ": " << r.out;
    EXPECT_NE(r.out.find("\"code\":\"unauthenticated\""), std::string::npos) << r.out;
  }
  auto openapi = RunProcess({"/usr/bin/curl", "-sS", url + "/openapi.json"});
  for (const char* id : {"getBillingProfile", "updateBillingProfile", "listInvoices", "getInvoice",
                         "downloadInvoice"}) {
    EXPECT_NE(openapi.out.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(openapi.out.find("application/pdf"), std::string::npos);
  serve.Signal(SIGTERM);
  auto r = serve.Wait(seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace leados::testing
