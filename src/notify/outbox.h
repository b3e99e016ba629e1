#pragma once
// Outbox: the transactional outbox of service emails. A caller that changes state and must tell
// the user (sign-up -> verification email) enqueues the email in the SAME transaction, so the
// email exists exactly when the change was committed; OutboxWorker sends it afterwards.
// Table notify_outbox (migration 0010_notify_outbox.sql).

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "notify/email.h"
#include "notify/outbox_body_store.h"
#include "store/database.h"

namespace leados::notify {

class Outbox {
 public:
  // `clock` must outlive the outbox. Thread-safe.
  explicit Outbox(const core::Clock& clock);

  // Inserts `email` as a pending row due now, inside the caller's transaction `tx` (so it is
  // committed or rolled back with the caller's change). Returns the new row id ("eml_…").
  // kInvalidArgument when the address is not plausible or subject/bodies are empty.
  core::Result<std::string> Enqueue(store::SqlSession& tx, const Email& email);

  // As above, but the text and HTML bodies go to `bodies` (the KV store) under the new row's id
  // before the row is inserted, and the row keeps empty bodies with body_in_kv = 1: for emails
  // that carry personal data (the lead digest). If `tx` rolls back, the KV copy is left to its
  // TTL (no row ever points at it). kUnavailable when the KV store is down.
  // Either way the email's attachment_refs are kept in the row (one line each; a reference with a
  // line break is kInvalidArgument) and resolved by the worker when it sends (attachments are
  // not stored).
  core::Result<std::string> Enqueue(store::SqlSession& tx, const Email& email,
                                    OutboxBodyStore& bodies);

 private:
  core::Result<std::string> Insert(store::SqlSession& tx, const Email& email,
                                   OutboxBodyStore* bodies);

  const core::Clock& clock_;
  core::IdGenerator ids_;
};

// One row of notify_outbox, for the worker, admin views and tests.
struct OutboxRow {
  std::string id;
  Email email;
  std::string status;  // pending | sending | sent | failed
  int64_t attempts = 0;
  int64_t next_attempt_at_ms = 0;
  std::optional<std::string> last_error;
  int64_t created_at_ms = 0;
  std::optional<int64_t> sent_at_ms;
  // The bodies live in the KV store (OutboxBodyStore), not in the row: email.text and email.html
  // are empty here until the worker loads them.
  bool body_in_kv = false;
};

// Reads one row; kNotFound when there is none.
core::Result<OutboxRow> LoadOutboxRow(store::Database& db, std::string_view id);

}  // namespace leados::notify
