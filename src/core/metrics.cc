#include "core/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace leados::core {

struct Metrics::Series {
  std::unique_ptr<core::Counter> counter;
  std::unique_ptr<core::Gauge> gauge;
  std::unique_ptr<core::Histogram> histogram;
  std::function<double()> callback;  // gauges only; takes precedence over `gauge` when set
};

struct Metrics::Family {
  std::string name;
  std::string help;
  Type type = Type::kCounter;
  std::vector<double> bounds;  // histograms: fixed when the family is created

  mutable std::shared_mutex mu;
  std::map<std::string, std::unique_ptr<Series>, std::less<>> series;  // guarded by mu

  // Finds or creates the series for the rendered label text `key`.
  Series& Get(std::string_view key) {
    {
      std::shared_lock lock(mu);
      if (auto it = series.find(key); it != series.end()) return *it->second;
    }
    std::unique_lock lock(mu);
    auto [it, inserted] = series.try_emplace(std::string(key));
    if (inserted) {
      auto s = std::make_unique<Series>();
      switch (type) {
        case Type::kCounter: s->counter = std::make_unique<core::Counter>(); break;
        case Type::kGauge: s->gauge = std::make_unique<core::Gauge>(); break;
        case Type::kHistogram: s->histogram = std::make_unique<core::Histogram>(bounds); break;
      }
      it->second = std::move(s);
    }
    return *it->second;
  }
};

namespace {

std::string_view TypeName(int type) {
  switch (type) {
    case 0: return "counter";
    case 1: return "gauge";
    default: return "histogram";
  }
}

void AppendEscaped(std::string& out, std::string_view v, bool quote_too) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '"':
        if (quote_too) {
          out += "\\\"";
        } else {
          out += c;
        }
        break;
      default: out += c;
    }
  }
}

void AppendLabel(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out += ',';
  out += name;
  out += "=\"";
  AppendEscaped(out, value, true);
  out += '"';
}

// Prometheus number syntax: Go's ParseFloat plus "+Inf", "-Inf", "NaN".
std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

[[noreturn]] void Die(std::string_view what) {
  std::fprintf(stderr, "leados: metrics misuse: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

// Builds the label text for a family lookup into a per-thread buffer, so lookups of existing
// series do not allocate.
std::string_view FamilyKey(const std::vector<std::string>& names,
                           std::initializer_list<std::string_view> values) {
  if (names.size() != values.size()) {
    Die(fmt::format("{} label values given for {} label names", values.size(), names.size()));
  }
  thread_local std::string key;
  key.clear();
  size_t i = 0;
  for (std::string_view v : values) AppendLabel(key, names[i++], v);
  return key;
}

}  // namespace

std::string RenderLabels(const Labels& labels) {
  std::string out;
  for (const auto& [name, value] : labels) AppendLabel(out, name, value);
  return out;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  // Buckets are `le` (less or equal): the first bound >= v.
  const size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

core::Counter& CounterFamily::With(std::initializer_list<std::string_view> values) {
  return *static_cast<Metrics::Family*>(family_)->Get(FamilyKey(label_names_, values)).counter;
}

core::Histogram& HistogramFamily::With(std::initializer_list<std::string_view> values) {
  return *static_cast<Metrics::Family*>(family_)->Get(FamilyKey(label_names_, values)).histogram;
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Family& Metrics::GetFamily(std::string_view name, std::string_view help, Type type) {
  Family* family = nullptr;
  {
    std::shared_lock lock(mu_);
    if (auto it = families_.find(name); it != families_.end()) family = it->second.get();
  }
  if (family == nullptr) {
    std::unique_lock lock(mu_);
    auto [it, inserted] = families_.try_emplace(std::string(name));
    if (inserted) {
      it->second = std::make_unique<Family>();
      it->second->name = std::string(name);
      it->second->help = std::string(help);
      it->second->type = type;
    }
    family = it->second.get();
  }
  if (family->type != type) {
    Die(fmt::format("metric '{}' is a {}, not a {}", name, TypeName(static_cast<int>(family->type)),
                    TypeName(static_cast<int>(type))));
  }
  return *family;
}

Metrics::Series& Metrics::GetSeries(std::string_view name, std::string_view help, Type type,
                                    std::string_view key, const std::vector<double>* bounds) {
  Family& family = GetFamily(name, help, type);
  if (bounds != nullptr) {
    std::unique_lock lock(family.mu);
    if (family.series.empty() && family.bounds.empty()) family.bounds = *bounds;
  }
  return family.Get(key);
}

core::Counter& Metrics::Counter(std::string_view name, std::string_view help,
                                const Labels& labels) {
  return *GetSeries(name, help, Type::kCounter, RenderLabels(labels), nullptr).counter;
}

core::Gauge& Metrics::Gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return *GetSeries(name, help, Type::kGauge, RenderLabels(labels), nullptr).gauge;
}

void Metrics::GaugeCallback(std::string_view name, std::string_view help, const Labels& labels,
                            std::function<double()> fn) {
  Family& family = GetFamily(name, help, Type::kGauge);
  Series& series = family.Get(RenderLabels(labels));
  std::unique_lock lock(family.mu);
  series.callback = std::move(fn);
}

void Metrics::RemoveGaugeCallback(std::string_view name, const Labels& labels) {
  Family* family = nullptr;
  {
    std::shared_lock lock(mu_);
    auto it = families_.find(name);
    if (it == families_.end()) return;
    family = it->second.get();
  }
  std::unique_lock lock(family->mu);
  family->series.erase(RenderLabels(labels));
}

core::Histogram& Metrics::Histogram(std::string_view name, std::string_view help,
                                    const Labels& labels, std::vector<double> bounds) {
  return *GetSeries(name, help, Type::kHistogram, RenderLabels(labels), &bounds).histogram;
}

core::CounterFamily& Metrics::CounterFamily(std::string_view name, std::string_view help,
                                            std::vector<std::string> label_names) {
  Family& family = GetFamily(name, help, Type::kCounter);
  std::unique_lock lock(mu_);
  counter_families_.push_back(std::unique_ptr<core::CounterFamily>(
      new core::CounterFamily(&family, std::move(label_names))));
  return *counter_families_.back();
}

core::HistogramFamily& Metrics::HistogramFamily(std::string_view name, std::string_view help,
                                                std::vector<std::string> label_names,
                                                std::vector<double> bounds) {
  Family& family = GetFamily(name, help, Type::kHistogram);
  {
    std::unique_lock lock(family.mu);
    if (family.series.empty() && family.bounds.empty()) family.bounds = std::move(bounds);
  }
  std::unique_lock lock(mu_);
  histogram_families_.push_back(std::unique_ptr<core::HistogramFamily>(
      new core::HistogramFamily(&family, std::move(label_names))));
  return *histogram_families_.back();
}

std::string Metrics::Render() const {
  std::string out;
  std::shared_lock lock(mu_);
  for (const auto& [name, family] : families_) {
    std::shared_lock family_lock(family->mu);
    if (family->series.empty()) continue;
    out += "# HELP ";
    out += name;
    out += ' ';
    AppendEscaped(out, family->help, false);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += TypeName(static_cast<int>(family->type));
    out += '\n';
    for (const auto& [labels, series] : family->series) {
      const std::string braced = labels.empty() ? "" : "{" + labels + "}";
      switch (family->type) {
        case Type::kCounter:
          out += fmt::format("{}{} {}\n", name, braced, series->counter->Value());
          break;
        case Type::kGauge: {
          const double v = series->callback ? series->callback() : series->gauge->Value();
          out += fmt::format("{}{} {}\n", name, braced, FormatNumber(v));
          break;
        }
        case Type::kHistogram: {
          const auto& h = *series->histogram;
          const auto counts = h.CumulativeCounts();
          const std::string prefix = labels.empty() ? "" : labels + ",";
          for (size_t i = 0; i < h.bounds().size(); ++i) {
            out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, prefix,
                               FormatNumber(h.bounds()[i]), counts[i]);
          }
          out += fmt::format("{}_bucket{{{}le=\"+Inf\"}} {}\n", name, prefix, counts.back());
          out += fmt::format("{}_sum{} {}\n", name, braced, FormatNumber(h.Sum()));
          out += fmt::format("{}_count{} {}\n", name, braced, counts.back());
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace leados::core
