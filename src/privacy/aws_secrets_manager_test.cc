#include "privacy/aws_secrets_manager.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "privacy/fake_aws_server.h"

namespace leados::privacy {
namespace {

const AwsCredentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

TEST(AwsSecretsManagerTest, DefaultEndpointIsRegional) {
  core::ManualClock clock;
  AwsSecretsManagerClient client({"eu-west-1", "", std::chrono::milliseconds(1000)}, kCreds, clock);
  EXPECT_EQ(client.endpoint(), "https://secretsmanager.eu-west-1.amazonaws.com");
}

TEST(AwsSecretsManagerTest, SendsASignedGetSecretValueAndReadsTheSecret) {
  testing::FakeAwsServer server(200, R"({"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:k",)"
                                     R"("Name":"leados/master","SecretString":"s3cr3t"})");
  core::ManualClock clock(*core::ParseRfc3339("2026-01-01T00:00:00Z"));
  AwsSecretsManagerClient client({"eu-west-1", server.url() + "/", std::chrono::seconds(10)},
                                 kCreds, clock);
  auto secret = client.GetSecretValue("leados/master");
  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ(*secret, "s3cr3t");

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& req = requests[0];
  EXPECT_TRUE(req.starts_with("POST / HTTP/1.1\r\n")) << req;
  EXPECT_NE(req.find("X-Amz-Target: secretsmanager.GetSecretValue\r\n"), std::string::npos);
  EXPECT_NE(req.find("Content-Type: application/x-amz-json-1.1\r\n"), std::string::npos);
  EXPECT_NE(req.find("x-amz-date: 20260101T000000Z\r\n"), std::string::npos);
  EXPECT_NE(req.find("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/"
                     "secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                     "x-amz-target, Signature="),
            std::string::npos)
      << req;
  EXPECT_TRUE(req.ends_with("\r\n\r\n{\"SecretId\":\"leados/master\"}")) << req;

  // The signature the server received is the one SigV4 gives for what was actually sent.
  SigV4Request expected{"POST",
                        server.url() + "/",
                        {{"Content-Type", "application/x-amz-json-1.1"},
                         {"X-Amz-Target", "secretsmanager.GetSecretValue"}},
                        core::Sha256Hex("{\"SecretId\":\"leados/master\"}")};
  auto sig = SignV4(expected, kCreds, {"eu-west-1", "secretsmanager", clock.Now()});
  ASSERT_TRUE(sig);
  EXPECT_NE(req.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"),
            std::string::npos);
  EXPECT_NE(req.find(sig->authorization), std::string::npos);
}

TEST(AwsSecretsManagerTest, AwsErrorsBecomeClearErrors) {
  testing::FakeAwsServer server(400,
                                R"({"__type":"ResourceNotFoundException",)"
                                R"("message":"Secrets Manager can't find the specified secret."})");
  core::ManualClock clock;
  AwsSecretsManagerClient client({"eu-west-1", server.url(), std::chrono::seconds(10)}, kCreds,
                                 clock);
  auto r = client.GetSecretValue("nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message,
            "AWS Secrets Manager refused GetSecretValue for 'nope' (HTTP 400): "
            "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
}

TEST(AwsSecretsManagerTest, DeniedAndUnreachable) {
  core::ManualClock clock;
  {
    testing::FakeAwsServer server(
        400, R"({"__type":"UnrecognizedClientException","message":"The security token is bad"})");
    AwsSecretsManagerClient client({"eu-west-1", server.url(), std::chrono::seconds(10)}, kCreds,
                                   clock);
    EXPECT_EQ(client.GetSecretValue("k").error().code, core::ErrorCode::kPermissionDenied);
  }
  int closed_port;
  {
    testing::FakeAwsServer server(200, "{}");
    closed_port = server.port();
  }
  AwsSecretsManagerClient client(
      {"eu-west-1", "http://127.0.0.1:" + std::to_string(closed_port), std::chrono::seconds(10)},
      kCreds, clock);
  auto r = client.GetSecretValue("k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace leados::privacy
