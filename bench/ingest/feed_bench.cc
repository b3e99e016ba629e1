// Feed parsing throughput on the real-world fixture feeds, repeated to a corpus of >= 8 MB.
// Reports MB/s (bytes_per_second) and entries or signals per second, per CPU second (the machine
// is shared; CPU time is what both sides are compared on). The same files are timed
// with python3-feedparser by feedparser_baseline.py; run.sh prints both side by side.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/connector_feed.h"
#include "ingest/feed_parser.h"

namespace {

namespace fs = std::filesystem;
using leados::ingest::FeedParseOptions;
using leados::ingest::ParseContext;

fs::path Root() {
  const char* shared = std::getenv("LEADOS_SHARED");
  return fs::path(shared && *shared ? shared : "../shared") / "fixtures" / "rss-realworld";
}

// Same selection as corpus_files.txt / feedparser_baseline.py.
std::vector<std::string> LoadFiles() {
  std::vector<fs::path> paths;
  fs::path root = Root();
  for (const char* dir : {"feed-rs/atom", "feed-rs/rss0", "feed-rs/rss1", "feed-rs/rss2",
                          "feed-rs/jsonfeed", "rss-parser/input"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& f : fs::directory_iterator(root / dir)) {
      std::string name = f.path().filename().string();
      if (name.ends_with(".serde.json")) continue;
      if (std::string_view(dir).starts_with("feed-rs/") && !name.ends_with(".xml") &&
          !name.ends_with(".json")) {
        continue;
      }
      paths.push_back(f.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.push_back(std::move(ss).str());
  }
  return files;
}

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = [] {
    std::vector<std::string> files = LoadFiles();
    std::vector<std::string> out;
    size_t total = 0;
    while (!files.empty() && total < (8u << 20)) {
      for (const auto& f : files) {
        out.push_back(f);
        total += f.size();
      }
    }
    return out;
  }();
  return corpus;
}

void BM_ParseFeed(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("no fixture feeds: set LEADOS_SHARED");
    return;
  }
  int64_t bytes = 0, entries = 0;
  for (auto _ : state) {
    for (const auto& f : corpus) {
      auto feed = leados::ingest::ParseFeed(f, FeedParseOptions{});
      if (feed) entries += static_cast<int64_t>(feed->entries.size());
      bytes += static_cast<int64_t>(f.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["entries_per_s"] =
      benchmark::Counter(static_cast<double>(entries), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseFeed)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_FeedToSignals(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("no fixture feeds: set LEADOS_SHARED");
    return;
  }
  ParseContext ctx;
  ctx.detect_language = state.range(0) != 0;
  int64_t bytes = 0, signals = 0;
  for (auto _ : state) {
    for (const auto& f : corpus) {
      auto page = leados::ingest::ParseFeedPage(f, ctx);
      if (page) signals += static_cast<int64_t>(page->signals.size());
      bytes += static_cast<int64_t>(f.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["signals_per_s"] =
      benchmark::Counter(static_cast<double>(signals), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FeedToSignals)
    ->ArgName("language")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
