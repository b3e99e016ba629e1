// Hacker News sources, two modes (settings.mode):
//
// firebase (default; live items). Each run reads {base_url}/v0/maxitem.json, then fetches
// {base_url}/v0/item/{id}.json for id = cursor.last_item + 1 … maxitem, at most
// max_items_per_run (default 200) of them, in id order, and stores the last id fetched as
// cursor {"last_item":N}. After downtime the next runs continue from there: items are caught
// up, never skipped, and with the cursor persisted only after a successful run, never offered
// twice (the deduper covers a run that failed half way). A stopping process ends the run at the
// next item, keeping the progress. The first run starts with the newest
// batch (maxitem - max_items_per_run + 1). When the host's token bucket runs dry half way the
// run ends early but successfully at the last item fetched. An item body that does not parse
// is skipped (it would otherwise block the source forever); `null` (an id not yet written) ends
// the run at the item before it, to be read again next time.
//
// algolia (backfill). {base_url}/api/v1/search_by_date?tags=…&query=…&numericFilters=
// created_at_i>S[,created_at_i<U]&hitsPerPage=100&page=P, newest first, at most
// max_pages_per_run pages per run. Cursor {"since":S,"until":U,"newest":N}: the window
// (S, U) still to read; when a run reads the whole window, since becomes the newest time seen
// and until is dropped; when it stops at the page limit, until becomes the oldest time seen, so
// the next run continues further back instead of starting over. The first run reads the last
// backfill_hours (default 24).
//
// Both are documented APIs, called without robots.txt.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ingest/connector_hackernews.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

int64_t UnixSeconds(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

class HnRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    if (SettingString(ctx.source, "mode", "firebase") == "algolia") return RunAlgolia(ctx);
    return RunFirebase(ctx);
  }

 private:
  static RunOutcome RunFirebase(const RunContext& ctx) {
    const std::string base = runner::TrimSlash(
        SettingString(ctx.source, "base_url", "https://hacker-news.firebaseio.com"));
    const int64_t batch = SettingInt(ctx.source, "max_items_per_run", 200);
    FetchRequest req;
    req.url = base + "/v0/maxitem.json";
    req.respect_robots = false;
    auto max_body = ctx.fetcher.Fetch(req);
    if (!max_body) return std::unexpected(runner::FromFetch(max_body.error()));
    auto index = ParseHnIndex(max_body->body);
    if (!index) return std::unexpected(runner::FromParse(req.url, index.error()));
    if (!index->max_item) {
      return std::unexpected(
          RunError{"parse", req.url + ": the answer is not an item number", std::nullopt});
    }
    const int64_t max_item = *index->max_item;
    int64_t last = core::IntOr(ctx.source.state.cursor, "last_item", -1);
    if (last < 0) last = std::max<int64_t>(0, max_item - batch);

    RunReport report;
    report.cursor = ctx.source.state.cursor;
    const int64_t end = std::min(max_item, last + batch);
    for (int64_t id = last + 1; id <= end; ++id) {
      if (id > last + 1 && runner::Cancelled(ctx)) break;
      FetchRequest item;
      item.url = fmt::format("{}/v0/item/{}.json", base, id);
      item.respect_robots = false;
      auto body = ctx.fetcher.Fetch(item);
      if (!body) {
        const bool own_limit =
            body.error().kind == FetchErrorKind::kRateLimited && body.error().http_status == 0;
        if (own_limit && id > last + 1) {
          report.not_before = body.error().retry_at;
          break;
        }
        return std::unexpected(runner::FromFetch(body.error()));
      }
      std::string_view text = body->body;
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
      }
      if (text == "null") break;  // not written yet: read again next run
      auto page = ParseHnItem(
          body->body, runner::ContextFor(ctx.source, item.url, "", SourceKind::kHackerNews));
      if (page) {
        if (auto err = runner::Offer(ctx, *page, report)) return std::unexpected(*err);
      }
      report.cursor["last_item"] = id;
    }
    if (!report.cursor.contains("last_item")) report.cursor["last_item"] = last;
    return report;
  }

  static RunOutcome RunAlgolia(const RunContext& ctx) {
    const std::string base =
        runner::TrimSlash(SettingString(ctx.source, "base_url", "https://hn.algolia.com"));
    const int64_t max_pages = SettingInt(ctx.source, "max_pages_per_run", 5);
    const core::json::object& cur = ctx.source.state.cursor;
    const int64_t now_s = UnixSeconds(ctx.clock.Now());
    const int64_t since =
        core::IntOr(cur, "since", now_s - 3600 * SettingInt(ctx.source, "backfill_hours", 24));
    const int64_t until = core::IntOr(cur, "until", 0);
    int64_t newest = core::IntOr(cur, "newest", since);
    int64_t oldest = until > 0 ? until : now_s + 1;

    std::string filters = fmt::format("created_at_i>{}", since);
    if (until > 0) filters += fmt::format(",created_at_i<{}", until);
    const std::string prefix =
        fmt::format("{}/api/v1/search_by_date?tags={}&query={}&numericFilters={}&hitsPerPage=100",
                    base, PercentEncode(SettingString(ctx.source, "tags", "story")),
                    PercentEncode(SettingString(ctx.source, "query")), PercentEncode(filters));

    RunReport report;
    bool complete = false;
    for (int64_t page_no = 0; page_no < max_pages; ++page_no) {
      if (page_no > 0 && runner::Cancelled(ctx)) break;
      FetchRequest req;
      req.url = fmt::format("{}&page={}", prefix, page_no);
      req.respect_robots = false;
      auto body = ctx.fetcher.Fetch(req);
      if (!body) return std::unexpected(runner::FromFetch(body.error()));
      auto page = ParseHnAlgoliaSearch(
          body->body, runner::ContextFor(ctx.source, req.url, "", SourceKind::kHackerNews));
      if (!page) return std::unexpected(runner::FromParse(req.url, page.error()));
      if (auto err = runner::Offer(ctx, *page, report)) return std::unexpected(*err);
      for (const Signal& s : page->signals) {
        const int64_t t = UnixSeconds(s.published);
        newest = std::max(newest, t);
        oldest = std::min(oldest, t);
      }
      if (page->next_cursor.empty() || page->signals.empty()) {
        complete = true;
        break;
      }
    }
    if (complete) {
      report.cursor["since"] = newest;
    } else {
      report.cursor["since"] = since;
      report.cursor["until"] = oldest;
    }
    report.cursor["newest"] = newest;
    return report;
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeHnRunner() {
  return std::make_unique<HnRunner>();
}

}  // namespace leados::ingest
