// Reddit sources: /r/{subreddit}/new through the OAuth API with an app-only token.
//
// Token: POST {token_url} (default https://www.reddit.com/api/v1/access_token) with
// grant_type=client_credentials and HTTP Basic client_id:client_secret (reddit.client_id,
// reddit.client_secret). The token is kept in memory only, until a minute before expires_in,
// and dropped when the API answers 401. Neither the secret nor the token is logged or stored.
//
// Listing: GET {api_base_url}/r/{sub}/new?limit=100&raw_json=1 (default https://oauth.reddit.com),
// then &after=<the page's after> for older pages, until a page reaches the newest item of the
// previous run (cursor {"newest":"t3_…","newest_utc":S}) or an older one, the listing ends, or
// max_pages_per_run (default 5) pages were read. The first run reads one page. The descriptive
// User-Agent of fetch.user_agent is sent on every request (Reddit blocks generic ones).
// X-Ratelimit-Remaining / X-Ratelimit-Reset are honoured: with less than one request left the run
// stops paging and the next run waits for the reset.
#include <fmt/format.h>

#include <mutex>

#include "core/encoding.h"
#include "ingest/connector_reddit.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

int64_t UnixSeconds(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class RedditRunner final : public SourceRunner {
 public:
  explicit RedditRunner(RedditCredentials credentials) : tokens_(std::move(credentials)) {}

  RunOutcome Run(const RunContext& ctx) override {
    if (!tokens_.has_credentials()) {
      return std::unexpected(RunError{"config",
                                      "reddit sources need reddit.client_id and "
                                      "reddit.client_secret (an app-only OAuth client from "
                                      "https://www.reddit.com/prefs/apps)",
                                      std::nullopt});
    }
    const std::string token_url =
        SettingString(ctx.source, "token_url", std::string(kRedditTokenUrl));
    auto token = Token(ctx, token_url);
    if (!token) return std::unexpected(token.error());

    const std::string base =
        runner::TrimSlash(SettingString(ctx.source, "api_base_url", "https://oauth.reddit.com"));
    const std::string sub = SettingString(ctx.source, "subreddit");
    const core::json::object& cur = ctx.source.state.cursor;
    const std::string last_newest = core::StringOr(cur, "newest");
    const int64_t last_newest_utc = core::IntOr(cur, "newest_utc", 0);
    const int64_t max_pages =
        last_newest.empty() ? 1 : SettingInt(ctx.source, "max_pages_per_run", 5);

    RunReport report;
    report.cursor = cur;
    std::string after;
    for (int64_t page_no = 0; page_no < max_pages; ++page_no) {
      if (page_no > 0 && runner::Cancelled(ctx)) break;
      FetchRequest req;
      req.url = fmt::format("{}/r/{}/new?limit=100&raw_json=1", base, sub);
      if (!after.empty()) req.url += "&after=" + after;
      req.respect_robots = false;
      req.headers.Set("Authorization", "bearer " + *token);
      auto body = ctx.fetcher.Fetch(req);
      if (!body) {
        if (body.error().http_status == 401) tokens_.Forget(token_url);
        RunError e = runner::FromFetch(body.error());
        if (body.error().http_status == 401) e.kind = "auth";
        return std::unexpected(std::move(e));
      }
      auto page = ParseRedditListing(
          body->body, runner::ContextFor(ctx.source, req.url, "", SourceKind::kReddit));
      if (!page) return std::unexpected(runner::FromParse(req.url, page.error()));
      if (auto err = runner::Offer(ctx, *page, report)) return std::unexpected(*err);
      if (page_no == 0 && !page->signals.empty()) {
        // Listings are newest first: the first item is the next run's stopping point.
        report.cursor["newest"] = page->signals.front().source_id;
        report.cursor["newest_utc"] = UnixSeconds(page->signals.front().published);
      }
      bool reached = false;
      for (const Signal& s : page->signals) {
        if ((!last_newest.empty() && s.source_id == last_newest) ||
            (last_newest_utc > 0 && UnixSeconds(s.published) < last_newest_utc)) {
          reached = true;
        }
      }
      if (auto wait = RateLimitWait(*body, ctx.clock.Now())) {
        report.not_before = wait;
        break;
      }
      if (reached || page->next_cursor.empty()) break;
      after = page->next_cursor;
    }
    return report;
  }

 private:
  // With fewer than one request left in Reddit's window: the end of the window.
  static std::optional<core::TimePoint> RateLimitWait(const FetchResult& r, core::TimePoint now) {
    auto remaining = r.headers.Get("X-Ratelimit-Remaining");
    auto reset = r.headers.Get("X-Ratelimit-Reset");
    if (!remaining || !reset) return std::nullopt;
    try {
      if (std::stod(*remaining) >= 1.0) return std::nullopt;
      return now + std::chrono::seconds(std::max<int64_t>(1, std::stoll(*reset)));
    } catch (...) {
      return std::nullopt;
    }
  }

  std::expected<std::string, RunError> Token(const RunContext& ctx, const std::string& token_url) {
    auto token = tokens_.Get(ctx.http, ctx.clock, token_url, ctx.fetcher.options().user_agent,
                             ctx.fetcher.options().timeout);
    if (!token) return std::unexpected(RunError{token.error().kind, token.error().message, std::nullopt});
    return *token;
  }

  RedditTokenCache tokens_;
};

}  // namespace

std::unique_ptr<SourceRunner> MakeRedditRunner(RedditCredentials credentials) {
  return std::make_unique<RedditRunner>(std::move(credentials));
}

}  // namespace leados::ingest
