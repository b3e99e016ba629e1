// Signals scored per second on one core with the production intent model, for 200-byte and 1 KB
// texts. The model is $LEADOS_INTENT_MODEL when set; otherwise it is trained once, with the
// production options, from data/intent/train.jsonl into a temporary folder (a few minutes).
// Counters: model_mb (file size) and load_ms (time to load the model and its calibration).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "score/intent_model.h"
#include "score/intent_trainer.h"
#include "score/labelled_data.h"

namespace {

using leados::score::IntentModel;

struct Loaded {
  std::unique_ptr<IntentModel> model;
  double load_ms = 0;
};

std::string ModelPath() {
  if (const char* p = std::getenv("LEADOS_INTENT_MODEL"); p != nullptr && *p != '\0') return p;
  const char* root = std::getenv("LEADOS_SOURCE_DIR");
  const std::string corpus = std::string(root ? root : ".") + "/data/intent/train.jsonl";
  const std::string out =
      (std::filesystem::temp_directory_path() / "leados_score_bench" / "intent.ftz").string();
  if (std::filesystem::exists(out)) return out;
  auto data = leados::score::ReadLabelledJsonlFile(corpus);
  if (!data) {
    std::cerr << data.error().message
              << " (run from the repository root or set LEADOS_SOURCE_DIR)\n";
    std::exit(1);
  }
  std::cerr << "training the production model into " << out << " ...\n";
  auto r = leados::score::TrainIntentModel(*data, leados::score::TrainOptions{}, out);
  if (!r) {
    std::cerr << r.error().message << "\n";
    std::exit(1);
  }
  return out;
}

Loaded& Model() {
  static Loaded loaded = [] {
    const std::string path = ModelPath();
    const auto t0 = std::chrono::steady_clock::now();
    auto m = IntentModel::Load(path);
    const auto t1 = std::chrono::steady_clock::now();
    if (!m) {
      std::cerr << m.error().message << "\n";
      std::exit(1);
    }
    return Loaded{std::move(*m), std::chrono::duration<double, std::milli>(t1 - t0).count()};
  }();
  return loaded;
}

// Post-like texts of about `bytes` bytes, built from a fixed vocabulary (seeded).
std::vector<std::string> Texts(size_t bytes, int count) {
  static const char* kWords[] = {
      "we",       "are",        "looking",    "for",       "a",           "crm",
      "that",     "works",      "with",       "our",       "team",        "of",
      "twelve",   "people",     "and",        "the",       "current",     "tool",
      "is",       "too",        "expensive",  "any",       "ideas",       "?",
      "my",       "cat",        "broke",      "the",       "printer",     "again",
      "today",    "deployment", "failed",     "because",   "of",          "a",
      "bug",      "in",         "production", "recommend", "alternative", "hiring",
      "engineer", "raised",     "series",     "funding",   "launch",      "."};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, std::size(kWords) - 1);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string t;
    while (t.size() < bytes) {
      t += kWords[pick(rng)];
      t += ' ';
    }
    t.resize(bytes);
    out.push_back(std::move(t));
  }
  return out;
}

void BM_Score(benchmark::State& state) {
  Loaded& m = Model();
  const auto texts = Texts(static_cast<size_t>(state.range(0)), 256);
  size_t i = 0;
  for (auto _ : state) {
    auto p = m.model->Predict("", texts[i++ & 255]);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
  state.counters["model_mb"] = static_cast<double>(m.model->file_bytes()) / 1e6;
  state.counters["load_ms"] = m.load_ms;
}
BENCHMARK(BM_Score)->Arg(200)->Arg(1024)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
