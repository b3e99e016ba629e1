#pragma once
// Metrics: a process-wide registry of counters, gauges and histograms with labels, rendered in the
// Prometheus text exposition format 0.0.4 (served by GET /metrics). No I/O.
//
//   core::Metrics& m = runtime.metrics();
//   auto& c = m.Counter("leados_http_requests_total", "HTTP requests served.",
//                       {{"route", "/healthz"}, {"status", "200"}});
//   c.Inc();
//
// Thread safety: everything is thread-safe. Updating a series (Inc, Set, Observe) is one or two
// relaxed atomic operations. Looking a series up takes a shared (reader) lock; only creating a new
// series or family takes an exclusive lock. References returned by the registry stay valid for the
// registry's lifetime, so hot paths look a series up once and keep the reference.
//
// Naming: metric names follow Prometheus conventions (snake_case, `leados_` prefix, `_total` for
// counters, base units such as `_seconds` and `_bytes`). Asking for an existing name with another
// type is a programming error and aborts with a message naming the metric.

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leados::core {

// Label name/value pairs, in the order they are rendered.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count. Thread-safe, lock-free.
class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe, lock-free.
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  void Sub(double d) { value_.fetch_sub(d, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// A distribution over fixed upper bounds (`le`), plus sum and count. Thread-safe, lock-free.
class Histogram {
 public:
  // `bounds` must be strictly increasing; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative counts per bound, the last one for +Inf (equals Count() at the same instant).
  std::vector<uint64_t> CumulativeCounts() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 buckets, not cumulative
  std::atomic<double> sum_{0};
};

// Prometheus' default latency buckets in seconds: 5 ms .. 10 s.
std::vector<double> DefaultLatencyBuckets();

// A family of counters that share a name and label names; values are given per lookup. Use it on
// hot paths where the label values change per call (e.g. status codes): lookups do not allocate
// once the series exists. Obtained from Metrics::CounterFamily; lives as long as the registry.
class CounterFamily {
 public:
  // The series for these label values (one per label name, same order). Thread-safe.
  core::Counter& With(std::initializer_list<std::string_view> values);

 private:
  friend class Metrics;
  CounterFamily(void* family, std::vector<std::string> label_names)
      : family_(family), label_names_(std::move(label_names)) {}
  void* family_;  // a Metrics::Family, owned by the registry
  std::vector<std::string> label_names_;
};

// As CounterFamily, for histograms.
class HistogramFamily {
 public:
  core::Histogram& With(std::initializer_list<std::string_view> values);

 private:
  friend class Metrics;
  HistogramFamily(void* family, std::vector<std::string> label_names)
      : family_(family), label_names_(std::move(label_names)) {}
  void* family_;  // a Metrics::Family, owned by the registry
  std::vector<std::string> label_names_;
};

// The registry. Usually one per process, owned by the composition root and passed by reference.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The counter with this name and label set, created on first use. `help` is used when the
  // family is created (first call wins).
  core::Counter& Counter(std::string_view name, std::string_view help, const Labels& labels = {});
  // The gauge with this name and label set, created on first use.
  core::Gauge& Gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  // A gauge computed by `fn` at render time (e.g. a queue depth). Registering the same name and
  // labels again replaces the callback. `fn` runs on the scraping thread, must be thread-safe and
  // must not call back into this registry. Call RemoveGaugeCallback before what `fn` uses dies.
  void GaugeCallback(std::string_view name, std::string_view help, const Labels& labels,
                     std::function<double()> fn);
  void RemoveGaugeCallback(std::string_view name, const Labels& labels);
  // The histogram with this name and label set, created on first use with `bounds`.
  core::Histogram& Histogram(std::string_view name, std::string_view help,
                             const Labels& labels = {},
                             std::vector<double> bounds = DefaultLatencyBuckets());

  // Families for hot paths (see CounterFamily). The returned references live as long as *this.
  core::CounterFamily& CounterFamily(std::string_view name, std::string_view help,
                                     std::vector<std::string> label_names);
  core::HistogramFamily& HistogramFamily(std::string_view name, std::string_view help,
                                         std::vector<std::string> label_names,
                                         std::vector<double> bounds = DefaultLatencyBuckets());

  // Everything in the Prometheus text format 0.0.4, families sorted by name, series by labels.
  std::string Render() const;

 private:
  friend class core::CounterFamily;
  friend class core::HistogramFamily;
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series;
  struct Family;

  // Finds or creates the series whose rendered label text is `key`.
  Series& GetSeries(std::string_view name, std::string_view help, Type type, std::string_view key,
                    const std::vector<double>* bounds);
  Family& GetFamily(std::string_view name, std::string_view help, Type type);

  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;    // guarded by mu_
  std::vector<std::unique_ptr<core::CounterFamily>> counter_families_;      // guarded by mu_
  std::vector<std::unique_ptr<core::HistogramFamily>> histogram_families_;  // guarded by mu_
};

// Renders label pairs as Prometheus label text without braces: route="/x",status="200"
// (values escaped: backslash, double quote, newline). Exposed for tests.
std::string RenderLabels(const Labels& labels);

}  // namespace leados::core
