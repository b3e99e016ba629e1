#pragma once
// Reddit's app-only OAuth token (client-credentials grant), shared by the Reddit source runner and
// the supply scans' Reddit search: POST {token_url} with grant_type=client_credentials and HTTP
// Basic client_id:client_secret. RedditTokenCache keeps tokens in memory only (never logged, never
// stored) until a minute before they expire. Thread-safe.

#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "ingest/http_client.h"

namespace leados::ingest {

inline constexpr std::string_view kRedditTokenUrl = "https://www.reddit.com/api/v1/access_token";

// Reddit's app-only OAuth credentials (reddit.client_id, reddit.client_secret).
struct RedditCredentials {
  std::string client_id;
  std::string client_secret;  // never logged, never stored
};

// Why no token: `kind` is an HttpErrorKind name for transport failures, "auth" when Reddit refused
// the credentials or answered without a token, "config" when there are no credentials.
struct RedditTokenError {
  std::string kind;
  std::string message;  // names the URL and what to fix; never the secret
};

class RedditTokenCache {
 public:
  explicit RedditTokenCache(RedditCredentials credentials) : credentials_(std::move(credentials)) {}

  bool has_credentials() const {
    return !credentials_.client_id.empty() && !credentials_.client_secret.empty();
  }
  // A valid token for `token_url`, from the cache or a new POST through `http` (sent with
  // `user_agent`, within `timeout`).
  std::expected<std::string, RedditTokenError> Get(HttpClient& http, const core::Clock& clock,
                                                   const std::string& token_url,
                                                   const std::string& user_agent,
                                                   core::Duration timeout);
  // Drops the cached token (after a 401).
  void Forget(const std::string& token_url);

 private:
  struct Entry {
    std::string token;
    core::TimePoint expires;
  };
  const RedditCredentials credentials_;
  std::mutex mu_;
  std::map<std::string, Entry> tokens_;  // by token URL; guarded by mu_
};

}  // namespace leados::ingest
