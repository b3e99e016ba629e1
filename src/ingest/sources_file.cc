#include "ingest/sources_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace leados::ingest {
namespace {

namespace json = core::json;

json::value TomlToJson(const toml::node& node) {
  if (auto t = node.as_table()) {
    json::object o;
    for (const auto& [k, v] : *t) o[std::string(k.str())] = TomlToJson(v);
    return o;
  }
  if (auto a = node.as_array()) {
    json::array out;
    for (const auto& v : *a) out.push_back(TomlToJson(v));
    return out;
  }
  if (node.is_string()) return json::value(*node.value<std::string>());
  if (node.is_integer()) return json::value(*node.value<int64_t>());
  if (node.is_floating_point()) return json::value(*node.value<double>());
  if (node.is_boolean()) return json::value(*node.value<bool>());
  // Dates and times: their TOML text.
  std::ostringstream ss;
  node.visit([&ss](const auto& v) {
    if constexpr (toml::is_date<decltype(v)> || toml::is_time<decltype(v)> ||
                  toml::is_date_time<decltype(v)>) {
      ss << v;
    }
  });
  return json::value(ss.str());
}

}  // namespace

core::Result<SourceSpec> SourceSpecFromJson(const json::object& o) {
  for (const auto& [k, v] : o) {
    const std::string_view key = k;
    if (key != "name" && key != "kind" && key != "interval_seconds" && key != "enabled" &&
        key != "settings") {
      return core::InvalidArgument(fmt::format(
          "{}: unknown field (allowed: name, kind, interval_seconds, enabled, settings)", key));
    }
  }
  SourceSpec spec;
  auto name = core::ReqString(o, "name");
  if (!name) return core::InvalidArgument("name: required, a string");
  spec.name = *name;
  auto kind = core::ReqString(o, "kind");
  if (!kind) return core::InvalidArgument("kind: required, a string");
  auto type = ParseSourceType(*kind);
  if (!type) {
    return core::InvalidArgument(
        "kind: must be one of feed, press, hn, reddit, greenhouse, lever, ashby, jobpage, jsonl; "
        "got '" +
        *kind + "'");
  }
  spec.type = *type;
  auto interval = core::OptInt(o, "interval_seconds");
  if (!interval) return core::InvalidArgument("interval_seconds: must be a whole number");
  spec.interval_seconds = interval->value_or(0);
  if (interval->has_value() && **interval == 0) {
    return core::InvalidArgument(fmt::format("interval_seconds: must be from {} to {}, got 0",
                                             kMinIntervalSeconds, kMaxIntervalSeconds));
  }
  auto enabled = core::OptBool(o, "enabled");
  if (!enabled) return core::InvalidArgument("enabled: must be true or false");
  spec.enabled = enabled->value_or(true);
  if (auto it = o.find("settings"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return core::InvalidArgument("settings: must be an object");
    spec.settings = it->value().as_object();
  }
  return spec;
}

core::Result<std::vector<SourceSpec>> ParseSourcesText(std::string_view text, bool as_json) {
  json::array entries;
  if (as_json) {
    auto o = core::ParseJsonObject(text);
    if (!o) return core::Fail(o.error());
    auto it = o->find("sources");
    if (it == o->end() || !it->value().is_array()) {
      return core::InvalidArgument("the top level must be {\"sources\": [ … ]}");
    }
    entries = it->value().as_array();
  } else {
    toml::table table;
    try {
      table = toml::parse(text);
    } catch (const toml::parse_error& e) {
      return core::InvalidArgument(
          fmt::format("line {}: {}", e.source().begin.line, std::string(e.description())));
    }
    for (const auto& [k, v] : table) {
      if (k.str() != "source") {
        return core::InvalidArgument(fmt::format(
            "{}: unknown top-level key (sources are [[source]] tables)", std::string(k.str())));
      }
    }
    if (auto* arr = table["source"].as_array()) {
      for (const auto& node : *arr) entries.push_back(TomlToJson(node));
    } else if (table.contains("source")) {
      return core::InvalidArgument("source: write each source as a [[source]] table");
    }
  }
  std::vector<SourceSpec> specs;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].is_object()) {
      return core::InvalidArgument(fmt::format("source #{}: must be a table", i + 1));
    }
    auto spec = SourceSpecFromJson(entries[i].as_object());
    if (!spec) {
      return core::InvalidArgument(fmt::format("source #{} ('{}'): {}", i + 1,
                                               core::StringOr(entries[i].as_object(), "name"),
                                               spec.error().message));
    }
    specs.push_back(std::move(*spec));
  }
  return specs;
}

core::Result<std::vector<SourceSpec>> ReadSourcesFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::NotFound(fmt::format("cannot read the sources file {}", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  auto specs = ParseSourcesText(ss.str(), file.extension() == ".json");
  if (!specs) {
    return core::InvalidArgument(fmt::format("{}: {}", file.string(), specs.error().message));
  }
  return specs;
}

}  // namespace leados::ingest
