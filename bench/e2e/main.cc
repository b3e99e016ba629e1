// leados_e2e: end-to-end figures for issue 7 — signals/s from ingest to webhook with 1,000
// campaigns, and the latency from a signal's publication to its webhook at a steady rate, on the
// embedded default and on PostgreSQL + Redis. See README.md for what is measured and how.
//
// Usage: leados_e2e [--signals=N] [--rate=R] [--seconds=S] [--accounts=A] [--campaigns=C]
//                   [--endpoint-rate=E] [--workers=W] [--backends=embedded,pg] [--skip-throughput]
//                   [--skip-latency] [--no-dispatcher] [--no-batch-commit]
// --no-dispatcher turns deliver.dispatcher off: the run then ends when the pipeline has made every
// lead (and queued its webhook), which separates the pipeline's cost from the delivery's.
// --no-batch-commit sets pipeline.batch_commit=false: one transaction per write, as before the
// pipeline committed a claimed batch at once (for the comparison in docs/benchmarks.md).
// Environment: LEADOS_SHARED (posts-dev.jsonl), LEADOS_INTENT_MODEL (default
// build/release/intent.ftz, made by `make build`), LEADOS_BENCH_PG_URL / LEADOS_BENCH_REDIS_URL
// or the LEADOS_TEST_PG_URL / LEADOS_TEST_REDIS_URL of scripts/test-services.sh.

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_stack.h"
#include "campaign_queries.h"
#include "core/log.h"
#include "signal_corpus.h"
#include "stage_report.h"
#include "webhook_receiver.h"

namespace leados::bench::e2e {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  uint64_t signals = 5000;
  double rate = 500;
  double seconds = 20;
  int accounts = 100;
  int campaigns = 1000;
  double endpoint_rate = 1000;
  int workers = 0;
  std::string backends = "embedded,pg";
  bool throughput = true;
  bool latency = true;
  bool dispatcher = true;  // --no-dispatcher: leads are made but no webhook is sent
  bool batch_commit = true;  // --no-batch-commit: pipeline.batch_commit=false
  std::chrono::seconds drain_timeout{900};
};

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string_view key) -> std::optional<std::string> {
      const std::string prefix = std::string(key) + "=";
      if (a.rfind(prefix, 0) == 0) return a.substr(prefix.size());
      return std::nullopt;
    };
    if (auto v = value("--signals"))
      o->signals = std::stoull(*v);
    else if (auto v = value("--rate"))
      o->rate = std::stod(*v);
    else if (auto v = value("--seconds"))
      o->seconds = std::stod(*v);
    else if (auto v = value("--accounts"))
      o->accounts = std::stoi(*v);
    else if (auto v = value("--campaigns"))
      o->campaigns = std::stoi(*v);
    else if (auto v = value("--endpoint-rate"))
      o->endpoint_rate = std::stod(*v);
    else if (auto v = value("--workers"))
      o->workers = std::stoi(*v);
    else if (auto v = value("--backends"))
      o->backends = *v;
    else if (auto v = value("--drain-timeout"))
      o->drain_timeout = std::chrono::seconds(std::stoi(*v));
    else if (a == "--skip-throughput")
      o->throughput = false;
    else if (a == "--skip-latency")
      o->latency = false;
    else if (a == "--no-dispatcher")
      o->dispatcher = false;
    else if (a == "--no-batch-commit")
      o->batch_commit = false;
    else {
      std::cerr << "leados_e2e: unknown argument " << a << " (see the comment atop main.cc)\n";
      return false;
    }
  }
  return true;
}

// "host=H port=P dbname=D user=U" (the test-services form) → a postgresql:// URI, the only form
// Runtime takes for PostgreSQL. The query string is not decoration: SOCI 4.0.3 mangles a URI that
// has none (libpq then looks for database "D=").
std::string PostgresUrl(const std::string& s) {
  if (s.rfind("postgres", 0) == 0) return s;
  std::map<std::string, std::string> kv;
  std::istringstream in(s);
  std::string part;
  while (in >> part) {
    if (auto eq = part.find('='); eq != std::string::npos) {
      kv[part.substr(0, eq)] = part.substr(eq + 1);
    }
  }
  return fmt::format("postgresql://{}@{}:{}/{}?application_name=leados_e2e", kv["user"], kv["host"],
                     kv["port"], kv["dbname"]);
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

std::string LoadAverage() {
  double l[3] = {0, 0, 0};
  if (getloadavg(l, 3) != 3) return "?";
  return fmt::format("{:.2f} {:.2f} {:.2f}", l[0], l[1], l[2]);
}

void PrintStages(const StageTotals& d) {
  double total = 0;
  for (const auto& [stage, s] : d.stage_seconds) total += s;
  std::cout << "  | stage | calls | worker time (s) | µs per signal | share |\n"
               "  |---|---:|---:|---:|---:|\n";
  for (const auto& [stage, s] : d.stage_seconds) {
    const uint64_t n = d.stage_count.count(stage) ? d.stage_count.at(stage) : 0;
    std::cout << fmt::format("  | {} | {} | {:.2f} | {:.1f} | {:.0f} % |\n", stage, n, s,
                             d.signals ? 1e6 * s / static_cast<double>(d.signals) : 0.0,
                             total > 0 ? 100 * s / total : 0.0);
  }
  std::cout << "  leads:";
  for (const auto& [k, v] : d.leads) std::cout << " " << k << "=" << v;
  std::cout << "  drops:";
  for (const auto& [k, v] : d.drops) std::cout << " " << k << "=" << v;
  std::cout << "\n";
}

// Waits until the pipeline processed `signals` more signals than `before`, the queue is empty,
// and the receiver got one webhook per lead created since `before`. Returns the time that
// happened, or nullopt on timeout (and says what was missing).
std::optional<Clock::time_point> WaitForDrain(BenchStack& stack, WebhookReceiver& receiver,
                                              const StageTotals& before, uint64_t webhooks_before,
                                              uint64_t signals, bool expect_webhooks,
                                              std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  bool pipeline_done = false;
  uint64_t expected = 0;
  while (Clock::now() < deadline) {
    if (!pipeline_done) {
      const StageTotals d = StageTotals::Read(stack.runtime().metrics()).Minus(before);
      if (d.signals >= signals) {
        auto depth = stack.runtime().queue().Depth("signals");
        if (depth && *depth == 0) {
          pipeline_done = true;
          expected = expect_webhooks ? d.Created() : 0;
        }
      }
    }
    if (pipeline_done && receiver.received() - webhooks_before >= expected) return Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const StageTotals d = StageTotals::Read(stack.runtime().metrics()).Minus(before);
  std::cout << fmt::format(
      "  TIMEOUT after {} s: {} of {} signals processed, {} leads created, {} webhooks received\n",
      timeout.count(), d.signals, signals, d.Created(), receiver.received() - webhooks_before);
  return std::nullopt;
}

void RunThroughput(BenchStack& stack, WebhookReceiver& receiver, const SignalCorpus& corpus,
                   const Options& o) {
  std::cout << fmt::format(
      "\n### (a) throughput: {} signals published as fast as one publisher "
      "can, wall time until the last lead's webhook arrived\n",
      o.signals);
  std::cout << "  load average before: " << LoadAverage() << "\n";
  const StageTotals before = StageTotals::Read(stack.runtime().metrics());
  const uint64_t webhooks_before = receiver.received();
  const auto t0 = Clock::now();
  for (uint64_t i = 0; i < o.signals; ++i) {
    if (auto st = stack.Publish(corpus.Make('t', i)); !st) {
      std::cout << "  publish failed: " << st.error().message << "\n";
      return;
    }
  }
  const auto published = Clock::now();
  const auto done = WaitForDrain(stack, receiver, before, webhooks_before, o.signals, o.dispatcher,
                                 o.drain_timeout);
  if (!done) return;
  const StageTotals d = StageTotals::Read(stack.runtime().metrics()).Minus(before);
  const uint64_t webhooks = receiver.received() - webhooks_before;
  Clock::time_point first = *done, last = t0;
  for (const auto& a : receiver.Arrivals()) {
    if (a.tag != 't') continue;
    first = std::min(first, a.at);
    last = std::max(last, a.at);
  }
  const double wall = Seconds(*done - t0);
  std::cout << "  load average after: " << LoadAverage() << "\n\n";
  std::cout << "  | figure | value |\n  |---|---:|\n";
  std::cout << fmt::format("  | signals | {} |\n", o.signals);
  std::cout << fmt::format("  | leads created (= webhooks expected) | {} ({:.3f} a signal) |\n",
                           d.Created(), static_cast<double>(d.Created()) / o.signals);
  std::cout << fmt::format("  | webhooks received | {} |\n", webhooks);
  std::cout << fmt::format("  | publish time (ingest → queue) | {:.2f} s ({:.0f} signals/s) |\n",
                           Seconds(published - t0), o.signals / Seconds(published - t0));
  std::cout << fmt::format("  | wall time, first publish → last webhook | {:.2f} s |\n", wall);
  std::cout << fmt::format("  | **signals/s end to end** | **{:.0f}** |\n", o.signals / wall);
  std::cout << fmt::format("  | leads/s | {:.0f} |\n", d.Created() / wall);
  std::cout << fmt::format("  | webhooks/s (over the wall time) | {:.0f} |\n", webhooks / wall);
  if (webhooks > 1 && last > first) {
    std::cout << fmt::format("  | webhooks/s (first → last webhook) | {:.0f} |\n",
                             (webhooks - 1) / Seconds(last - first));
  }
  std::cout << "\n";
  PrintStages(d);
}

void RunLatency(BenchStack& stack, WebhookReceiver& receiver, const SignalCorpus& corpus,
                const Options& o) {
  const uint64_t n = static_cast<uint64_t>(o.rate * o.seconds);
  std::cout << fmt::format(
      "\n### (b) latency: {} signals at a steady {:.0f}/s ({:.0f} s), "
      "publish → webhook received\n",
      n, o.rate, o.seconds);
  std::cout << "  load average before: " << LoadAverage() << "\n";
  const StageTotals before = StageTotals::Read(stack.runtime().metrics());
  const uint64_t webhooks_before = receiver.received();
  std::vector<Clock::time_point> sent(n);
  const auto t0 = Clock::now();
  double max_lag = 0;
  for (uint64_t i = 0; i < n; ++i) {
    const auto due = t0 + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(static_cast<double>(i) / o.rate));
    std::this_thread::sleep_until(due);
    ingest::Signal s = corpus.Make('l', i);
    sent[i] = Clock::now();
    max_lag = std::max(max_lag, Seconds(sent[i] - due));
    if (auto st = stack.Publish(s); !st) {
      std::cout << "  publish failed: " << st.error().message << "\n";
      return;
    }
  }
  const auto published = Clock::now();
  const auto done =
      WaitForDrain(stack, receiver, before, webhooks_before, n, o.dispatcher, o.drain_timeout);
  if (!done) return;
  const StageTotals d = StageTotals::Read(stack.runtime().metrics()).Minus(before);
  std::vector<double> per_webhook;
  std::map<uint64_t, double> first_per_signal;
  for (const auto& a : receiver.Arrivals()) {
    if (a.tag != 'l' || a.index >= n) continue;
    const double ms = 1e3 * Seconds(a.at - sent[a.index]);
    per_webhook.push_back(ms);
    auto [it, inserted] = first_per_signal.emplace(a.index, ms);
    if (!inserted) it->second = std::min(it->second, ms);
  }
  std::vector<double> per_signal;
  for (const auto& [i, ms] : first_per_signal) per_signal.push_back(ms);
  std::cout << "  load average after: " << LoadAverage() << "\n";
  std::cout << fmt::format(
      "  achieved publish rate {:.0f}/s (publisher lag at most {:.1f} ms); {} leads, {} of {} "
      "signals became at least one lead (only those have a webhook)\n\n",
      n / Seconds(published - t0), 1e3 * max_lag, d.Created(), per_signal.size(), n);
  const double w50 = Percentile(per_webhook, 0.50), w90 = Percentile(per_webhook, 0.90),
               w99 = Percentile(per_webhook, 0.99), wmax = Percentile(per_webhook, 1.0);
  const double s50 = Percentile(per_signal, 0.50), s90 = Percentile(per_signal, 0.90),
               s99 = Percentile(per_signal, 0.99), smax = Percentile(per_signal, 1.0);
  std::cout << "  | latency (ms) | p50 | p90 | p99 | max | samples |\n"
               "  |---|---:|---:|---:|---:|---:|\n";
  std::cout << fmt::format(
      "  | every webhook (publish → received) | {:.1f} | {:.1f} | **{:.1f}** | "
      "{:.1f} | {} |\n",
      w50, w90, w99, wmax, per_webhook.size());
  std::cout << fmt::format(
      "  | first webhook of each signal | {:.1f} | {:.1f} | {:.1f} | {:.1f} | "
      "{} |\n\n",
      s50, s90, s99, smax, per_signal.size());
  PrintStages(d);
}

int RunBackend(const std::string& name, BackendChoice choice, const SignalCorpus& corpus,
               const std::vector<std::string>& queries, const Options& o) {
  auto receiver = WebhookReceiver::Start(2);
  if (!receiver) {
    std::cerr << "leados_e2e: receiver: " << receiver.error().message << "\n";
    return 1;
  }
  char tmpl[] = "/tmp/leados_e2e.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "leados_e2e: cannot make a temporary folder\n";
    return 1;
  }
  choice.data_dir = tmpl;
  int rc = 0;
  {
    const auto open_start = Clock::now();
    auto stack = BenchStack::Open(choice);
    if (!stack) {
      std::cerr << "leados_e2e: " << name << ": " << stack.error().message << "\n";
      fs::remove_all(tmpl);
      return 1;
    }
    std::cout << fmt::format("\n## {} ({})\n", name, (*stack)->Describe());
    if (!choice.database_url.empty() && (*stack)->Describe().rfind("postgres", 0) != 0) {
      std::cerr << "leados_e2e: asked for PostgreSQL, got " << (*stack)->Describe() << "\n";
      fs::remove_all(tmpl);
      return 1;
    }
    SeedPlan plan;
    plan.accounts = o.accounts;
    plan.campaigns = o.campaigns;
    plan.receiver_base = fmt::format("http://127.0.0.1:{}/hook/", (*receiver)->port());
    plan.queries = queries;
    plan.min_scores = {0.0, 0.2, 0.4};
    const auto seed_start = Clock::now();
    if (auto st = (*stack)->Seed(plan); !st) {
      std::cerr << "leados_e2e: " << name << ": seeding: " << st.error().message << "\n";
      rc = 1;
    } else {
      uint64_t matches = 0;
      for (const auto& p : corpus.posts())
        matches += (*stack)->campaigns().matcher().Match(p).size();
      std::cout << fmt::format(
          "  {} accounts (one webhook endpoint each → 127.0.0.1:{}), {} active campaigns "
          "(min_score 0 / 0.2 / 0.4 in turn), {:.2f} campaign matches per post; open {:.1f} s, "
          "seed {:.1f} s\n",
          o.accounts, (*receiver)->port(), o.campaigns,
          static_cast<double>(matches) / corpus.size(), Seconds(seed_start - open_start),
          Seconds(Clock::now() - seed_start));
      (*stack)->Start();
      if (o.throughput) RunThroughput(**stack, **receiver, corpus, o);
      if (o.latency) RunLatency(**stack, **receiver, corpus, o);
      if ((*receiver)->unmatched() > 0) {
        std::cout << "  note: " << (*receiver)->unmatched() << " webhooks without a signal index\n";
      }
    }
    (*stack)->Stop();
  }
  fs::remove_all(tmpl);
  return rc;
}

int Main(int argc, char** argv) {
  Options o;
  if (!ParseOptions(argc, argv, &o)) return 2;
  core::log::SetLevel(core::log::ParseLevel("warn"));
  std::string shared = Env("LEADOS_SHARED");
  if (shared.empty()) shared = "../shared";
  auto corpus = SignalCorpus::Load(shared + "/data/posts-dev.jsonl");
  if (!corpus) {
    std::cerr << "leados_e2e: " << corpus.error().message << " (set LEADOS_SHARED)\n";
    return 1;
  }
  std::string model = Env("LEADOS_INTENT_MODEL");
  if (model.empty()) model = "build/release/intent.ftz";
  if (!fs::exists(model)) {
    std::cerr << "leados_e2e: no intent model at " << model
              << " (run `make build`, or set LEADOS_INTENT_MODEL)\n";
    return 1;
  }
  const auto queries = GenerateCampaignQueries(corpus->posts(), o.campaigns, 7);
  std::cout << "# LeadOS end to end: ingest → match → score → enrich → dedup → lead → webhook\n";
  std::cout << fmt::format(
      "{} real posts (posts-dev.jsonl) cycled with unique ids; intent model {}; "
      "deliver.endpoint_rate_per_second={}; pipeline.workers={}; load average {}\n",
      corpus->size(), model, o.endpoint_rate, o.workers > 0 ? std::to_string(o.workers) : "default",
      LoadAverage());
  int rc = 0;
  BackendChoice base;
  base.model_path = model;
  base.endpoint_rate = o.endpoint_rate;
  base.pipeline_workers = o.workers;
  base.dispatcher = o.dispatcher;
  base.batch_commit = o.batch_commit;
  if (!o.batch_commit) std::cout << "pipeline.batch_commit=false: one transaction per write\n";
  if (!o.dispatcher) std::cout << "deliver.dispatcher=false: no webhook is sent (pipeline alone)\n";
  if (o.backends.find("embedded") != std::string::npos) {
    rc |= RunBackend("embedded default (SQLite + embedded KV/queue)", base, *corpus, queries, o);
  }
  if (o.backends.find("pg") != std::string::npos) {
    std::string pg = Env("LEADOS_BENCH_PG_URL");
    if (pg.empty()) pg = Env("LEADOS_TEST_PG_URL");
    std::string redis = Env("LEADOS_BENCH_REDIS_URL");
    if (redis.empty()) redis = Env("LEADOS_TEST_REDIS_URL");
    if (pg.empty() || redis.empty()) {
      std::cout << "\n## PostgreSQL + Redis: skipped (set LEADOS_BENCH_PG_URL and "
                   "LEADOS_BENCH_REDIS_URL, or run under scripts/test-services.sh)\n";
    } else {
      BackendChoice c = base;
      c.database_url = PostgresUrl(pg);
      c.redis_url = redis;
      rc |= RunBackend("PostgreSQL + Redis", c, *corpus, queries, o);
    }
  }
  return rc;
}

}  // namespace
}  // namespace leados::bench::e2e

int main(int argc, char** argv) {
  return leados::bench::e2e::Main(argc, argv);
}
