#pragma once
// The logic of `leados model train`, `leados model eval` and `leados score`, on streams, so the
// CLI file stays thin and tests can drive them in-process. Each returns the process exit code:
// 0 success, 1 failure (message on `err`), 2 usage error.

#include <iosfwd>
#include <string>

#include "score/intent_trainer.h"

namespace leados::score {

struct ModelTrainArgs {
  std::string data_path = "data/intent/train.jsonl";
  std::string out_path;  // required
  TrainOptions options;
};

struct ModelEvalArgs {
  std::string model_path;  // required
  std::string data_path;   // labelled JSON lines; or, with `dev`, ignored
  bool dev = false;        // join labels_path with <shared>/data/posts-dev.jsonl
  std::string labels_path = "data/intent/dev-labels.jsonl";
  std::string posts_path;  // default: SharedDir() + "/data/posts-dev.jsonl"
};

// Trains and writes the model and its calibration; prints a Markdown report (held-out figures,
// calibration table, model size) to `out`.
int RunModelTrain(const ModelTrainArgs& args, std::ostream& out, std::ostream& err);

// Prints, in Markdown: the model's per-class precision/recall/F1, intent-vs-none, the confusion
// matrix; the same for the keyword baseline; and the observed intent rate per intent-score decile.
int RunModelEval(const ModelEvalArgs& args, std::ostream& out, std::ostream& err);

// Reads `{"text", "title"?, "source"?}` JSON lines from `in` and writes one line per input line:
// `{"label","probability","intent_score"}`, or `{"error":{"code","message"}}` for a line that is
// not valid (so output line N always answers input line N). Blank lines are skipped. Returns 1 if
// the model cannot be loaded or any line was invalid, else 0.
int RunScore(const std::string& model_path, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace leados::score
