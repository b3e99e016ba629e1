#pragma once
// Labelled examples for training and evaluation, read from JSON lines: the training corpus
// (data/intent/train.jsonl) and the dev set, whose labels (data/intent/dev-labels.jsonl, by post
// id) are joined at run time with the posts in $LEADOS_SHARED/data/posts-dev.jsonl.

#include <istream>
#include <string>
#include <vector>

#include "core/result.h"
#include "score/intent_class.h"

namespace leados::score {

struct LabelledExample {
  std::string id;     // post id (dev set) or "line:N" (corpus)
  std::string title;  // may be empty
  std::string text;
  std::string source;  // may be empty
  IntentClass label = IntentClass::kNone;
};

// Reads `{"text", "title"?, "source"?, "label"}` lines; blank lines are skipped. A line that is
// not such an object, or has an unknown label, is kInvalidArgument naming the line number.
core::Result<std::vector<LabelledExample>> ReadLabelledJsonl(std::istream& in);
core::Result<std::vector<LabelledExample>> ReadLabelledJsonlFile(const std::string& path);

// Joins `{"id","label"}` lines (labels_path) with the posts file (posts_path, `{"id","title",
// "text","source",...}` lines) by id, in the order of the labels file. A label whose id is not
// in the posts file is kNotFound; a post without a label is left out.
core::Result<std::vector<LabelledExample>> ReadDevSet(const std::string& labels_path,
                                                      const std::string& posts_path);

// The shared data folder: $LEADOS_SHARED, else "$LEADOS_SOURCE_DIR/../shared", else "../shared".
std::string SharedDir();

}  // namespace leados::score
