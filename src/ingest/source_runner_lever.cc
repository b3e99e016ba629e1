// Lever job boards: the whole board each run from {base_url}/v0/postings/{site}?mode=json
// (base_url default https://api.lever.co). Keys are id@content-hash (Lever publishes no update
// time), so a changed posting becomes a new signal. A documented API: no robots.txt.
#include <fmt/format.h>

#include "ingest/connector_lever.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

class LeverRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    const std::string base =
        runner::TrimSlash(SettingString(ctx.source, "base_url", "https://api.lever.co"));
    const std::string url =
        fmt::format("{}/v0/postings/{}?mode=json", base, SettingString(ctx.source, "site"));
    return runner::FetchParseOffer(ctx, url, SourceKind::kLever, /*respect_robots=*/false,
                                   /*conditional=*/true, ParseLeverPostings);
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeLeverRunner() {
  return std::make_unique<LeverRunner>();
}

}  // namespace leados::ingest
