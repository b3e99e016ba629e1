#include "score/labelled_data.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <unordered_map>

#include "core/json.h"

namespace leados::score {
namespace {

core::Result<LabelledExample> ParseLine(std::string_view line, size_t line_no, bool need_label) {
  auto obj = core::ParseJsonObject(line);
  if (!obj) return core::InvalidArgument(fmt::format("line {}: {}", line_no, obj.error().message));
  LabelledExample ex;
  ex.id = core::StringOr(*obj, "id", fmt::format("line:{}", line_no));
  ex.title = core::StringOr(*obj, "title");
  ex.text = core::StringOr(*obj, "text");
  ex.source = core::StringOr(*obj, "source");
  if (ex.text.empty() && ex.title.empty()) {
    return core::InvalidArgument(
        fmt::format("line {}: needs a non-empty \"text\" or \"title\"", line_no));
  }
  if (need_label) {
    const std::string label = core::StringOr(*obj, "label");
    auto c = ParseIntentClass(label);
    if (!c) {
      return core::InvalidArgument(
          fmt::format("line {}: \"label\" must be one of seeking, switching, hiring, "
                      "company_event, none; got '{}'",
                      line_no, label));
    }
    ex.label = *c;
  }
  return ex;
}

}  // namespace

core::Result<std::vector<LabelledExample>> ReadLabelledJsonl(std::istream& in) {
  std::vector<LabelledExample> out;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto ex = ParseLine(line, line_no, /*need_label=*/true);
    if (!ex) return core::Fail(ex.error());
    out.push_back(std::move(*ex));
  }
  return out;
}

core::Result<std::vector<LabelledExample>> ReadLabelledJsonlFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::NotFound(fmt::format("cannot open labelled data file '{}'", path));
  auto r = ReadLabelledJsonl(in);
  if (!r) return core::Fail(r.error().code, fmt::format("{}: {}", path, r.error().message));
  return r;
}

core::Result<std::vector<LabelledExample>> ReadDevSet(const std::string& labels_path,
                                                      const std::string& posts_path) {
  std::ifstream posts_in(posts_path);
  if (!posts_in) {
    return core::NotFound(fmt::format(
        "cannot open dev posts '{}' (set LEADOS_SHARED to the shared folder)", posts_path));
  }
  std::unordered_map<std::string, LabelledExample> posts;
  std::string line;
  size_t line_no = 0;
  while (std::getline(posts_in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto ex = ParseLine(line, line_no, /*need_label=*/false);
    if (!ex)
      return core::Fail(ex.error().code, fmt::format("{}: {}", posts_path, ex.error().message));
    posts.emplace(ex->id, std::move(*ex));
  }
  std::ifstream labels_in(labels_path);
  if (!labels_in) return core::NotFound(fmt::format("cannot open dev labels '{}'", labels_path));
  std::vector<LabelledExample> out;
  line_no = 0;
  while (std::getline(labels_in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto obj = core::ParseJsonObject(line);
    if (!obj) {
      return core::InvalidArgument(
          fmt::format("{}: line {}: {}", labels_path, line_no, obj.error().message));
    }
    const std::string id = core::StringOr(*obj, "id");
    const std::string label = core::StringOr(*obj, "label");
    auto c = ParseIntentClass(label);
    if (id.empty() || !c) {
      return core::InvalidArgument(
          fmt::format("{}: line {}: needs \"id\" and a \"label\" among seeking, switching, hiring, "
                      "company_event, none",
                      labels_path, line_no));
    }
    auto it = posts.find(id);
    if (it == posts.end()) {
      return core::NotFound(fmt::format("{}: line {}: post id '{}' is not in {}", labels_path,
                                        line_no, id, posts_path));
    }
    LabelledExample ex = it->second;
    ex.label = *c;
    out.push_back(std::move(ex));
  }
  return out;
}

std::string SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s != nullptr && *s != '\0') return s;
  if (const char* s = std::getenv("LEADOS_SOURCE_DIR"); s != nullptr && *s != '\0') {
    return std::string(s) + "/../shared";
  }
  return "../shared";
}

}  // namespace leados::score
