// Matching throughput of the LeadOS engine against 1,000 and 10,000 campaigns (~10 terms each) on
// a generated corpus (LEADOS_BENCH_MATCH_MB, default 100 MB), with a bare Hyperscan literal scan
// of the same terms as the practical limit, compile time, memory and the time a campaign change
// takes to show in matching. bench/match/run.sh adds grep and ripgrep baselines.

#include <benchmark/benchmark.h>
#include <hs/hs.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "corpus.h"
#include "match/compiled_campaigns.h"
#include "match/matcher.h"
#include "match/text_tokens.h"

namespace leados::match::bench {
namespace {

constexpr uint32_t kSeed = 20261129;

const Vocabulary& Vocab() {
  static const Vocabulary v = LoadVocabulary(kSeed);
  return v;
}

const Corpus& TheCorpus() {
  static const Corpus c = [] {
    uint64_t mb = 100;
    if (const char* e = std::getenv("LEADOS_BENCH_MATCH_MB"); e != nullptr)
      mb = std::strtoull(e, nullptr, 10);
    return GenerateCorpus(Vocab(), mb << 20, kSeed + 1);
  }();
  return c;
}

const std::vector<CampaignQuery>& Campaigns(int n) {
  static std::map<int, std::vector<CampaignQuery>> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, GenerateCampaigns(Vocab(), n, kSeed + 2)).first;
  return it->second;
}

double RssMb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * 4096.0 / (1 << 20);
}

std::shared_ptr<const CompiledCampaigns> CompileOrDie(int n) {
  auto c = CompiledCampaigns::Compile(Campaigns(n));
  if (!c || !(*c)->errors().empty()) std::abort();
  return *c;
}

void BM_Compile(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Campaigns(n);
  size_t literals = 0, db = 0;
  for (auto _ : state) {
    auto c = CompileOrDie(n);
    literals = c->literal_count();
    db = c->database_bytes();
  }
  state.counters["campaigns"] = n;
  state.counters["literals"] = static_cast<double>(literals);
  state.counters["db_MB"] = static_cast<double>(db) / (1 << 20);
}

void BM_Match(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Corpus& corpus = TheCorpus();
  const double rss_before = RssMb();
  auto compiled = CompileOrDie(n);
  uint64_t matches = 0;
  const auto before = CompiledCampaigns::CurrentThreadStats();
  for (auto _ : state) {
    matches = 0;
    for (const auto& s : corpus.signals) matches += compiled->CountMatches(s);
    benchmark::DoNotOptimize(matches);
  }
  const auto after = CompiledCampaigns::CurrentThreadStats();
  const double signals = static_cast<double>(after.signals - before.signals);
  state.counters["cand/signal"] =
      static_cast<double>(after.candidates - before.candidates) / signals;
  state.counters["hits/signal"] =
      static_cast<double>(after.literal_hits - before.literal_hits) / signals;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.signals.size()));
  state.counters["campaigns"] = n;
  state.counters["corpus_MB"] = static_cast<double>(corpus.bytes) / (1 << 20);
  state.counters["matches"] = static_cast<double>(matches);
  state.counters["signals/s"] = benchmark::Counter(
      static_cast<double>(corpus.signals.size()) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["engine_RSS_MB"] = RssMb() - rss_before;
  state.counters["process_RSS_MB"] = RssMb();
}

// Folding and tokenising alone (the first step of matching every signal).
void BM_Fold(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  FoldedText text;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const auto& s : corpus.signals) {
      text.Clear();
      text.AppendField(s.title);
      text.AppendField(s.body);
      tokens += text.tokens().size();
    }
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["tokens"] = static_cast<double>(tokens);
}

// With evidence (the API the pipeline uses): allocates per match.
void BM_MatchWithEvidence(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Corpus& corpus = TheCorpus();
  auto compiled = CompileOrDie(n);
  uint64_t matches = 0;
  for (auto _ : state) {
    matches = 0;
    for (const auto& s : corpus.signals) matches += compiled->Match(s).size();
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["matches"] = static_cast<double>(matches);
}

struct BareDb {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  std::vector<size_t> lens;
  ~BareDb() {
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
};

std::unique_ptr<BareDb> CompileBare(const std::vector<std::string>& terms, unsigned extra_flags,
                                    bool caseless = true) {
  auto b = std::make_unique<BareDb>();
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < terms.size(); ++i) {
    exprs.push_back(terms[i].data());
    b->lens.push_back(terms[i].size());
    flags.push_back((caseless ? HS_FLAG_CASELESS : 0) | extra_flags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), b->lens.data(),
                           static_cast<unsigned>(terms.size()), HS_MODE_BLOCK, nullptr, &b->db,
                           &err) != HS_SUCCESS ||
      hs_alloc_scratch(b->db, &b->scratch) != HS_SUCCESS) {
    std::abort();
  }
  return b;
}

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

struct BareCtx {
  const BareDb* db;
  const std::string* text;
  uint64_t hits;
};

int OnBareAll(unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) {
  auto* ctx = static_cast<BareCtx*>(p);
  const std::string& t = *ctx->text;
  const size_t from = to - ctx->db->lens[id];
  if ((from == 0 || !IsWordByte(t[from - 1])) && (to == t.size() || !IsWordByte(t[to])))
    ++ctx->hits;
  return 0;
}

int OnBareAny(unsigned, unsigned long long, unsigned long long, unsigned, void* p) {
  ++static_cast<BareCtx*>(p)->hits;
  return 1;  // stop at the first match
}

// The practical limit: the same distinct terms (10,000 campaigns) as one caseless literal database,
// scanned over each signal's title and body. "all": every match, word boundaries checked in the
// callback; "any": stop at the first match of the signal.
void BM_BareHyperscan(benchmark::State& state) {
  const bool all = state.range(0) == 1;
  const int n = static_cast<int>(state.range(1));
  const Corpus& corpus = TheCorpus();
  const auto terms = DistinctTerms(Campaigns(n));
  auto db = CompileBare(terms, all ? 0 : HS_FLAG_SINGLEMATCH);
  uint64_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const auto& s : corpus.signals) {
      for (const std::string* f : {&s.title, &s.body}) {
        if (f->empty()) continue;
        BareCtx ctx{db.get(), f, 0};
        hs_scan(db->db, f->data(), static_cast<unsigned>(f->size()), 0, db->scratch,
                all ? OnBareAll : OnBareAny, &ctx);
        hits += ctx.hits;
      }
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.signals.size()));
  state.counters["terms"] = static_cast<double>(terms.size());
  state.counters["hits"] = static_cast<double>(hits);
}

// The engine's text path without the boolean work: fold and tokenise each signal (FoldedText, as
// the engine does), then scan the folded text with the same literals (case-sensitive: the text is
// folded) and check word boundaries. The difference to BM_Match is the boolean evaluation.
void BM_FoldAndScan(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Corpus& corpus = TheCorpus();
  const auto terms = DistinctTerms(Campaigns(n));
  auto db = CompileBare(terms, 0, /*caseless=*/false);
  FoldedText text;
  uint64_t hits = 0;
  for (auto _ : state) {
    hits = 0;
    for (const auto& s : corpus.signals) {
      text.Clear();
      text.AppendField(s.title);
      text.AppendField(s.body);
      const std::string& f = text.folded();
      if (f.empty()) continue;
      BareCtx ctx{db.get(), &f, 0};
      hs_scan(db->db, f.data(), static_cast<unsigned>(f.size()), 0, db->scratch, OnBareAll, &ctx);
      hits += ctx.hits;
    }
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
  state.counters["hits"] = static_cast<double>(hits);
}

// Time from UpdateCampaigns (10,000 campaigns plus one new) until Match() returns the new campaign.
void BM_CampaignChangeLatency(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Matcher matcher;
  const auto& base = Campaigns(n);
  if (!matcher.WaitForVersion(matcher.UpdateCampaigns(base), std::chrono::minutes(2))) std::abort();
  ingest::Signal probe;
  probe.title = "Looking for zyxwvut pricing";
  int round = 0;
  for (auto _ : state) {
    auto next = base;
    next.push_back({"new" + std::to_string(++round), "zyxwvut pricing"});
    const auto start = std::chrono::steady_clock::now();
    matcher.UpdateCampaigns(std::move(next));
    while (true) {
      const auto m = matcher.Match(probe);
      if (!m.empty() && m.back().campaign_id == "new" + std::to_string(round)) break;
      std::this_thread::yield();
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.counters["campaigns"] = n;
}

BENCHMARK(BM_Compile)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Match)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_Fold)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MatchWithEvidence)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_BareHyperscan)
    ->Args({1, 10000})
    ->Args({0, 10000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(BM_FoldAndScan)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_CampaignChangeLatency)
    ->Arg(10000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

}  // namespace
}  // namespace leados::match::bench

// `match_bench --write-corpus=DIR` writes DIR/corpus.txt (one signal per line: title, tab, body)
// and DIR/terms-1000.txt, DIR/terms-10000.txt (distinct terms, one per line) for grep/rg, then
// exits.
int main(int argc, char** argv) {
  using namespace leados::match::bench;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--write-corpus=", 0) == 0) {
      const std::string dir = a.substr(15);
      std::ofstream corpus(dir + "/corpus.txt");
      for (const auto& s : TheCorpus().signals) corpus << s.title << '\t' << s.body << '\n';
      for (int n : {1000, 10000}) {
        std::ofstream terms(dir + "/terms-" + std::to_string(n) + ".txt");
        for (const auto& t : DistinctTerms(Campaigns(n))) terms << t << '\n';
      }
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
