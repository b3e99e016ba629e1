#include "score/score_commands.h"

#include <fmt/format.h>

#include <cmath>
#include <istream>
#include <ostream>

#include "core/json.h"
#include "score/intent_model.h"
#include "score/keyword_baseline.h"
#include "score/labelled_data.h"

namespace leados::score {
namespace {

std::string DecileTable(const std::vector<DecileRow>& rows) {
  std::string out =
      "| intent score | signals | labelled intent | observed intent rate |\n|---|---:|---:|---:|\n";
  for (const auto& r : rows) {
    out +=
        fmt::format("| {}–{} | {} | {} | {} |\n", r.lo, std::min(r.hi, 101) - 1, r.count, r.intents,
                    r.count == 0 ? std::string("–") : fmt::format("{:.3f}", r.observed_rate()));
  }
  return out;
}

std::string Mb(int64_t bytes) {
  return fmt::format("{:.2f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

int RunModelTrain(const ModelTrainArgs& args, std::ostream& out, std::ostream& err) {
  if (args.out_path.empty()) {
    err << "leados: model train needs --out PATH\n";
    return 2;
  }
  auto data = ReadLabelledJsonlFile(args.data_path);
  if (!data) {
    err << "leados: " << data.error().message << "\n";
    return 1;
  }
  auto report = TrainIntentModel(*data, args.options, args.out_path);
  if (!report) {
    err << "leados: " << report.error().message << "\n";
    return 1;
  }
  out << fmt::format(
      "# Intent model trained\n\nmodel: {} ({}, {})\n"
      "calibration: {} (a = {:.4f}, b = {:.4f}, intent from {:.2f})\n"
      "training examples: {}, held-out examples: {}\n\n",
      args.out_path, Mb(report->model_bytes), report->model_description,
      CalibrationPathFor(args.out_path), report->calibration.a(), report->calibration.b(),
      report->calibration.threshold(), report->train_examples, report->holdout_examples);
  out << report->holdout.ToMarkdown("Held-out part of the training corpus") << "\n";
  out << "Calibration on the held-out part\n\n" << DecileTable(report->holdout_deciles);
  return 0;
}

int RunModelEval(const ModelEvalArgs& args, std::ostream& out, std::ostream& err) {
  core::Result<std::vector<LabelledExample>> data;
  std::string what;
  if (args.dev) {
    const std::string posts =
        args.posts_path.empty() ? SharedDir() + "/data/posts-dev.jsonl" : args.posts_path;
    data = ReadDevSet(args.labels_path, posts);
    what = fmt::format("dev set ({} joined with {})", args.labels_path, posts);
  } else {
    if (args.data_path.empty()) {
      err << "leados: model eval needs --data FILE.jsonl or --dev\n";
      return 2;
    }
    data = ReadLabelledJsonlFile(args.data_path);
    what = args.data_path;
  }
  if (!data) {
    err << "leados: " << data.error().message << "\n";
    return 1;
  }
  auto model = IntentModel::Load(args.model_path);
  if (!model) {
    err << "leados: " << model.error().message << "\n";
    return 1;
  }
  ConfusionMatrix model_cm, baseline_cm;
  std::vector<int> scores;
  std::vector<double> probabilities;
  std::vector<bool> is_intent;
  for (const auto& ex : *data) {
    const IntentPrediction p = (*model)->Predict(ex.title, ex.text);
    model_cm.Add(ex.label, p.label);
    baseline_cm.Add(ex.label, KeywordBaselinePredict(ex.title, ex.text));
    scores.push_back(p.intent_score);
    probabilities.push_back(p.intent_probability);
    is_intent.push_back(IsIntent(ex.label));
  }
  out << fmt::format("# Intent model evaluation\n\ndata: {}\nmodel: {} ({}, {})\n\n", what,
                     args.model_path, Mb((*model)->file_bytes()), (*model)->Describe());
  out << model_cm.ToMarkdown("Model") << "\n";
  out << baseline_cm.ToMarkdown("Keyword baseline") << "\n";
  out << "### Calibration: observed intent rate per intent-score decile\n\n"
      << DecileTable(ScoreDeciles(scores, is_intent)) << "\n"
      << "### Calibration: observed intent rate per quantile decile (each a tenth of the signals, "
         "sorted by score)\n\n"
      << DecileTable(QuantileDeciles(probabilities, is_intent));
  const Prf m = model_cm.IntentVsNone(), b = baseline_cm.IntentVsNone();
  out << fmt::format("\nintent-vs-none F1: model {:.3f}, keyword baseline {:.3f}\n", m.f1(),
                     b.f1());
  return 0;
}

int RunScore(const std::string& model_path, std::istream& in, std::ostream& out,
             std::ostream& err) {
  auto model = IntentModel::Load(model_path);
  if (!model) {
    err << "leados: " << model.error().message << "\n";
    return 1;
  }
  std::string line;
  size_t line_no = 0;
  int bad = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string message, text, title;
    if (auto obj = core::ParseJsonObject(line); !obj) {
      message = obj.error().message;
    } else if (auto t = core::OptString(*obj, "text"); !t) {
      message = t.error().message;
    } else if (auto ti = core::OptString(*obj, "title"); !ti) {
      message = ti.error().message;
    } else if (!t->has_value() || (*t)->empty()) {
      message = "field 'text' is required";
    } else {
      text = **t;
      title = ti->value_or("");
    }
    if (!message.empty()) {
      ++bad;
      const std::string full = fmt::format("line {}: {}", line_no, message);
      err << "leados: " << full << "\n";
      out << core::ErrorBody(core::Error{core::ErrorCode::kInvalidArgument, full}) << "\n";
      continue;
    }
    const IntentPrediction p = (*model)->Predict(title, text);
    // Written by hand: Boost.JSON prints doubles in exponent form (9.51E-1).
    out << fmt::format("{{\"label\":\"{}\",\"probability\":{:.4f},\"intent_score\":{}}}\n",
                       IntentClassName(p.label), p.probability, p.intent_score);
  }
  return bad == 0 ? 0 : 1;
}

}  // namespace leados::score
