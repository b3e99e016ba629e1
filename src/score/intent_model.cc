#include "score/intent_model.h"

#include <fasttext/fasttext.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "score/text_normalizer.h"

namespace leados::score {

struct IntentModel::Impl {
  fasttext::FastText ft;
  // fastText label index -> our class.
  std::vector<IntentClass> label_to_class;
};

std::string CalibrationPathFor(const std::string& model_path) {
  return model_path + ".calibration.json";
}

IntentModel::IntentModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IntentModel::~IntentModel() = default;

core::Result<std::unique_ptr<IntentModel>> IntentModel::Load(const std::string& model_path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(model_path, ec);
  if (ec) {
    return core::NotFound(
        fmt::format("intent model '{}' not found; build it with `leados model train --out {}`",
                    model_path, model_path));
  }
  auto impl = std::make_unique<Impl>();
  try {
    impl->ft.loadModel(model_path);
  } catch (const std::exception& e) {
    return core::InvalidArgument(
        fmt::format("'{}' is not a fastText model: {}", model_path, e.what()));
  }
  if (impl->ft.getArgs().model != fasttext::model_name::sup) {
    return core::InvalidArgument(
        fmt::format("'{}' is not a supervised fastText model", model_path));
  }
  auto dict = impl->ft.getDictionary();
  for (int32_t i = 0; i < dict->nlabels(); ++i) {
    std::string name = dict->getLabel(i);
    if (name.starts_with("__label__")) name = name.substr(9);
    auto c = ParseIntentClass(name);
    if (!c) {
      return core::InvalidArgument(
          fmt::format("'{}' has label '{}', which is not an intent class", model_path, name));
    }
    impl->label_to_class.push_back(*c);
  }
  std::unique_ptr<IntentModel> model(new IntentModel(std::move(impl)));
  model->file_bytes_ = static_cast<int64_t>(size);
  const std::string cal_path = CalibrationPathFor(model_path);
  if (std::filesystem::exists(cal_path)) {
    auto cal = PlattCalibration::Load(cal_path);
    if (!cal) return core::Fail(cal.error());
    model->calibration_ = *cal;
  }
  return model;
}

IntentPrediction IntentModel::Predict(std::string_view title, std::string_view text) const {
  return PredictNormalized(NormalizeForModel(title, text));
}

IntentPrediction IntentModel::PredictNormalized(std::string_view normalized) const {
  IntentPrediction out;
  std::string line(normalized);
  line.push_back('\n');
  std::istringstream in(std::move(line));
  std::vector<std::pair<fasttext::real, std::string>> preds;
  // k = -1: every label with its probability (softmax), threshold 0.
  impl_->ft.predictLine(in, preds, -1, 0.0);
  for (const auto& [p, name] : preds) {
    std::string_view n = name;
    if (n.starts_with("__label__")) n.remove_prefix(9);
    if (auto c = ParseIntentClass(n)) out.class_probabilities[static_cast<int>(*c)] = p;
  }
  if (preds.empty()) out.class_probabilities[static_cast<int>(IntentClass::kNone)] = 1.0;
  out.raw_intent_probability =
      std::clamp(1.0 - out.class_probabilities[static_cast<int>(IntentClass::kNone)], 0.0, 1.0);
  out.intent_probability = calibration_.Apply(out.raw_intent_probability);
  out.intent_score = static_cast<int>(std::lround(100.0 * out.intent_probability));
  if (out.intent_probability >= calibration_.threshold()) {
    IntentClass best = IntentClass::kSeeking;
    for (IntentClass c : kAllIntentClasses) {
      if (c == IntentClass::kNone) continue;
      if (out.class_probabilities[static_cast<int>(c)] >
          out.class_probabilities[static_cast<int>(best)]) {
        best = c;
      }
    }
    out.label = best;
  } else {
    out.label = IntentClass::kNone;
  }
  out.probability = out.class_probabilities[static_cast<int>(out.label)];
  return out;
}

std::string IntentModel::Describe() const {
  const fasttext::Args args = impl_->ft.getArgs();
  return fmt::format("dim={} wordNgrams={} bucket={} minn={} maxn={} epoch={} quantised={}",
                     args.dim, args.wordNgrams, args.bucket, args.minn, args.maxn, args.epoch,
                     impl_->ft.isQuant() ? "yes" : "no");
}

}  // namespace leados::score
