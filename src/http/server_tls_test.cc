// TLS in process: a self-signed certificate made at test time with the OpenSSL API.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "http/test_server_fixture.h"
#include "http/testing/test_client.h"

namespace leados::http {
namespace {

using testing::ClientOptions;
using testing::Fetch;
using ::testing::HasSubstr;
using testing::TestConnection;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "leados-tls-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// Writes cert.pem and key.pem (P-256, CN=localhost, SAN IP:127.0.0.1, valid one day).
bool MakeSelfSigned(const std::filesystem::path& dir) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  bool ok = key != nullptr && cert != nullptr;
  if (ok) {
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      ok = ok && ext != nullptr && X509_add_ext(cert, ext, -1) == 1;
      X509_EXTENSION_free(ext);
    }
    ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
  }
  if (ok) {
    FILE* c = std::fopen((dir / "cert.pem").c_str(), "w");
    FILE* k = std::fopen((dir / "key.pem").c_str(), "w");
    ok = c && k && PEM_write_X509(c, cert) == 1 &&
         PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (c) std::fclose(c);
    if (k) std::fclose(k);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(MakeSelfSigned(dir_.path));
    ServerOptions options;
    options.tls = TlsOptions{(dir_.path / "cert.pem").string(), (dir_.path / "key.pem").string()};
    ASSERT_TRUE(ts_.Start(options));
  }
  ClientOptions Verified() const {
    return {.tls = true, .ca_file = (dir_.path / "cert.pem").string()};
  }
  TempDir dir_;
  TestServer ts_;
};

TEST_F(ServerTlsTest, ServesOverTlsWithAVerifiedCertificate) {
  auto conn = TestConnection::Connect(ts_.port(), Verified());
  ASSERT_TRUE(conn) << conn.error().message;
  for (int i = 0; i < 3; ++i) {  // keep-alive over TLS
    auto res = (*conn)->Request("GET", "/healthz");
    ASSERT_TRUE(res) << res.error().message;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, R"({"status":"ok"})");
  }
}

TEST_F(ServerTlsTest, PlainHttpOnTheTlsPortFailsCleanly) {
  auto plain = Fetch(ts_.port(), "GET", "/healthz");
  EXPECT_FALSE(plain && plain->status == 200);
  auto raw = TestConnection::Connect(ts_.port());
  ASSERT_TRUE(raw);
  ASSERT_TRUE((*raw)->Send("GARBAGE\r\n\r\n"));
  EXPECT_TRUE((*raw)->WaitClosed(std::chrono::milliseconds(3000)));
  // The server still serves TLS clients.
  auto res = Fetch(ts_.port(), "GET", "/healthz", "", {}, Verified());
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
}

TEST(ServerTlsStartTest, MissingCertificateFileIsAnError) {
  TestServer ts;
  ServerOptions options;
  options.tls = TlsOptions{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  auto st = ts.Start(options);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(st.error().message, HasSubstr("/nonexistent/cert.pem"));
}

}  // namespace
}  // namespace leados::http
