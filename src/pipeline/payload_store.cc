#include "pipeline/payload_store.h"

#include <algorithm>

namespace leados::pipeline {

PayloadStore::PayloadStore(store::KeyValue& kv, std::chrono::seconds ttl)
    : kv_(kv), ttl_(std::clamp<std::chrono::seconds>(ttl, std::chrono::seconds(1), kMaxTtl)) {}

std::string PayloadStore::KeyFor(std::string_view lead_id) {
  return "lead:payload:" + std::string(lead_id);
}

core::Status PayloadStore::Put(std::string_view lead_id, std::string_view payload_json) {
  return kv_.Put(KeyFor(lead_id), payload_json, ttl_);
}

core::Result<std::optional<std::string>> PayloadStore::Get(std::string_view lead_id) {
  return kv_.Get(KeyFor(lead_id));
}

core::Result<bool> PayloadStore::Delete(std::string_view lead_id) {
  return kv_.Delete(KeyFor(lead_id));
}

}  // namespace leados::pipeline
