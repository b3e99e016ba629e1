#pragma once
// Structured JSON logs on spdlog: one JSON object per line on stderr,
// {"ts":"…","level":"info","event":"http.request","request_id":"…",…fields}.
// Every string field and the event pass through RedactSecrets, so an API key, webhook secret,
// bearer token or password that slips into a log line is masked before it is written.
// Thread-safe. The request id is per thread (set by the HTTP server around each request).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace leados::core::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

// One structured field. Strings are copied when the line is written.
struct Field {
  std::string_view key;
  std::variant<std::string_view, int64_t, double, bool> value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(static_cast<int64_t>(v)) {}
  Field(std::string_view k, uint64_t v) : key(k), value(static_cast<int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Sets the minimum level written ("debug", "info", "warn", "error", "off"). Default info.
void SetLevel(Level level);
Level ParseLevel(std::string_view name);  // unknown names give kInfo

void Write(Level level, std::string_view event, std::initializer_list<Field> fields);
inline void Debug(std::string_view e, std::initializer_list<Field> f = {}) { Write(Level::kDebug, e, f); }
inline void Info(std::string_view e, std::initializer_list<Field> f = {}) { Write(Level::kInfo, e, f); }
inline void Warn(std::string_view e, std::initializer_list<Field> f = {}) { Write(Level::kWarn, e, f); }
inline void Error(std::string_view e, std::initializer_list<Field> f = {}) { Write(Level::kError, e, f); }

// Sets the current thread's request id for the lifetime of the object (restores the previous).
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};
std::string_view CurrentRequestId();

// Masks secrets in free text: LeadOS API keys (lk_live_…/lk_test_…), webhook secrets (whsec_…),
// Stripe keys (sk_live_…, rk_…), "Bearer …" tokens, otpauth:// URIs, and the values of
// password/secret/token/api_key assignments (key=value, key: value, "key":"value").
std::string RedactSecrets(std::string_view text);

}  // namespace leados::core::log
