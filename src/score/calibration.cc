#include "score/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/json.h"

namespace leados::score {
namespace {

double Logit(double p) {
  p = std::clamp(p, 1e-6, 1.0 - 1e-6);
  return std::log(p / (1.0 - p));
}

double Sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace

core::Result<PlattCalibration> PlattCalibration::Fit(const std::vector<double>& probabilities,
                                                     const std::vector<bool>& is_intent) {
  if (probabilities.size() != is_intent.size()) {
    return core::InvalidArgument("calibration: probabilities and labels differ in length");
  }
  const double pos = static_cast<double>(std::count(is_intent.begin(), is_intent.end(), true));
  const double neg = static_cast<double>(is_intent.size()) - pos;
  if (pos == 0 || neg == 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "calibration needs held-out examples of both intent and none");
  }
  // Platt's smoothed targets keep the fit finite when the classes separate perfectly.
  const double t_pos = (pos + 1.0) / (pos + 2.0);
  const double t_neg = 1.0 / (neg + 2.0);
  std::vector<double> x(probabilities.size()), t(probabilities.size());
  for (size_t i = 0; i < probabilities.size(); ++i) {
    x[i] = Logit(probabilities[i]);
    t[i] = is_intent[i] ? t_pos : t_neg;
  }
  auto loss = [&](double a, double b) {
    double l = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const double z = a * x[i] + b;
      // log(1 + e^z) - t z, computed without overflow
      l += (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) - t[i] * z;
    }
    return l;
  };
  double a = 1.0, b = 0.0;
  double current = loss(a, b);
  for (int iter = 0; iter < 100; ++iter) {
    double g_a = 0, g_b = 0, h_aa = 1e-6, h_ab = 0, h_bb = 1e-6;
    for (size_t i = 0; i < x.size(); ++i) {
      const double p = Sigmoid(a * x[i] + b);
      const double d = p - t[i];
      const double w = p * (1.0 - p);
      g_a += d * x[i];
      g_b += d;
      h_aa += w * x[i] * x[i];
      h_ab += w * x[i];
      h_bb += w;
    }
    const double det = h_aa * h_bb - h_ab * h_ab;
    if (std::abs(det) < 1e-12) break;
    const double da = (h_bb * g_a - h_ab * g_b) / det;
    const double db = (h_aa * g_b - h_ab * g_a) / det;
    // Backtracking line search: Newton steps overshoot when the classes nearly separate.
    double step = 1.0;
    double next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const bool converged = current - next < 1e-10 * (1 + std::abs(current));
    current = next;
    if (converged) break;
  }
  if (!(a > 0) || !std::isfinite(b)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("calibration fit is not increasing (a = {:.4f}): the model ranks "
                                  "held-out intent no better than chance",
                                  a));
  }
  return PlattCalibration(a, b);
}

double PlattCalibration::Apply(double p) const {
  return Sigmoid(a_ * Logit(p) + b_);
}

std::string PlattCalibration::ToJson() const {
  return fmt::format("{{\"method\":\"platt\",\"a\":{:.9g},\"b\":{:.9g},\"threshold\":{:.9g}}}",
                     a_, b_, threshold_);
}

core::Result<PlattCalibration> PlattCalibration::FromJson(std::string_view json) {
  auto obj = core::ParseJsonObject(json);
  if (!obj) return core::Fail(obj.error());
  auto a = core::OptDouble(*obj, "a");
  auto b = core::OptDouble(*obj, "b");
  if (!a || !b || !a->has_value() || !b->has_value()) {
    return core::InvalidArgument("calibration JSON needs numbers \"a\" and \"b\"");
  }
  if (!(**a > 0)) return core::InvalidArgument("calibration \"a\" must be positive");
  auto threshold = core::OptDouble(*obj, "threshold");
  if (!threshold) return core::InvalidArgument("calibration \"threshold\" must be a number");
  const double t = threshold->value_or(0.5);
  if (!(t > 0 && t < 1)) {
    return core::InvalidArgument(
        fmt::format("calibration \"threshold\" must be between 0 and 1 (exclusive), got {}", t));
  }
  return PlattCalibration(**a, **b, t);
}

core::Result<PlattCalibration> PlattCalibration::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::NotFound(fmt::format("cannot open calibration file '{}'", path));
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = FromJson(ss.str());
  if (!r) return core::Fail(r.error().code, fmt::format("{}: {}", path, r.error().message));
  return r;
}

core::Status PlattCalibration::Save(const std::string& path) const {
  std::ofstream out(path, std::ios::trunc);
  out << ToJson() << "\n";
  if (!out) return core::Internal(fmt::format("cannot write calibration file '{}'", path));
  return core::Ok();
}

std::vector<DecileRow> ScoreDeciles(const std::vector<int>& scores,
                                    const std::vector<bool>& is_intent) {
  std::vector<DecileRow> rows(10);
  for (int i = 0; i < 10; ++i) {
    rows[i].lo = i * 10;
    rows[i].hi = i == 9 ? 101 : (i + 1) * 10;
  }
  for (size_t i = 0; i < scores.size() && i < is_intent.size(); ++i) {
    const int bucket = std::clamp(scores[i] / 10, 0, 9);
    rows[bucket].count++;
    if (is_intent[i]) rows[bucket].intents++;
  }
  return rows;
}

std::vector<DecileRow> QuantileDeciles(const std::vector<double>& probabilities,
                                       const std::vector<bool>& is_intent) {
  const size_t n = std::min(probabilities.size(), is_intent.size());
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return probabilities[x] < probabilities[y]; });
  std::vector<DecileRow> rows(10);
  for (size_t i = 0; i < 10; ++i) {
    DecileRow& row = rows[i];
    row.lo = row.hi = 0;
    const size_t begin = i * n / 10, end = (i + 1) * n / 10;
    for (size_t k = begin; k < end; ++k) {
      const size_t j = order[k];
      const int score = static_cast<int>(std::lround(100.0 * std::clamp(probabilities[j], 0.0, 1.0)));
      if (row.count == 0 || score < row.lo) row.lo = score;
      if (row.count == 0 || score + 1 > row.hi) row.hi = score + 1;
      row.count++;
      if (is_intent[j]) row.intents++;
    }
  }
  return rows;
}

}  // namespace leados::score
