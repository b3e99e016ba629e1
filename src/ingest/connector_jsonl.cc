#include "ingest/connector_jsonl.h"

#include <unordered_set>

#include "ingest/text_encoding.h"

namespace leados::ingest {

core::Result<Signal> ParseSignalLine(std::string_view line) {
  if (!IsValidUtf8(line)) return core::InvalidArgument("the line is not valid UTF-8");
  auto o = core::ParseJsonObject(line);
  if (!o) return core::Fail(o.error());
  return SignalFromJson(*o);
}

JsonlParse ParseSignalLines(std::string_view text, const ParseContext& ctx) {
  JsonlParse out;
  std::unordered_set<std::string> seen;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size()) {
    ++line_no;
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto s = ParseSignalLine(line);
    if (!s) {
      out.errors.push_back({line_no, s.error().message});
      continue;
    }
    if (s->feed_id.empty()) s->feed_id = ctx.feed_id;
    AddUnique(out.page, seen, std::move(*s));
  }
  return out;
}

}  // namespace leados::ingest
