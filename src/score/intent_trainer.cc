#include "score/intent_trainer.h"

#include <fasttext/fasttext.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "score/intent_model.h"
#include "score/text_normalizer.h"

namespace leados::score {
namespace {

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

bool IsHeldOut(const LabelledExample& example, int holdout_percent) {
  return static_cast<int>(Fnv1a(example.title + "\n" + example.text) % 100) < holdout_percent;
}

core::Result<TrainReport> TrainIntentModel(const std::vector<LabelledExample>& examples,
                                           const TrainOptions& options,
                                           const std::string& out_path) {
  if (examples.size() < 50) {
    return core::InvalidArgument(
        fmt::format("training needs at least 50 labelled examples, got {}", examples.size()));
  }
  std::array<int, kIntentClassCount> per_class{};
  for (const auto& ex : examples) per_class[static_cast<int>(ex.label)]++;
  for (IntentClass c : kAllIntentClasses) {
    if (per_class[static_cast<int>(c)] == 0) {
      return core::InvalidArgument(
          fmt::format("training data has no example of class '{}'", IntentClassName(c)));
    }
  }

  std::vector<const LabelledExample*> train, holdout;
  for (const auto& ex : examples)
    (IsHeldOut(ex, options.holdout_percent) ? holdout : train).push_back(&ex);

  std::error_code ec;
  const std::filesystem::path out(out_path);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
  const std::string tmp = out_path + ".train.tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    for (const auto* ex : train) {
      f << "__label__" << IntentClassName(ex->label) << ' '
        << NormalizeForModel(ex->title, ex->text) << '\n';
    }
    if (!f) return core::Internal(fmt::format("cannot write training file '{}'", tmp));
  }

  try {
    fasttext::Args args;
    args.input = tmp;
    args.output = out_path;
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::softmax;
    args.dim = options.dim;
    args.epoch = options.epoch;
    args.lr = options.lr;
    args.wordNgrams = options.word_ngrams;
    args.bucket = options.bucket;
    args.minn = options.minn;
    args.maxn = options.maxn;
    args.minCount = options.min_count;
    args.thread = options.threads;
    args.seed = options.seed;
    args.verbose = 0;
    fasttext::FastText ft;
    ft.train(args);
    if (options.quantize) {
      fasttext::Args q = args;
      q.qnorm = true;
      q.cutoff = 0;
      q.retrain = false;
      q.dsub = 2;
      ft.quantize(q);
    }
    ft.saveModel(out_path);
  } catch (const std::exception& e) {
    std::filesystem::remove(tmp, ec);
    return core::Internal(fmt::format("fastText training failed: {}", e.what()));
  }
  std::filesystem::remove(tmp, ec);

  auto model = IntentModel::Load(out_path);
  if (!model) return core::Fail(model.error());
  std::vector<double> probs;
  std::vector<bool> is_intent;
  for (const auto* ex : holdout) {
    probs.push_back((*model)->Predict(ex->title, ex->text).raw_intent_probability);
    is_intent.push_back(IsIntent(ex->label));
  }
  TrainReport report;
  report.train_examples = train.size();
  report.holdout_examples = holdout.size();
  auto cal = PlattCalibration::Fit(probs, is_intent);
  if (!cal) return core::Fail(cal.error());
  if (options.expected_intent_rate > 0 && options.expected_intent_rate < 1) {
    const double held_rate =
        static_cast<double>(std::count(is_intent.begin(), is_intent.end(), true)) /
        is_intent.size();
    auto logit = [](double p) { return std::log(p / (1 - p)); };
    cal = PlattCalibration(cal->a(),
                           cal->b() + logit(options.expected_intent_rate) - logit(held_rate));
  }
  if (!(options.decision_threshold > 0 && options.decision_threshold < 1)) {
    return core::InvalidArgument(fmt::format(
        "decision threshold must be between 0 and 1 (exclusive), got {}", options.decision_threshold));
  }
  cal = PlattCalibration(cal->a(), cal->b(), options.decision_threshold);
  report.calibration = *cal;
  if (auto s = cal->Save(CalibrationPathFor(out_path)); !s) return core::Fail(s.error());
  (*model)->set_calibration(*cal);

  std::vector<int> scores;
  for (const auto* ex : holdout) {
    const IntentPrediction p = (*model)->Predict(ex->title, ex->text);
    report.holdout.Add(ex->label, p.label);
    scores.push_back(p.intent_score);
  }
  report.holdout_deciles = ScoreDeciles(scores, is_intent);
  report.model_bytes = (*model)->file_bytes();
  report.model_description = (*model)->Describe();
  return report;
}

}  // namespace leados::score
