// Signals enriched per second on one core, for 200-byte and 1 KB texts, with the directory loaded
// from the built-in list plus ../shared/data/company_domains_unified.csv (LEADOS_SHARED; the
// built-in list alone when absent). Target: >= 20,000 signals/s so enrichment is never the
// pipeline's bottleneck. Run: build/<rel>/bench/enrich/enrich_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "enrich/enricher.h"

namespace leados::enrich {
namespace {

std::filesystem::path SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s != nullptr && *s != '\0') return s;
  return std::filesystem::path(ENRICH_BENCH_REPO) / ".." / "shared";
}

const EnrichmentResources& Resources() {
  static const EnrichmentResources* r = [] {
    std::vector<std::string> files;
    auto csv = SharedDir() / "data" / "company_domains_unified.csv";
    if (std::filesystem::exists(csv)) files.push_back(csv.string());
    auto loaded = EnrichmentResources::Load(files);
    if (!loaded) std::abort();
    return loaded->release();
  }();
  return *r;
}

// Sentences mixing what real signals contain: company names, technologies, places, roles,
// ordinary words that look like names ("target", "go", "apple").
constexpr const char* kSentences[] = {
    "We are hiring a senior backend engineer to work on our payments platform. ",
    "Our stack is Go, PostgreSQL, Kafka and Kubernetes on AWS. ",
    "I'm a data engineer at Snowflake and we are evaluating HubSpot and Salesforce. ",
    "The role is fully remote within the EU, or hybrid from our Berlin office. ",
    "Let's go over the target numbers for the quarter before the apple harvest. ",
    "Experience with React, TypeScript and Node.js is a plus. ",
    "Walmart and Target both reported earnings; Costco's CEO said demand held up. ",
    "Contact jobs@example-startup.io or apply on our careers page. ",
    "We migrated from MySQL to Postgres and from Jenkins to GitHub Actions. ",
    "Looking for a VP of Sales in New York, NY to build the team. ",
    "This post is about the weather, a long walk, and nothing technical at all. ",
    "Microsoft Corporation and Alphabet Inc. announced new AI models this week. ",
};

std::vector<ingest::Signal> MakeSignals(size_t body_bytes, size_t count) {
  std::mt19937 rng(7);
  std::vector<ingest::Signal> out;
  for (size_t i = 0; i < count; ++i) {
    ingest::Signal s;
    bool job = i % 3 == 0;
    s.source = job ? ingest::SourceKind::kGreenhouse : ingest::SourceKind::kHackerNews;
    s.title =
        job ? "Senior Software Engineer, Platform" : "Ask HN: How do you run Postgres at scale?";
    s.url = job ? "https://boards.greenhouse.io/stripe/jobs/123"
                : "https://news.ycombinator.com/item?id=1";
    if (job) {
      s.company = "Stripe";
      s.location = "San Francisco, CA";
    }
    while (s.body.size() < body_bytes) s.body += kSentences[rng() % std::size(kSentences)];
    s.body.resize(body_bytes);
    out.push_back(std::move(s));
  }
  return out;
}

void BM_Enrich(benchmark::State& state) {
  const EnrichmentResources& r = Resources();
  Enricher enricher(*r.directory, r.free_email, r.roles, r.technologies, r.places);
  std::vector<ingest::Signal> signals = MakeSignals(static_cast<size_t>(state.range(0)), 256);
  size_t i = 0;
  for (auto _ : state) {
    Enrichment e = enricher.Enrich(signals[i++ % signals.size()]);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
  state.counters["companies"] = static_cast<double>(r.directory->size());
}
BENCHMARK(BM_Enrich)->Arg(200)->Arg(1024);

// The parts, to see where time goes.
void BM_CompanyMentions(benchmark::State& state) {
  const EnrichmentResources& r = Resources();
  std::vector<ingest::Signal> signals = MakeSignals(1024, 64);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(r.directory->FindMentions(signals[i++ % 64].body));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompanyMentions);

void BM_Technologies(benchmark::State& state) {
  const EnrichmentResources& r = Resources();
  std::vector<ingest::Signal> signals = MakeSignals(1024, 64);
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(r.technologies.FindIn(signals[i++ % 64].body));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Technologies);

}  // namespace
}  // namespace leados::enrich

BENCHMARK_MAIN();
