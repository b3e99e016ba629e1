#include "deliver/delivery_service.h"

#include <fmt/format.h>

#include <map>

#include "core/json.h"

namespace leados::deliver {

namespace json = core::json;

std::string PayloadKey(std::string_view event_id) {
  return fmt::format("webhook:payload:{}", event_id);
}

DeliveryService::DeliveryService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                                 EndpointService& endpoints, DeliveryStore& deliveries,
                                 DeliveryServiceOptions options)
    : db_(db),
      kv_(kv),
      clock_(clock),
      endpoints_(endpoints),
      deliveries_(deliveries),
      options_(options),
      ids_(clock) {}

core::Result<std::string> DeliveryService::StorePayload(const std::string& event_id,
                                                        std::string_view event_type,
                                                        std::string_view payload_json) {
  auto data = core::ParseJsonObject(payload_json);
  if (!data) return core::InvalidArgument("payload must be a JSON object: " + data.error().message);
  json::object envelope{{"type", event_type},
                        {"timestamp", core::FormatRfc3339(clock_.Now())},
                        {"data", std::move(*data)}};
  const std::string key = PayloadKey(event_id);
  if (auto st = kv_.Put(key, core::ToJson(envelope), options_.payload_ttl); !st) {
    return core::Fail(st.error());
  }
  return key;
}

core::Result<std::string> DeliveryService::NewDelivery(
    store::SqlSession& tx, const std::string& event_id, std::string_view account_id,
    std::string_view endpoint_id, std::string_view event_type,
    const std::optional<std::string>& lead_id, const std::string& payload_ref) {
  const int64_t now = clock_.NowUnixMillis();
  Delivery d;
  d.id = ids_.NewId("msg");
  d.event_id = event_id;
  d.endpoint_id = std::string(endpoint_id);
  d.account_id = std::string(account_id);
  d.event_type = std::string(event_type);
  d.lead_id = lead_id;
  d.payload_ref = payload_ref;
  d.status = std::string(kStatusPending);
  d.next_attempt_at_ms = now;
  d.created_at_ms = now;
  d.updated_at_ms = now;
  if (auto st = deliveries_.Insert(tx, d); !st) return core::Fail(st.error());
  return d.id;
}

core::Result<std::vector<std::string>> DeliveryService::EnqueueIn(
    store::SqlSession& tx, std::string_view account_id, std::string_view event_type,
    std::optional<std::string> lead_id, std::string_view payload_json) {
  // A lead's event is enqueued once: the pipeline hands a lead over again when its signal is
  // redelivered, and the deliveries made the first time (same webhook-ids) are the answer.
  // The unique index of migration 0071 backs this up against two processes at once.
  if (lead_id) {
    auto existing = deliveries_.ForLeadIn(tx, *lead_id, event_type);
    if (!existing) return core::Fail(existing.error());
    if (!existing->empty()) return std::move(*existing);
  }
  auto subscribers = endpoints_.SubscribersIn(tx, account_id, event_type);
  if (!subscribers) return core::Fail(subscribers.error());
  std::vector<std::string> ids;
  if (subscribers->empty()) return ids;
  const std::string event_id = ids_.NewId("evt");
  auto ref = StorePayload(event_id, event_type, payload_json);
  if (!ref) return core::Fail(ref.error());
  for (const auto& e : *subscribers) {
    auto id = NewDelivery(tx, event_id, account_id, e.id, event_type, lead_id, *ref);
    if (!id) return core::Fail(id.error());
    ids.push_back(std::move(*id));
  }
  return ids;
}

core::Result<std::vector<std::string>> DeliveryService::Enqueue(std::string_view account_id,
                                                                std::string_view event_type,
                                                                std::optional<std::string> lead_id,
                                                                std::string_view payload_json) {
  std::vector<std::string> ids;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto made = EnqueueIn(tx, account_id, event_type, lead_id, payload_json);
    if (!made) return core::Fail(made.error());
    ids = std::move(*made);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return ids;
}

core::Result<Delivery> DeliveryService::SendTest(std::string_view account_id,
                                                 std::string_view endpoint_id) {
  auto endpoint = endpoints_.Get(account_id, endpoint_id);
  if (!endpoint) return core::Fail(endpoint.error());
  const std::string event_id = ids_.NewId("evt");
  // Only ids: a test event carries no personal data.
  auto ref =
      StorePayload(event_id, kEventTest,
                   core::ToJson(json::object{{"endpoint_id", endpoint->id},
                                             {"message", "This is a test event from LeadOS."}}));
  if (!ref) return core::Fail(ref.error());
  std::string id;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto made = NewDelivery(tx, event_id, account_id, endpoint->id, kEventTest, std::nullopt, *ref);
    if (!made) return core::Fail(made.error());
    id = std::move(*made);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return deliveries_.Get(account_id, id);
}

core::Result<Delivery> DeliveryService::Replay(std::string_view account_id,
                                               std::string_view delivery_id) {
  auto d = deliveries_.Get(account_id, delivery_id);
  if (!d) return d;
  auto body = kv_.Get(d->payload_ref);
  if (!body) return core::Fail(body.error());
  if (!*body) {
    return core::Fail(
        core::ErrorCode::kFailedPrecondition,
        fmt::format(
            "delivery {} cannot be replayed: its payload has expired (a body is deleted once "
            "every delivery of its event succeeded, otherwise kept {} days)",
            delivery_id,
            std::chrono::duration_cast<std::chrono::hours>(options_.payload_ttl).count() / 24));
  }
  if (auto st = deliveries_.Requeue(account_id, delivery_id); !st) return core::Fail(st.error());
  return deliveries_.Get(account_id, delivery_id);
}

core::Result<int64_t> DeliveryService::ReplaySince(std::string_view account_id,
                                                   std::string_view endpoint_id, int64_t since_ms) {
  if (auto e = endpoints_.Get(account_id, endpoint_id); !e) return core::Fail(e.error());
  auto candidates = deliveries_.ReplayCandidates(account_id, endpoint_id, since_ms);
  if (!candidates) return core::Fail(candidates.error());
  // A body is shared by the deliveries of one event: look each one up once.
  std::map<std::string, bool> alive;
  int64_t replayed = 0;
  for (const auto& [id, payload_ref] : *candidates) {
    auto [it, fresh] = alive.try_emplace(payload_ref, false);
    if (fresh) {
      auto body = kv_.Get(payload_ref);
      if (!body) return core::Fail(body.error());
      it->second = body->has_value();
    }
    if (!it->second) continue;  // delivered and deleted, or expired: nothing to send
    auto st = deliveries_.Requeue(account_id, id);
    if (!st && st.error().code == core::ErrorCode::kConflict) continue;  // claimed meanwhile
    if (!st) return core::Fail(st.error());
    ++replayed;
  }
  return replayed;
}

core::Status DeliveryService::DeletePayload(std::string_view payload_ref) {
  if (auto gone = kv_.Delete(payload_ref); !gone) return core::Fail(gone.error());
  return core::Ok();
}

}  // namespace leados::deliver
