#pragma once
// S3ObjectStore: an ObjectStore on any S3-compatible service (AWS S3, MinIO, Ceph RGW, R2…),
// requests signed with AWS Signature V4 (privacy/aws_sigv4.h, S3 rules: the path is signed as
// sent and x-amz-content-sha256 carries the SHA-256 of the body) and sent through the
// ingest::HttpClient seam (libcurl in production).
//
// Decisions:
//  - URL style: path-style by default ("<endpoint>/<bucket>/<prefix><key>"), which every
//    S3-compatible server and AWS itself understand and which needs no wildcard DNS or TLS
//    certificate for the bucket name; `virtual_host` selects "<scheme>://<bucket>.<host>/<key>"
//    (what AWS recommends for new buckets).
//  - Errors: S3's XML error body (<Error><Code>…</Code><Message>…</Message></Error>) is read and
//    mapped: NoSuchKey → kNotFound; NoSuchBucket, AccessDenied, InvalidAccessKeyId,
//    SignatureDoesNotMatch, RequestTimeTooSkewed → kFailedPrecondition (a configuration problem,
//    the message names the billing.s3.* key to check); SlowDown, InternalError,
//    ServiceUnavailable and any 5xx → kUnavailable; transport failures as ingest::HttpClient
//    reports them. Messages name the bucket and key, never the credentials.
//  - The secret access key is held in memory only; Describe() and every error omit it.
// Thread-safe (the HttpClient is).

#include <string>

#include "billing/object_store.h"
#include "core/clock.h"
#include "ingest/http_client.h"
#include "privacy/aws_sigv4.h"

namespace leados::billing {

struct S3Config {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"
  std::string region;    // "eu-west-1" ("us-east-1" for most S3-compatible servers)
  std::string bucket;    // the bucket name
  std::string prefix;    // optional key prefix ("leados/"), prepended to every key
  bool virtual_host = false;
  privacy::AwsCredentials credentials;
};

// kInvalidArgument naming the billing.s3.* key that is missing or malformed.
core::Status ValidateS3Config(const S3Config& config);

class S3ObjectStore final : public ObjectStore {
 public:
  // `http` and `clock` must outlive the store. The config must pass ValidateS3Config.
  S3ObjectStore(S3Config config, ingest::HttpClient& http, const core::Clock& clock);

  core::Status Put(std::string_view key, std::string_view bytes,
                   std::string_view content_type) override;
  core::Result<StoredObject> Get(std::string_view key) override;
  core::Result<bool> Exists(std::string_view key) override;
  core::Status Delete(std::string_view key) override;
  std::string Describe() const override;

  // The URL of `key` (exposed for tests): endpoint, bucket and the key URI-encoded with '/' kept.
  std::string ObjectUrl(std::string_view key) const;

 private:
  core::Result<ingest::HttpResponse> Send(std::string method, std::string_view key,
                                          std::string_view body, std::string_view content_type);

  S3Config config_;
  ingest::HttpClient& http_;
  const core::Clock& clock_;
};

// Maps an S3 error answer (status and XML body) for `what` ("PUT invoices/…") to a core::Error
// as described above. Exposed for tests.
core::Error S3Error(int status, std::string_view body, std::string_view what);

}  // namespace leados::billing
