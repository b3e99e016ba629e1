#include "api/audit_json.h"

#include "api/http_util.h"

namespace leados::api {

core::json::object AuditPage(const std::vector<accounts::AuditRecord>& events, int limit) {
  core::json::array data;
  for (const auto& e : events) {
    data.emplace_back(core::json::object{
        {"id", e.id},
        {"at", Rfc3339Millis(e.at_ms)},
        {"actor", core::json::object{{"kind", e.actor_kind}, {"id", e.actor_id}}},
        {"account_id", e.account_id ? core::json::value(*e.account_id) : nullptr},
        {"action", e.action},
        {"target", e.target},
        {"ip", e.ip},
        {"outcome", e.outcome},
        {"detail", e.detail}});
  }
  core::json::value cursor = nullptr;
  if (static_cast<int>(events.size()) == limit && !events.empty()) cursor = events.back().id;
  return {{"data", std::move(data)}, {"next_cursor", cursor}};
}

}  // namespace leados::api
