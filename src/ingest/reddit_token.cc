#include "ingest/reddit_token.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "core/json.h"

namespace leados::ingest {

std::expected<std::string, RedditTokenError> RedditTokenCache::Get(HttpClient& http,
                                                                   const core::Clock& clock,
                                                                   const std::string& token_url,
                                                                   const std::string& user_agent,
                                                                   core::Duration timeout) {
  if (!has_credentials()) {
    return std::unexpected(RedditTokenError{
        "config",
        "reddit needs reddit.client_id and reddit.client_secret (an app-only OAuth client from "
        "https://www.reddit.com/prefs/apps)"});
  }
  const core::TimePoint now = clock.Now();
  {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(token_url);
    if (it != tokens_.end() && it->second.expires > now) return it->second.token;
  }
  HttpRequest req;
  req.method = "POST";
  req.url = token_url;
  req.body = "grant_type=client_credentials";
  req.headers.Set("Content-Type", "application/x-www-form-urlencoded");
  req.headers.Set("Authorization", "Basic " + core::Base64Encode(credentials_.client_id + ":" +
                                                                 credentials_.client_secret));
  req.headers.Set("User-Agent", user_agent);
  req.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
  req.max_body_bytes = 64 * 1024;
  auto resp = http.Send(req);
  if (!resp) {
    return std::unexpected(
        RedditTokenError{std::string(HttpErrorKindName(HttpErrorKindOf(resp.error()))),
                         fmt::format("POST {}: {}", token_url, HttpErrorDetail(resp.error()))});
  }
  if (resp->status != 200) {
    return std::unexpected(RedditTokenError{
        "auth", fmt::format("POST {} answered HTTP {}: check reddit.client_id and "
                            "reddit.client_secret",
                            token_url, resp->status)});
  }
  auto body = core::ParseJsonObject(resp->body);
  const std::string token = body ? core::StringOr(*body, "access_token") : "";
  if (token.empty()) {
    return std::unexpected(RedditTokenError{
        "auth", fmt::format("POST {}: the answer holds no access_token", token_url)});
  }
  const int64_t expires_in = std::max<int64_t>(120, core::IntOr(*body, "expires_in", 3600));
  std::lock_guard lock(mu_);
  tokens_[token_url] = {token, now + std::chrono::seconds(expires_in - 60)};
  return token;
}

void RedditTokenCache::Forget(const std::string& token_url) {
  std::lock_guard lock(mu_);
  tokens_.erase(token_url);
}

}  // namespace leados::ingest
