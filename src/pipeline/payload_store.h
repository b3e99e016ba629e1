#pragma once
// PayloadStore: the only place a lead's personal data lives (author, handle, profile and source
// URLs, the signal excerpt, enrichment, evidence, score parts), as one JSON document per lead in
// the KV store (Redis in production, the embedded KV by default) under "lead:payload:<lead id>",
// with a TTL of at most 30 days. SQL never sees it (DESIGN.md, "Pass-through lead data").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/key_value.h"

namespace leados::pipeline {

class PayloadStore {
 public:
  static constexpr std::chrono::hours kMaxTtl{24 * 30};

  // `ttl` is clamped to (0, 30 days]. Thread-safe when the KV store is.
  explicit PayloadStore(store::KeyValue& kv, std::chrono::seconds ttl = kMaxTtl);

  // Stores (or replaces) the payload of a lead with the store's TTL.
  core::Status Put(std::string_view lead_id, std::string_view payload_json);
  // The payload, or nullopt once deleted or expired.
  core::Result<std::optional<std::string>> Get(std::string_view lead_id);
  // Deletes it; true when it was there.
  core::Result<bool> Delete(std::string_view lead_id);

  std::chrono::seconds ttl() const { return ttl_; }
  static std::string KeyFor(std::string_view lead_id);

 private:
  store::KeyValue& kv_;
  std::chrono::seconds ttl_;
};

}  // namespace leados::pipeline
