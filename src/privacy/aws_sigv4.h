#pragma once
// AWS Signature Version 4 request signing, as pure code (no I/O): the canonical request, the
// string to sign, the signature and the headers to send. General enough for any AWS service
// (Secrets Manager here, S3 for invoices in billing). Checked against AWS's published SigV4 test
// suite. Thread-safe.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace leados::privacy {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string
      session_token;  // empty unless temporary credentials (then sent as x-amz-security-token)
};

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optional AWS_SESSION_TOKEN from `env`.
// Errors: kFailedPrecondition naming the missing variable.
core::Result<AwsCredentials> AwsCredentialsFromEnvironment(
    const std::map<std::string, std::string>& env);

struct SigV4Request {
  std::string method;  // "GET", "POST", …
  // Full URL as sent on the wire (path and query percent-encoded), e.g.
  // "https://secretsmanager.eu-west-1.amazonaws.com/".
  std::string url;
  // Headers that will be sent and must be signed. "host" is added from the URL when absent.
  HttpHeaders headers;
  // Lowercase hex SHA-256 of the body (core::Sha256Hex), or "UNSIGNED-PAYLOAD" (S3 only).
  std::string payload_sha256_hex;
};

struct SigV4Scope {
  std::string region;   // "us-east-1"
  std::string service;  // "secretsmanager", "s3", …
  core::TimePoint time;
};

struct SigV4Options {
  // S3's rules: the path is used as sent (not normalised, not encoded a second time), and the
  // x-amz-content-sha256 header is added and signed.
  bool s3 = false;
};

struct SigV4Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // hex
  std::string authorization;  // the Authorization header value
  // What the caller must add to the request: x-amz-date (unless given),
  // x-amz-security-token (with a session token), x-amz-content-sha256 (S3), host (unless given;
  // HTTP clients send it anyway), and Authorization last.
  HttpHeaders headers_to_add;
};

// Signs `request`. Errors: kInvalidArgument for a URL that cannot be parsed or missing
// credentials/region/service.
core::Result<SigV4Signature> SignV4(const SigV4Request& request, const AwsCredentials& credentials,
                                    const SigV4Scope& scope, const SigV4Options& options = {});

// "20150830T123600Z" for `t`.
std::string AmzDate(core::TimePoint t);
// RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ becomes %XX
// (uppercase hex); '/' is kept when `keep_slash`.
std::string AwsUriEncode(std::string_view text, bool keep_slash);

}  // namespace leados::privacy
