// Feed and press-wire sources: one conditional GET of the feed (ETag / Last-Modified from the
// previous run; a 304 ends the run at once), ParseFeedPage, every entry offered to the deduper.
// Feeds obey robots.txt. No cursor: a feed lists its latest entries and the deduper drops the
// ones already seen.
#include "ingest/connector_feed.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

class FeedRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    const SourceKind kind =
        ctx.source.spec.type == SourceType::kPress ? SourceKind::kPress : SourceKind::kRss;
    return runner::FetchParseOffer(ctx, SettingString(ctx.source, "url"), kind,
                                   /*respect_robots=*/true, /*conditional=*/true, ParseFeedPage);
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeFeedRunner() {
  return std::make_unique<FeedRunner>();
}

}  // namespace leados::ingest
