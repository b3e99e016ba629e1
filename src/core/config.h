#pragma once
// Configuration: a schema of known keys ("section.key"), values from a TOML file, each
// overridable by the environment variable LEADOS_SECTION_KEY (e.g. server.listen ->
// LEADOS_SERVER_LISTEN). Unknown keys, wrong types and failed validations are errors that name
// the key, where the value came from and what is wrong. The schema itself lives in src/app.
// A loaded Config is immutable and thread-safe to read.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace leados::core {

enum class ConfigType { kString, kInt, kBool, kDouble, kStringList };

using ConfigValue = std::variant<std::string, int64_t, bool, double, std::vector<std::string>>;

// One known key. `validate` returns an error message for a bad value, or nullopt.
struct ConfigKey {
  std::string name;  // "section.key"
  ConfigType type = ConfigType::kString;
  ConfigValue default_value;
  bool secret = false;  // masked by Dump
  std::string description;
  std::function<std::optional<std::string>(const ConfigValue&)> validate;
};

class Config {
 public:
  // Loads `file` (if set; a missing file is an error) then applies `env` overrides.
  // `env` holds environment variables by name (tests pass their own map).
  static Result<Config> Load(const std::vector<ConfigKey>& schema,
                             const std::optional<std::filesystem::path>& file,
                             const std::map<std::string, std::string>& env);
  // Schema defaults only; for tests.
  static Config Defaults(const std::vector<ConfigKey>& schema);
  // The process environment as a map, for Load.
  static std::map<std::string, std::string> ProcessEnvironment();
  // LEADOS_SECTION_KEY for "section.key".
  static std::string EnvName(std::string_view key);

  // Typed getters. Asking for a key not in the schema, or with the wrong type, is a programming
  // error and aborts with a message.
  const std::string& GetString(std::string_view key) const;
  int64_t GetInt(std::string_view key) const;
  bool GetBool(std::string_view key) const;
  double GetDouble(std::string_view key) const;
  const std::vector<std::string>& GetStringList(std::string_view key) const;
  // Where the effective value came from: "default", the file's path, or "env LEADOS_…".
  std::string SourceOf(std::string_view key) const;

  // Overrides a value (tests, and flags such as --listen that win over file and environment).
  void Set(std::string_view key, ConfigValue value, std::string source);

  // The effective configuration as TOML, secrets shown as "********" when set.
  std::string Dump() const;
  // One value in TOML syntax (secrets masked when set); empty for unknown keys.
  std::string DumpValue(std::string_view key) const;

 private:
  struct Entry {
    ConfigKey key;
    ConfigValue value;
    std::string source;
  };
  const Entry& Find(std::string_view key, ConfigType type) const;
  std::map<std::string, Entry, std::less<>> entries_;
};

// Validators for common shapes.
std::optional<std::string> ValidateHostPort(const ConfigValue& v);
std::function<std::optional<std::string>(const ConfigValue&)> ValidateOneOf(
    std::vector<std::string> allowed);
std::function<std::optional<std::string>(const ConfigValue&)> ValidateRange(int64_t lo, int64_t hi);

}  // namespace leados::core
