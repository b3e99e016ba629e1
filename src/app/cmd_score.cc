#include "app/cmd_score.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/cli_options.h"
#include "app/commands.h"
#include "score/score_commands.h"

namespace leados::app {
namespace {

struct ScoreCliOptions {
  CommonOptions common;
  std::string model;  // --model; default <data.dir>/intent.ftz
  score::ModelTrainArgs train;
  score::ModelEvalArgs eval;
};

// The model path: --model when given, else intent.ftz in the configured data folder.
bool ResolveModel(const ScoreCliOptions& o, std::string& path) {
  if (!o.model.empty()) {
    path = o.model;
    return true;
  }
  auto config = LoadConfig(o.common);
  if (!config) {
    SetExitCode(ConfigError(config.error()));
    return false;
  }
  path = config->GetString("data.dir") + "/intent.ftz";
  return true;
}

}  // namespace

void AddScoreCommands(CLI::App& app) {
  auto opts = std::make_shared<ScoreCliOptions>();

  CLI::App* model = app.add_subcommand("model", "Train and evaluate the intent model");
  model->require_subcommand(1);

  CLI::App* train =
      model->add_subcommand("train", "Train the intent model (fastText) and its calibration");
  AddCommonOptionsDataDir(*train, opts->common);
  train
      ->add_option("--data", opts->train.data_path,
                   "Labelled corpus, JSON lines {text,title?,source?,label}")
      ->capture_default_str();
  train->add_option("--out", opts->model, "Model file to write (default <data.dir>/intent.ftz)");
  train->add_option("--epoch", opts->train.options.epoch, "Training epochs")->capture_default_str();
  train->add_option("--dim", opts->train.options.dim, "Vector dimension")->capture_default_str();
  train->add_option("--lr", opts->train.options.lr, "Learning rate")->capture_default_str();
  train->add_option("--threshold", opts->train.options.decision_threshold,
                    "Calibrated probability from which a signal is intent")
      ->capture_default_str();
  train->add_option("--word-ngrams", opts->train.options.word_ngrams, "Longest word n-gram")
      ->capture_default_str();
  train->add_option("--bucket", opts->train.options.bucket, "Hash buckets for n-grams")
      ->capture_default_str();
  train->add_option("--minn", opts->train.options.minn, "Shortest character n-gram (0 = off)")
      ->capture_default_str();
  train->add_option("--maxn", opts->train.options.maxn, "Longest character n-gram (0 = off)")
      ->capture_default_str();
  train->add_flag(
      "--quantize", opts->train.options.quantize,
      "Product-quantise the model (5 MB instead of 40; slower to train and to predict)");
  train->callback([opts] {
    if (!ResolveModel(*opts, opts->train.out_path)) return;
    SetExitCode(score::RunModelTrain(opts->train, std::cout, std::cerr));
  });

  CLI::App* eval =
      model->add_subcommand("eval", "Precision, recall and F1 per class and for intent-vs-none");
  AddCommonOptionsDataDir(*eval, opts->common);
  eval->add_option("--data", opts->eval.data_path, "Labelled JSON lines {text,title?,label}");
  eval->add_flag("--dev", opts->eval.dev,
                 "Evaluate on the labelled dev set: data/intent/dev-labels.jsonl joined with "
                 "$LEADOS_SHARED/data/posts-dev.jsonl");
  eval->add_option("--labels", opts->eval.labels_path, "Dev labels file (with --dev)")
      ->capture_default_str();
  eval->add_option("--model", opts->model, "Model file (default <data.dir>/intent.ftz)");
  eval->callback([opts] {
    if (!ResolveModel(*opts, opts->eval.model_path)) return;
    SetExitCode(score::RunModelEval(opts->eval, std::cout, std::cerr));
  });

  CLI::App* score = app.add_subcommand(
      "score",
      "Read JSON lines {text,title?,source?} on stdin, write {label,probability,intent_score}");
  AddCommonOptions(*score, opts->common);
  score->add_option("--model", opts->model, "Model file (default <data.dir>/intent.ftz)");
  score->callback([opts] {
    std::string path;
    if (!ResolveModel(*opts, path)) return;
    SetExitCode(score::RunScore(path, std::cin, std::cout, std::cerr));
  });
}

}  // namespace leados::app
