#include "notify/outbox_body_store.h"

#include <algorithm>

#include "core/json.h"

namespace leados::notify {

OutboxBodyStore::OutboxBodyStore(store::KeyValue& kv, std::chrono::seconds ttl)
    : kv_(kv),
      ttl_(std::clamp<std::chrono::seconds>(
          ttl, std::chrono::seconds(1),
          std::chrono::duration_cast<std::chrono::seconds>(kMaxTtl))) {}

std::string OutboxBodyStore::KeyFor(std::string_view email_id) {
  return "notify:body:" + std::string(email_id);
}

core::Status OutboxBodyStore::Put(std::string_view email_id, const EmailBody& body) {
  const std::string value =
      core::ToJson(core::json::object{{"text", body.text}, {"html", body.html}});
  return kv_.Put(KeyFor(email_id), value, ttl_);
}

core::Result<std::optional<EmailBody>> OutboxBodyStore::Get(std::string_view email_id) {
  auto value = kv_.Get(KeyFor(email_id));
  if (!value) return core::Fail(value.error());
  if (!*value) return std::optional<EmailBody>();
  auto parsed = core::ParseJson(**value);
  if (!parsed || !parsed->is_object()) {
    return core::Internal("outbox body " + std::string(email_id) + " is not a JSON object");
  }
  const auto& o = parsed->as_object();
  return std::optional<EmailBody>(EmailBody{core::StringOr(o, "text"), core::StringOr(o, "html")});
}

core::Result<bool> OutboxBodyStore::Delete(std::string_view email_id) {
  return kv_.Delete(KeyFor(email_id));
}

}  // namespace leados::notify
