// Greenhouse job boards: the whole board each run from
// {base_url}/v1/boards/{board}/jobs?content=true (base_url default
// https://boards-api.greenhouse.io). Every posting carries id@updated_at as its Key, so a new
// or changed posting becomes a signal and an unchanged one is dropped by the deduper. A
// documented API: robots.txt is not consulted (see fetcher.h).
#include <fmt/format.h>

#include "ingest/connector_greenhouse.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

class GreenhouseRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    const std::string base = runner::TrimSlash(
        SettingString(ctx.source, "base_url", "https://boards-api.greenhouse.io"));
    const std::string url =
        fmt::format("{}/v1/boards/{}/jobs?content=true", base, SettingString(ctx.source, "board"));
    return runner::FetchParseOffer(ctx, url, SourceKind::kGreenhouse, /*respect_robots=*/false,
                                   /*conditional=*/true, ParseGreenhouseJobs);
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeGreenhouseRunner() {
  return std::make_unique<GreenhouseRunner>();
}

}  // namespace leados::ingest
