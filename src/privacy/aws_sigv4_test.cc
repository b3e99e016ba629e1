#include "privacy/aws_sigv4.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/crypto.h"

namespace leados::privacy {
namespace {

// The credentials and time used throughout AWS's published SigV4 test suite.
const AwsCredentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

SigV4Scope SuiteScope(std::string service = "service") {
  return {"us-east-1", std::move(service), *core::ParseRfc3339("2015-08-30T12:36:00Z")};
}

const std::string kEmptySha = core::Sha256Hex("");

TEST(AwsSigV4Test, GetVanilla) {
  SigV4Request req{
      "GET", "https://example.amazonaws.com/", {{"Host", "example.amazonaws.com"}}, kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope());
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_EQ(sig->canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" +
                kEmptySha);
  EXPECT_EQ(sig->string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(sig->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(sig->authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  ASSERT_EQ(sig->headers_to_add.size(), 2u);
  EXPECT_EQ(sig->headers_to_add[0],
            (std::pair<std::string, std::string>{"x-amz-date", "20150830T123600Z"}));
  EXPECT_EQ(sig->headers_to_add[1].first, "Authorization");
}

TEST(AwsSigV4Test, HostIsTakenFromTheUrlWhenNotGiven) {
  SigV4Request req{"GET", "https://example.amazonaws.com/", {}, kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope());
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(AwsSigV4Test, GetVanillaQueryOrderKeyCase) {
  SigV4Request req{
      "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", {}, kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope());
  ASSERT_TRUE(sig);
  EXPECT_NE(sig->canonical_request.find("\n/\nParam1=value1&Param2=value2\n"), std::string::npos);
  EXPECT_EQ(sig->signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(AwsSigV4Test, PostVanilla) {
  SigV4Request req{"POST", "https://example.amazonaws.com/", {}, kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope());
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(AwsSigV4Test, IamListUsersExampleFromTheAwsDocs) {
  SigV4Request req{"GET",
                   "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
                   {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                   kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope("iam"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->signature, "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(AwsSigV4Test, CanonicalFormsFollowTheRules) {
  SigV4Request req{"GET",
                   "https://example.amazonaws.com/a/./b/../c%20d//?b=2&a=x%2Fy&a=1&flag",
                   {{"My-Header", "  two   spaces  "}, {"my-header", "second"}},
                   kEmptySha};
  auto sig = SignV4(req, kCreds, SuiteScope());
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->canonical_request,
            "GET\n/a/c%2520d/\na=1&a=x%2Fy&b=2&flag=\nhost:example.amazonaws.com\n"
            "my-header:two spaces,second\nx-amz-date:20150830T123600Z\n\n"
            "host;my-header;x-amz-date\n" +
                kEmptySha);
}

TEST(AwsSigV4Test, S3StyleSigningAddsContentHashAndKeepsThePath) {
  AwsCredentials creds = kCreds;
  creds.session_token = "session-token";
  SigV4Request req{"PUT",
                   "https://bucket.s3.eu-west-1.amazonaws.com:8443/invoices//2026/a%20b.pdf",
                   {},
                   "UNSIGNED-PAYLOAD"};
  auto sig = SignV4(req, creds, {"eu-west-1", "s3", *core::ParseRfc3339("2026-01-01T00:00:00Z")},
                    {.s3 = true});
  ASSERT_TRUE(sig);
  EXPECT_TRUE(
      sig->canonical_request.starts_with("PUT\n/invoices//2026/a%20b.pdf\n\n"
                                         "host:bucket.s3.eu-west-1.amazonaws.com:8443\n"))
      << sig->canonical_request;
  EXPECT_NE(sig->canonical_request.find("x-amz-content-sha256:UNSIGNED-PAYLOAD\n"),
            std::string::npos);
  EXPECT_NE(sig->canonical_request.find("x-amz-security-token:session-token\n"), std::string::npos);
  EXPECT_TRUE(sig->canonical_request.ends_with(
      "host;x-amz-content-sha256;x-amz-date;x-amz-security-token\nUNSIGNED-PAYLOAD"));
}

TEST(AwsSigV4Test, RefusesMissingInputs) {
  SigV4Request req{"GET", "https://example.amazonaws.com/", {}, kEmptySha};
  EXPECT_EQ(SignV4(req, {}, SuiteScope()).error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(SignV4({"GET", "not a url", {}, kEmptySha}, kCreds, SuiteScope()));
  EXPECT_FALSE(SignV4(req, kCreds, {"", "s", {}}));
}

TEST(AwsSigV4Test, CredentialsFromEnvironment) {
  auto creds = AwsCredentialsFromEnvironment(
      {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "secret"}});
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->access_key_id, "AKID");
  EXPECT_TRUE(creds->session_token.empty());
  auto missing = AwsCredentialsFromEnvironment({{"AWS_ACCESS_KEY_ID", "AKID"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

}  // namespace
}  // namespace leados::privacy
