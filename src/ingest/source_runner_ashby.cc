// Ashby job boards: the whole board each run from {base_url}/posting-api/job-board/{board}
// (base_url default https://api.ashbyhq.com). Keys are id@content-hash, so a changed posting
// becomes a new signal. A documented API: no robots.txt.
#include <fmt/format.h>

#include "ingest/connector_ashby.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

class AshbyRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    const std::string base =
        runner::TrimSlash(SettingString(ctx.source, "base_url", "https://api.ashbyhq.com"));
    const std::string url =
        fmt::format("{}/posting-api/job-board/{}", base, SettingString(ctx.source, "board"));
    return runner::FetchParseOffer(ctx, url, SourceKind::kAshby, /*respect_robots=*/false,
                                   /*conditional=*/true, ParseAshbyJobBoard);
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeAshbyRunner() {
  return std::make_unique<AshbyRunner>();
}

}  // namespace leados::ingest
