#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <sstream>

extern char** environ;

namespace leados::core {
namespace {

std::string_view TypeName(ConfigType t) {
  switch (t) {
    case ConfigType::kString: return "a string";
    case ConfigType::kInt: return "an integer";
    case ConfigType::kBool: return "true or false";
    case ConfigType::kDouble: return "a number";
    case ConfigType::kStringList: return "a list of strings";
  }
  return "a value";
}

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Parses an environment variable's text as the key's type.
std::optional<ConfigValue> FromText(ConfigType type, std::string_view text) {
  switch (type) {
    case ConfigType::kString: return ConfigValue(std::string(text));
    case ConfigType::kInt: {
      int64_t v = 0;
      auto t = Trim(text);
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return std::nullopt;
      return ConfigValue(v);
    }
    case ConfigType::kBool: {
      auto t = Trim(text);
      std::transform(t.begin(), t.end(), t.begin(), ::tolower);
      if (t == "true" || t == "1" || t == "yes" || t == "on") return ConfigValue(true);
      if (t == "false" || t == "0" || t == "no" || t == "off") return ConfigValue(false);
      return std::nullopt;
    }
    case ConfigType::kDouble: {
      auto t = Trim(text);
      char* end = nullptr;
      double v = std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size()) return std::nullopt;
      return ConfigValue(v);
    }
    case ConfigType::kStringList: {
      std::vector<std::string> items;
      std::string_view rest = text;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        auto item = Trim(rest.substr(0, comma));
        if (!item.empty()) items.push_back(item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      return ConfigValue(std::move(items));
    }
  }
  return std::nullopt;
}

std::optional<ConfigValue> FromToml(ConfigType type, const toml::node& node) {
  switch (type) {
    case ConfigType::kString:
      if (auto v = node.value<std::string>(); v && node.is_string()) return ConfigValue(*v);
      return std::nullopt;
    case ConfigType::kInt:
      if (node.is_integer()) return ConfigValue(*node.value<int64_t>());
      return std::nullopt;
    case ConfigType::kBool:
      if (node.is_boolean()) return ConfigValue(*node.value<bool>());
      return std::nullopt;
    case ConfigType::kDouble:
      if (node.is_floating_point() || node.is_integer()) return ConfigValue(*node.value<double>());
      return std::nullopt;
    case ConfigType::kStringList: {
      const auto* arr = node.as_array();
      if (!arr) return std::nullopt;
      std::vector<std::string> items;
      for (const auto& el : *arr) {
        if (!el.is_string()) return std::nullopt;
        items.push_back(*el.value<std::string>());
      }
      return ConfigValue(std::move(items));
    }
  }
  return std::nullopt;
}

// A TOML basic string: double quotes, with backslash, quote and control characters escaped.
std::string QuoteTomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04X}", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

std::string ValueToToml(const ConfigValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return QuoteTomlString(x);
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string out = "[";
          for (size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + QuoteTomlString(x[i]);
          return out + "]";
        } else {
          return fmt::format("{}", x);
        }
      },
      v);
}

bool IsSet(const ConfigValue& v) {
  if (auto* s = std::get_if<std::string>(&v)) return !s->empty();
  if (auto* l = std::get_if<std::vector<std::string>>(&v)) return !l->empty();
  return true;
}

}  // namespace

std::string Config::EnvName(std::string_view key) {
  std::string out = "LEADOS_";
  for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
  return out;
}

std::map<std::string, std::string> Config::ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

Config Config::Defaults(const std::vector<ConfigKey>& schema) {
  Config c;
  for (const auto& k : schema) c.entries_.emplace(k.name, Entry{k, k.default_value, "default"});
  return c;
}

Result<Config> Config::Load(const std::vector<ConfigKey>& schema,
                            const std::optional<std::filesystem::path>& file,
                            const std::map<std::string, std::string>& env) {
  Config c = Defaults(schema);
  if (file) {
    const std::string fname = file->string();
    toml::table table;
    try {
      table = toml::parse_file(fname);
    } catch (const toml::parse_error& e) {
      const auto& src = e.source();
      if (src.begin.line == 0) {
        return InvalidArgument(fmt::format("{}: cannot read the file: {}", fname, e.description()));
      }
      return InvalidArgument(fmt::format("{}:{}:{}: not valid TOML: {}", fname, src.begin.line,
                                         src.begin.column, e.description()));
    }
    for (const auto& [section, node] : table) {
      const auto* sub = node.as_table();
      if (!sub) {
        return InvalidArgument(fmt::format("{}: '{}' must be a [section] table of keys", fname,
                                           section.str()));
      }
      for (const auto& [key, value] : *sub) {
        const std::string name = fmt::format("{}.{}", section.str(), key.str());
        auto it = c.entries_.find(name);
        if (it == c.entries_.end()) {
          return InvalidArgument(fmt::format(
              "{}: {}: unknown key (see docs/configuration.md for the keys LeadOS reads)", fname, name));
        }
        auto parsed = FromToml(it->second.key.type, value);
        if (!parsed) {
          return InvalidArgument(fmt::format("{}: {}: must be {}", fname, name,
                                             TypeName(it->second.key.type)));
        }
        it->second.value = std::move(*parsed);
        it->second.source = fname;
      }
    }
  }
  for (auto& [name, entry] : c.entries_) {
    const std::string var = EnvName(name);
    auto e = env.find(var);
    if (e == env.end()) continue;
    auto parsed = FromText(entry.key.type, e->second);
    if (!parsed) {
      return InvalidArgument(fmt::format("environment {}: {}: must be {}, got '{}'", var, name,
                                         TypeName(entry.key.type),
                                         entry.key.secret ? "********" : e->second));
    }
    entry.value = std::move(*parsed);
    entry.source = "env " + var;
  }
  for (const auto& [name, entry] : c.entries_) {
    if (!entry.key.validate) continue;
    if (auto msg = entry.key.validate(entry.value)) {
      return InvalidArgument(fmt::format("{}: {}: {}", entry.source, name, *msg));
    }
  }
  return c;
}

const Config::Entry& Config::Find(std::string_view key, ConfigType type) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.key.type != type) {
    std::fprintf(stderr, "fatal: configuration key '%.*s' read as the wrong type or not in the schema\n",
                 static_cast<int>(key.size()), key.data());
    std::abort();
  }
  return it->second;
}

const std::string& Config::GetString(std::string_view key) const {
  return std::get<std::string>(Find(key, ConfigType::kString).value);
}
int64_t Config::GetInt(std::string_view key) const {
  return std::get<int64_t>(Find(key, ConfigType::kInt).value);
}
bool Config::GetBool(std::string_view key) const {
  return std::get<bool>(Find(key, ConfigType::kBool).value);
}
double Config::GetDouble(std::string_view key) const {
  return std::get<double>(Find(key, ConfigType::kDouble).value);
}
const std::vector<std::string>& Config::GetStringList(std::string_view key) const {
  return std::get<std::vector<std::string>>(Find(key, ConfigType::kStringList).value);
}

std::string Config::SourceOf(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? "" : it->second.source;
}

void Config::Set(std::string_view key, ConfigValue value, std::string source) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.value = std::move(value);
  it->second.source = std::move(source);
}

std::string Config::Dump() const {
  std::string out;
  std::string current_section;
  for (const auto& [name, entry] : entries_) {
    const auto dot = name.find('.');
    const std::string section = name.substr(0, dot);
    if (section != current_section) {
      if (!out.empty()) out += "\n";
      out += "[" + section + "]\n";
      current_section = section;
    }
    out += fmt::format("{} = {}  # {}\n", name.substr(dot + 1), DumpValue(name), entry.source);
  }
  return out;
}

std::string Config::DumpValue(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return "";
  const auto& entry = it->second;
  return entry.key.secret && IsSet(entry.value) ? "\"********\"" : ValueToToml(entry.value);
}

std::optional<std::string> ValidateHostPort(const ConfigValue& v) {
  const auto* s = std::get_if<std::string>(&v);
  if (!s) return "must be HOST:PORT";
  const auto colon = s->rfind(':');
  if (colon == std::string::npos || colon == 0) return fmt::format("must be HOST:PORT, got '{}'", *s);
  int port = -1;
  auto portstr = std::string_view(*s).substr(colon + 1);
  auto [p, ec] = std::from_chars(portstr.data(), portstr.data() + portstr.size(), port);
  if (ec != std::errc() || p != portstr.data() + portstr.size() || port < 0 || port > 65535) {
    return fmt::format("port must be a number from 0 to 65535, got '{}'", portstr);
  }
  return std::nullopt;
}

std::function<std::optional<std::string>(const ConfigValue&)> ValidateOneOf(
    std::vector<std::string> allowed) {
  return [allowed = std::move(allowed)](const ConfigValue& v) -> std::optional<std::string> {
    const auto* s = std::get_if<std::string>(&v);
    if (s && std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return std::nullopt;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return fmt::format("must be one of {}, got '{}'", list, s ? *s : "");
  };
}

std::function<std::optional<std::string>(const ConfigValue&)> ValidateRange(int64_t lo, int64_t hi) {
  return [lo, hi](const ConfigValue& v) -> std::optional<std::string> {
    const auto* i = std::get_if<int64_t>(&v);
    if (i && *i >= lo && *i <= hi) return std::nullopt;
    return fmt::format("must be between {} and {}, got {}", lo, hi, i ? *i : 0);
  };
}

}  // namespace leados::core
