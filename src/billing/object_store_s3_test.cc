// S3ObjectStore: our SigV4 signatures equal botocore's (the AWS SDK's signer, Debian's
// python3-botocore) for the requests the store sends, AWS's published S3 example reproduces, and
// a Put/Get/Exists/Delete round trip works against a local S3 stand-in
// (testdata/s3_standin.py) that checks every signature with botocore. S3 error bodies map to our
// errors without echoing the secret.
#include "billing/object_store_s3.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/json.h"
#include "store/test_support.h"

namespace leados::billing {
namespace {

namespace json = core::json;

constexpr const char* kAccessKey = "AKIDLEADOSTEST0001";
constexpr const char* kSecret = "s3cr3t/Key+ForTests0000000000000000000000";

std::string Script() {
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  std::string root = src ? src : std::string(LEADOS_BILLING_SOURCE_DIR);
  return root + "/src/billing/testdata/s3_standin.py";
}

// The python3 that can import botocore, or "".
std::string PythonWithBotocore() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    std::string cmd = std::string(python) + " -c 'import botocore' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return python;
  }
  return "";
}

std::string RunCapture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

struct BotoSignature {
  std::string canonical_request;
  std::string signature;
};

// botocore's signature for the request `ours` describes (the same headers, time and keys).
BotoSignature Botocore(const std::string& python, const std::string& method, const std::string& url,
                       const privacy::HttpHeaders& signed_headers, const std::string& body,
                       const std::string& amz_date, const std::string& region = "eu-west-1") {
  json::object headers;
  for (const auto& [name, value] : signed_headers) headers[name] = value;
  json::object in{{"method", method},         {"url", url},
                  {"headers", headers},       {"body", body},
                  {"access_key", kAccessKey}, {"secret_key", kSecret},
                  {"region", region},         {"timestamp", amz_date}};
  store::testing::ScopedTempDir dir;
  const auto file = dir.path() / "req.json";
  std::ofstream(file) << core::ToJson(in);
  auto out = core::ParseJsonObject(
      RunCapture(python + " '" + Script() + "' sign < '" + file.string() + "'"));
  if (!out) return {};
  return {core::StringOr(*out, "canonical_request"), core::StringOr(*out, "signature")};
}

TEST(S3SigV4, MatchesBotocoreForTheRequestsTheStoreSends) {
  const std::string python = PythonWithBotocore();
  if (python.empty()) GTEST_SKIP() << "python3-botocore is not installed";
  const core::TimePoint t = core::TimePoint(std::chrono::seconds(1'796'040'000));  // 2026-11-30
  struct Case {
    std::string method, url, body, content_type;
  };
  const std::vector<Case> cases = {
      {"PUT", "https://s3.eu-west-1.amazonaws.com/leados-bills/invoices/2026/LO-2026-000001.pdf",
       "%PDF-1.4 body", "application/pdf"},
      {"GET", "http://127.0.0.1:9000/bucket/prefix/invoices/2026/LO-2026-000002.pdf", "", ""},
      {"HEAD", "https://leados-bills.s3.eu-west-1.amazonaws.com/a/b-c_d.e.pdf", "", ""},
      {"DELETE", "http://minio.local:9000/b/" + privacy::AwsUriEncode("a b/ü+~.pdf", true), "", ""},
  };
  for (const auto& c : cases) {
    privacy::SigV4Request req{.method = c.method,
                              .url = c.url,
                              .headers = {},
                              .payload_sha256_hex = core::Sha256Hex(c.body)};
    if (!c.content_type.empty()) req.headers.emplace_back("content-type", c.content_type);
    auto ours = privacy::SignV4(req, {kAccessKey, kSecret, ""},
                                {.region = "eu-west-1", .service = "s3", .time = t}, {.s3 = true});
    ASSERT_TRUE(ours) << ours.error().message;
    privacy::HttpHeaders signed_headers = req.headers;
    for (const auto& h : ours->headers_to_add) {
      if (h.first != "Authorization") signed_headers.push_back(h);
    }
    auto boto = Botocore(python, c.method, c.url, signed_headers, c.body, privacy::AmzDate(t));
    ASSERT_FALSE(boto.signature.empty()) << "botocore did not answer for " << c.url;
    EXPECT_EQ(ours->canonical_request, boto.canonical_request) << c.method << " " << c.url;
    EXPECT_EQ(ours->signature, boto.signature) << c.method << " " << c.url;
  }
}

// AWS's published example (S3 docs, "Signature calculations for the Authorization header",
// GET Object): examplebucket, /test.txt, Range bytes=0-9, 2013-05-24.
TEST(S3SigV4, ReproducesAwsPublishedGetObjectExample) {
  privacy::SigV4Request req{.method = "GET",
                            .url = "https://examplebucket.s3.amazonaws.com/test.txt",
                            .headers = {{"range", "bytes=0-9"}},
                            .payload_sha256_hex = core::Sha256Hex("")};
  auto sig =
      privacy::SignV4(req, {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
                      {.region = "us-east-1",
                       .service = "s3",
                       .time = core::TimePoint(std::chrono::seconds(1'369'353'600))},
                      {.s3 = true});
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_EQ(sig->signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(S3ObjectStore, UrlStyles) {
  ingest::FakeHttpClient http;
  core::ManualClock clock;
  S3Config c{.endpoint = "https://s3.eu-west-1.amazonaws.com",
             .region = "eu-west-1",
             .bucket = "bills",
             .prefix = "leados/",
             .virtual_host = false,
             .credentials = {kAccessKey, kSecret, ""}};
  ASSERT_TRUE(ValidateS3Config(c));
  EXPECT_EQ(S3ObjectStore(c, http, clock).ObjectUrl("invoices/2026/LO-2026-000001.pdf"),
            "https://s3.eu-west-1.amazonaws.com/bills/leados/invoices/2026/LO-2026-000001.pdf");
  c.virtual_host = true;
  EXPECT_EQ(S3ObjectStore(c, http, clock).ObjectUrl("a.pdf"),
            "https://bills.s3.eu-west-1.amazonaws.com/leados/a.pdf");
  EXPECT_EQ(S3ObjectStore(c, http, clock).Describe().find(kSecret), std::string::npos);
}

TEST(S3ObjectStore, ConfigErrorsNameTheKey) {
  S3Config c{.endpoint = "s3.amazonaws.com",
             .region = "us-east-1",
             .bucket = "b",
             .credentials = {kAccessKey, kSecret, ""}};
  EXPECT_NE(ValidateS3Config(c).error().message.find("billing.s3.endpoint"), std::string::npos);
  c.endpoint = "https://s3.amazonaws.com";
  c.credentials.secret_access_key.clear();
  EXPECT_NE(ValidateS3Config(c).error().message.find("billing.s3.secret_access_key"),
            std::string::npos);
}

TEST(S3ObjectStore, ErrorBodiesMapToOurErrors) {
  auto e = S3Error(404, "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>", "GET k");
  EXPECT_EQ(e.code, core::ErrorCode::kNotFound);
  e = S3Error(403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", "PUT k");
  EXPECT_EQ(e.code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(e.message.find("billing.s3.secret_access_key"), std::string::npos);
  e = S3Error(404, "<Error><Code>NoSuchBucket</Code></Error>", "PUT k");
  EXPECT_EQ(e.code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(S3Error(503, "<Error><Code>SlowDown</Code></Error>", "PUT k").code,
            core::ErrorCode::kUnavailable);
  EXPECT_EQ(S3Error(500, "", "PUT k").code, core::ErrorCode::kUnavailable);
}

// The stand-in as a child process; killed on destruction.
class S3Standin {
 public:
  S3Standin(const std::string& python, const std::string& bucket) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      const std::string script = Script();
      ::execl(python.c_str(), python.c_str(), script.c_str(), "serve", kAccessKey, kSecret,
              "eu-west-1", bucket.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    std::string line;
    char ch;
    while (::read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
    ::close(fds[0]);
    if (line.starts_with("PORT ")) port_ = std::stoi(line.substr(5));
  }
  ~S3Standin() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

class S3RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = PythonWithBotocore();
    if (python_.empty()) GTEST_SKIP() << "python3-botocore is not installed";
    standin_ = std::make_unique<S3Standin>(python_, "leados-bills");
    ASSERT_GT(standin_->port(), 0) << "the S3 stand-in did not start";
  }
  S3Config Config() const {
    return S3Config{.endpoint = "http://127.0.0.1:" + std::to_string(standin_->port()),
                    .region = "eu-west-1",
                    .bucket = "leados-bills",
                    .prefix = "",
                    .virtual_host = false,
                    .credentials = {kAccessKey, kSecret, ""}};
  }

  std::string python_;
  std::unique_ptr<S3Standin> standin_;
  core::SystemClock clock_;
  ingest::CurlHttpClient http_{ingest::CurlHttpClientOptions{
      .ssrf = ingest::SsrfPolicy{.allow_private = true, .allowed_endpoints = {}}}};
};

TEST_F(S3RoundTrip, PutGetExistsDelete) {
  S3ObjectStore objects(Config(), http_, clock_);
  const std::string key = "invoices/2026/LO-2026-000001.pdf";
  std::string pdf("%PDF-1.4\n\0\xff binary", 18);
  EXPECT_FALSE(*objects.Exists(key));
  auto missing = objects.Get(key);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound) << missing.error().message;

  auto put = objects.Put(key, pdf, "application/pdf");
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_TRUE(*objects.Exists(key));
  auto got = objects.Get(key);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->bytes, pdf);
  EXPECT_EQ(got->content_type, "application/pdf");

  ASSERT_TRUE(objects.Delete(key));
  EXPECT_FALSE(*objects.Exists(key));
}

TEST_F(S3RoundTrip, WithAPrefix) {
  S3Config c = Config();
  c.prefix = "tenant-a/";
  S3ObjectStore objects(c, http_, clock_);
  ASSERT_TRUE(objects.Put("x/y.pdf", "bytes", "application/pdf"));
  EXPECT_EQ(objects.Get("x/y.pdf")->bytes, "bytes");
  // The same key without the prefix is another object.
  S3ObjectStore plain(Config(), http_, clock_);
  EXPECT_FALSE(*plain.Exists("x/y.pdf"));
  EXPECT_TRUE(*plain.Exists("tenant-a/x/y.pdf"));
}

TEST_F(S3RoundTrip, WrongSecretIsRefusedWithoutEchoingIt) {
  S3Config c = Config();
  c.credentials.secret_access_key = "the-wrong-secret-0123456789";
  S3ObjectStore objects(c, http_, clock_);
  auto put = objects.Put("a.pdf", "x", "application/pdf");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(put.error().message.find("SignatureDoesNotMatch"), std::string::npos)
      << put.error().message;
  EXPECT_EQ(put.error().message.find("the-wrong-secret"), std::string::npos);
}

TEST_F(S3RoundTrip, MissingBucketIsAConfigurationError) {
  S3Config c = Config();
  c.bucket = "no-such-bucket";
  S3ObjectStore objects(c, http_, clock_);
  auto put = objects.Put("a.pdf", "x", "application/pdf");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(put.error().message.find("billing.s3.bucket"), std::string::npos);
}

TEST_F(S3RoundTrip, TraversalKeysNeverReachTheServer) {
  S3ObjectStore objects(Config(), http_, clock_);
  EXPECT_EQ(objects.Put("../other-bucket/x", "x", "text/plain").error().code,
            core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace leados::billing
