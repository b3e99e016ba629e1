#pragma once
// The trained intent classifier (a fastText supervised model) and its calibration, behind our own
// types so that no fastText header leaks out of intent_model.cc.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "score/calibration.h"
#include "score/intent_class.h"

namespace leados::score {

// What the model says about one signal.
struct IntentPrediction {
  IntentClass label = IntentClass::kNone;  // intent class when intent_probability >= the calibration's threshold (0.5 by default), else none
  double probability = 0;                  // the model's probability of `label`
  std::array<double, kIntentClassCount> class_probabilities{};  // index = IntentClass, sums to ~1
  double raw_intent_probability = 0;                            // 1 - P(none), before calibration
  double intent_probability = 0;                                // calibrated P(intent)
  int intent_score = 0;  // round(100 * intent_probability), 0–100
};

// The calibration file that belongs to a model file: "<model_path>.calibration.json".
std::string CalibrationPathFor(const std::string& model_path);

class IntentModel {
 public:
  // Loads a fastText model file (.bin or quantised .ftz) and, when present, its calibration
  // file; without one the identity calibration is used. kNotFound if the model file is missing,
  // kInvalidArgument if it is not a supervised fastText model with our labels.
  static core::Result<std::unique_ptr<IntentModel>> Load(const std::string& model_path);
  ~IntentModel();
  IntentModel(const IntentModel&) = delete;
  IntentModel& operator=(const IntentModel&) = delete;

  // Classifies a signal. Thread-safe (const, no shared mutable state).
  IntentPrediction Predict(std::string_view title, std::string_view text) const;
  // As Predict, on text already passed through NormalizeForModel.
  IntentPrediction PredictNormalized(std::string_view normalized) const;

  const PlattCalibration& calibration() const { return calibration_; }
  void set_calibration(const PlattCalibration& c) { calibration_ = c; }
  // Size of the model file in bytes.
  int64_t file_bytes() const { return file_bytes_; }
  // The fastText hyper-parameters, e.g. "dim=50 wordNgrams=2 bucket=200000 minn=0 maxn=0
  // quantised=yes".
  std::string Describe() const;

 private:
  struct Impl;
  explicit IntentModel(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  PlattCalibration calibration_;
  int64_t file_bytes_ = 0;
};

}  // namespace leados::score
