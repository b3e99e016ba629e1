#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstring>
#include <regex>

#include "core/clock.h"
#include <fmt/format.h>

namespace leados::core::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
thread_local std::string t_request_id;

spdlog::logger& Logger() {
  // One stderr logger for the process; spdlog's _mt sink serialises writes.
  static auto logger = [] {
    auto l = std::make_shared<spdlog::logger>("leados",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

std::string_view LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "info";
}

}  // namespace

void SetLevel(Level level) { g_level.store(level); }

Level ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "warn" || name == "warning") return Level::kWarn;
  if (name == "error") return Level::kError;
  if (name == "off") return Level::kOff;
  return Level::kInfo;
}

void Write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_level.load() || g_level.load() == Level::kOff) return;
  boost::json::object line;
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::string ts = FormatRfc3339(now);
  ts.insert(ts.size() - 1, fmt::format(".{:03d}", ms % 1000));
  line["ts"] = ts;
  line["level"] = LevelName(level);
  line["event"] = RedactSecrets(event);
  if (!t_request_id.empty()) line["request_id"] = t_request_id;
  for (const auto& f : fields) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string_view>) {
            line[f.key] = RedactSecrets(v);
          } else {
            line[f.key] = v;
          }
        },
        f.value);
  }
  Logger().info(boost::json::serialize(line));
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(request_id);
}
RequestScope::~RequestScope() { t_request_id = std::move(previous_); }
std::string_view CurrentRequestId() { return t_request_id; }

std::string RedactSecrets(std::string_view text) {
  // Cheap pre-check: most log text has none of the markers, and std::regex is slow.
  static constexpr std::string_view kMarkers[] = {"lk_",    "whsec_", "sk_",      "rk_",   "Bearer",
                                                  "bearer", "otpauth", "assword", "ecret", "oken",
                                                  "api_key", "apikey"};
  bool any = false;
  for (auto m : kMarkers) {
    if (text.find(m) != std::string_view::npos) {
      any = true;
      break;
    }
  }
  if (!any) return std::string(text);
  static const std::regex kTokens(
      R"((lk_(?:live|test)_|whsec_|sk_(?:live|test)_|rk_(?:live|test)_)[A-Za-z0-9+/=_\-]+)");
  static const std::regex kBearer(R"(([Bb]earer\s+)[^\s",]+)");
  static const std::regex kOtpauth(R"(otpauth://[^\s"]+)");
  static const std::regex kAssign(
      R"re(((?:password|passwd|secret|token|api_key|apikey|seed)"?\s*[:=]\s*"?)[^\s",&]+)re",
      std::regex::icase);
  std::string s(text);
  s = std::regex_replace(s, kTokens, "$1[REDACTED]");
  s = std::regex_replace(s, kBearer, "$1[REDACTED]");
  s = std::regex_replace(s, kOtpauth, "otpauth://[REDACTED]");
  s = std::regex_replace(s, kAssign, "$1[REDACTED]");
  return s;
}

}  // namespace leados::core::log
