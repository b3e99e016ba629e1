// Careers pages: one conditional GET of the page (robots.txt obeyed), the schema.org JobPosting
// JSON-LD in it turned into signals. A changed posting has a new id@version Key, so it is
// offered as new; an unchanged one is dropped by the deduper.
#include "ingest/connector_jsonld.h"
#include "ingest/source_runner.h"

namespace leados::ingest {
namespace {

class JobPageRunner final : public SourceRunner {
 public:
  RunOutcome Run(const RunContext& ctx) override {
    return runner::FetchParseOffer(ctx, SettingString(ctx.source, "url"), SourceKind::kJobPage,
                                   /*respect_robots=*/true, /*conditional=*/true,
                                   ParseJobPostingPage);
  }
};

}  // namespace

std::unique_ptr<SourceRunner> MakeJobPageRunner() {
  return std::make_unique<JobPageRunner>();
}

}  // namespace leados::ingest
