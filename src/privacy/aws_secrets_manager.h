#pragma once
// A minimal AWS Secrets Manager client: GetSecretValue over HTTPS (libcurl), signed with SigV4.
// Used at start-up to fetch the field-encryption master key. The endpoint is injectable so tests
// can point it at a loopback server; a live call is not part of the test suite.

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "privacy/aws_sigv4.h"

namespace leados::privacy {

struct SecretsManagerOptions {
  std::string region;  // "eu-west-1"
  // Base URL; empty means "https://secretsmanager.<region>.amazonaws.com".
  std::string endpoint;
  std::chrono::milliseconds timeout{10'000};
};

class AwsSecretsManagerClient {
 public:
  // `clock` (for the signature's time) must outlive the client.
  AwsSecretsManagerClient(SecretsManagerOptions options, AwsCredentials credentials,
                          const core::Clock& clock);

  // The SecretString (or, for a binary secret, the decoded SecretBinary) of `secret_id` (a name
  // or ARN). Errors: kNotFound (no such secret), kPermissionDenied (credentials refused or not
  // allowed), kDeadlineExceeded (timeout), kUnavailable (network or AWS 5xx), kInternal (reply
  // not understood); each message names the secret and AWS's own error type and message.
  // Thread-safe.
  core::Result<std::string> GetSecretValue(std::string_view secret_id) const;

  const std::string& endpoint() const { return endpoint_; }

 private:
  SecretsManagerOptions options_;
  AwsCredentials credentials_;
  const core::Clock& clock_;
  std::string endpoint_;
};

}  // namespace leados::privacy
