// Argument checks shared by every KeyValue and Queue backend.
#include <fmt/format.h>

#include "store/key_value.h"
#include "store/queue.h"

namespace leados::store::internal {

core::Status CheckKey(std::string_view key) {
  if (key.empty()) return core::InvalidArgument("a key must not be empty");
  if (key.size() > 4096) return core::InvalidArgument("a key must be at most 4096 bytes");
  return core::Ok();
}

core::Result<int64_t> TtlMillis(core::Duration ttl) {
  if (ttl <= core::Duration::zero()) {
    return core::InvalidArgument("a TTL must be positive; pass nullopt for no expiry");
  }
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(ttl).count();
  return ms < 1 ? 1 : ms;
}

core::Status CheckTopic(std::string_view topic) {
  if (topic.empty() || topic.size() > 200) {
    return core::InvalidArgument("a queue topic must be 1 to 200 characters");
  }
  for (char c : topic) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == ':';
    if (!ok) {
      return core::InvalidArgument(
          fmt::format("queue topic '{}' may contain only letters, digits and . _ - :", topic));
    }
  }
  return core::Ok();
}

}  // namespace leados::store::internal
