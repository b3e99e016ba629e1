#pragma once
// OutboxBodyStore: the text and HTML bodies of outbox emails that must not be stored in SQL
// (the lead digest: it quotes the people behind the leads, and the SQL database never holds
// personal data). They live in the KV store under "notify:body:<outbox id>" with a TTL; the
// notify_outbox row only says `body_in_kv = 1`. Outbox::Enqueue(tx, email, bodies) writes them,
// OutboxWorker reads them at send time and deletes them once the row is sent or failed.
// Thread-safe when the KV store is.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/key_value.h"

namespace leados::notify {

struct EmailBody {
  std::string text;
  std::string html;
};

class OutboxBodyStore {
 public:
  static constexpr std::chrono::hours kMaxTtl{24 * 30};  // the lead payloads' longest life

  // `kv` must outlive the store. `ttl` is clamped to (0, 30 days]: a body never outlives the
  // payloads it was rendered from; an email not sent by then fails ("body expired").
  explicit OutboxBodyStore(store::KeyValue& kv, std::chrono::seconds ttl = kMaxTtl);

  // Stores (or replaces) the bodies of outbox row `email_id`.
  core::Status Put(std::string_view email_id, const EmailBody& body);
  // The bodies, or nullopt once deleted or expired. kUnavailable when the KV is down.
  core::Result<std::optional<EmailBody>> Get(std::string_view email_id);
  // Deletes them; true when they were there.
  core::Result<bool> Delete(std::string_view email_id);

  std::chrono::seconds ttl() const { return ttl_; }
  static std::string KeyFor(std::string_view email_id);  // "notify:body:<id>"

 private:
  store::KeyValue& kv_;
  std::chrono::seconds ttl_;
};

}  // namespace leados::notify
