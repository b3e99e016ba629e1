#include "ingest/source.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace leados::ingest {
namespace {

namespace json = core::json;

struct TypeName {
  SourceType type;
  std::string_view name;
};
constexpr std::array<TypeName, 9> kTypeNames{{
    {SourceType::kFeed, "feed"},
    {SourceType::kPress, "press"},
    {SourceType::kHn, "hn"},
    {SourceType::kReddit, "reddit"},
    {SourceType::kGreenhouse, "greenhouse"},
    {SourceType::kLever, "lever"},
    {SourceType::kAshby, "ashby"},
    {SourceType::kJobPage, "jobpage"},
    {SourceType::kJsonl, "jsonl"},
}};

std::unexpected<core::Error> Bad(std::string message) {
  return core::InvalidArgument(std::move(message));
}

bool IsHttpUrl(std::string_view url) {
  return (url.starts_with("http://") && url.size() > 7) ||
         (url.starts_with("https://") && url.size() > 8);
}

// Checks the settings object against the keys a type allows and their value types.
class SettingsCheck {
 public:
  explicit SettingsCheck(const json::object& settings) : settings_(settings) {}

  core::Status Allow(std::initializer_list<std::string_view> keys) {
    std::set<std::string_view> allowed(keys);
    for (const auto& [k, v] : settings_) {
      if (!allowed.contains(std::string_view(k))) {
        std::string list;
        for (auto a : keys) list += (list.empty() ? "" : ", ") + std::string(a);
        return Bad(fmt::format("settings.{}: unknown setting for this kind (allowed: {})",
                               std::string_view(k), list));
      }
    }
    return core::Ok();
  }
  // A string setting; `required` makes absence an error; `url` requires http(s).
  core::Status Text(std::string_view key, bool required, bool url = false) {
    auto it = settings_.find(key);
    if (it == settings_.end() || it->value().is_null()) {
      if (required) return Bad(fmt::format("settings.{}: required", key));
      return core::Ok();
    }
    if (!it->value().is_string()) return Bad(fmt::format("settings.{}: must be a string", key));
    const std::string_view s = it->value().as_string();
    if (s.empty()) return Bad(fmt::format("settings.{}: must not be empty", key));
    if (s.size() > 2000) return Bad(fmt::format("settings.{}: longer than 2000 characters", key));
    if (url && !IsHttpUrl(s)) {
      return Bad(fmt::format("settings.{}: must be an absolute http:// or https:// URL, got '{}'",
                             key, s));
    }
    return core::Ok();
  }
  core::Status Int(std::string_view key, int64_t lo, int64_t hi) {
    auto it = settings_.find(key);
    if (it == settings_.end() || it->value().is_null()) return core::Ok();
    if (!it->value().is_int64() || it->value().as_int64() < lo || it->value().as_int64() > hi) {
      return Bad(fmt::format("settings.{}: must be a whole number from {} to {}", key, lo, hi));
    }
    return core::Ok();
  }
  bool Has(std::string_view key) const {
    auto it = settings_.find(key);
    return it != settings_.end() && !it->value().is_null();
  }

 private:
  const json::object& settings_;
};

// Board tokens, sites and subreddits go into URL paths: keep them to URL-safe characters.
core::Status PathToken(const json::object& settings, std::string_view key, size_t min, size_t max) {
  const std::string s = core::StringOr(settings, key);
  const bool ok =
      s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
      });
  if (!ok) {
    return Bad(
        fmt::format("settings.{}: must be {} to {} letters, digits, '_', '-' or '.', got "
                    "'{}'",
                    key, min, max, s));
  }
  return core::Ok();
}

core::Status CheckSettings(SourceType type, const json::object& settings, SourceOrigin origin) {
  SettingsCheck c(settings);
  auto all = [](std::initializer_list<core::Status> checks) -> core::Status {
    for (const auto& s : checks) {
      if (!s) return s;
    }
    return core::Ok();
  };
  switch (type) {
    case SourceType::kFeed:
    case SourceType::kPress:
    case SourceType::kJobPage:
      return all({c.Allow({"url", "company", "company_domain"}), c.Text("url", true, true),
                  c.Text("company", false), c.Text("company_domain", false)});
    case SourceType::kHn: {
      if (auto s = all({c.Allow({"mode", "base_url", "max_items_per_run", "query", "tags",
                                 "backfill_hours", "max_pages_per_run"}),
                        c.Text("mode", false), c.Text("base_url", false, true),
                        c.Int("max_items_per_run", 1, 1000), c.Text("query", false),
                        c.Text("tags", false), c.Int("backfill_hours", 1, 24 * 365),
                        c.Int("max_pages_per_run", 1, 50)});
          !s) {
        return s;
      }
      const std::string mode = core::StringOr(settings, "mode", "firebase");
      if (mode != "firebase" && mode != "algolia") {
        return Bad(
            "settings.mode: must be firebase (live items) or algolia (search backfill), "
            "got '" +
            mode + "'");
      }
      return core::Ok();
    }
    case SourceType::kReddit: {
      if (auto s = all({c.Allow({"subreddit", "api_base_url", "token_url", "max_pages_per_run"}),
                        c.Text("subreddit", true), c.Text("api_base_url", false, true),
                        c.Text("token_url", false, true), c.Int("max_pages_per_run", 1, 10)});
          !s) {
        return s;
      }
      std::string sub = core::StringOr(settings, "subreddit");
      const bool ok = sub.size() >= 2 && sub.size() <= 21 &&
                      std::all_of(sub.begin(), sub.end(),
                                  [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; });
      if (!ok) {
        return Bad(
            "settings.subreddit: must be the name without r/, 2 to 21 letters, digits or "
            "'_', got '" +
            sub + "'");
      }
      return core::Ok();
    }
    case SourceType::kGreenhouse:
    case SourceType::kAshby:
      if (auto s = all({c.Allow({"board", "base_url", "company"}), c.Text("board", true),
                        c.Text("base_url", false, true), c.Text("company", false)});
          !s) {
        return s;
      }
      return PathToken(settings, "board", 1, 100);
    case SourceType::kLever:
      if (auto s = all({c.Allow({"site", "base_url", "company"}), c.Text("site", true),
                        c.Text("base_url", false, true), c.Text("company", false)});
          !s) {
        return s;
      }
      return PathToken(settings, "site", 1, 100);
    case SourceType::kJsonl: {
      if (auto s =
              all({c.Allow({"url", "path"}), c.Text("url", false, true), c.Text("path", false)});
          !s) {
        return s;
      }
      if (c.Has("url") == c.Has("path")) return Bad("settings: give exactly one of url and path");
      if (c.Has("path") && origin != SourceOrigin::kConfig) {
        return Bad(
            "settings.path: local files can only be read by sources defined in the "
            "configuration file (ingest.sources_file); use settings.url over the API");
      }
      return core::Ok();
    }
  }
  return Bad("kind: unknown");
}

}  // namespace

std::string_view SourceTypeName(SourceType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "feed";
}

std::optional<SourceType> ParseSourceType(std::string_view name) {
  for (const auto& t : kTypeNames) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string_view SourceOriginName(SourceOrigin origin) {
  return origin == SourceOrigin::kConfig ? "config" : "api";
}

int64_t DefaultIntervalSeconds(SourceType type) {
  switch (type) {
    case SourceType::kHn: return 60;
    case SourceType::kReddit: return 120;
    case SourceType::kGreenhouse:
    case SourceType::kLever:
    case SourceType::kAshby: return 3600;
    default: return 900;
  }
}

core::Result<SourceSpec> ValidateSourceSpec(SourceSpec spec, SourceOrigin origin) {
  if (spec.name.empty() || spec.name.size() > 200) {
    return Bad("name: must be 1 to 200 characters");
  }
  if (std::any_of(spec.name.begin(), spec.name.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    return Bad("name: must not contain control characters");
  }
  if (spec.interval_seconds == 0) spec.interval_seconds = DefaultIntervalSeconds(spec.type);
  if (spec.interval_seconds < kMinIntervalSeconds || spec.interval_seconds > kMaxIntervalSeconds) {
    return Bad(fmt::format("interval_seconds: must be from {} to {} (7 days), got {}",
                           kMinIntervalSeconds, kMaxIntervalSeconds, spec.interval_seconds));
  }
  if (auto s = CheckSettings(spec.type, spec.settings, origin); !s) return core::Fail(s.error());
  return spec;
}

std::string SettingString(const Source& source, std::string_view key, std::string_view fallback) {
  return core::StringOr(source.spec.settings, key, fallback);
}

int64_t SettingInt(const Source& source, std::string_view key, int64_t fallback) {
  return core::IntOr(source.spec.settings, key, fallback);
}

}  // namespace leados::ingest
