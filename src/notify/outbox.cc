#include "notify/outbox.h"

#include <fmt/format.h>

#include <algorithm>

#include "notify/email_sender.h"
#include "notify/outbox_sql.h"

namespace leados::notify {

Outbox::Outbox(const core::Clock& clock) : clock_(clock), ids_(clock) {}

core::Result<std::string> Outbox::Enqueue(store::SqlSession& tx, const Email& email) {
  return Insert(tx, email, nullptr);
}

core::Result<std::string> Outbox::Enqueue(store::SqlSession& tx, const Email& email,
                                          OutboxBodyStore& bodies) {
  return Insert(tx, email, &bodies);
}

core::Result<std::string> Outbox::Insert(store::SqlSession& tx, const Email& email,
                                         OutboxBodyStore* bodies) {
  if (!IsPlausibleAddress(email.to)) {
    return core::InvalidArgument(fmt::format("'{}' is not a valid email address", email.to));
  }
  if (email.subject.empty() || (email.text.empty() && email.html.empty())) {
    return core::InvalidArgument("an email needs a subject and a text or HTML body");
  }
  std::string refs;
  for (const auto& ref : email.attachment_refs) {
    if (ref.empty() || ref.find_first_of("\r\n") != std::string::npos) {
      return core::InvalidArgument("an attachment reference must be one non-empty line");
    }
    if (!refs.empty()) refs += '\n';
    refs += ref;
  }
  std::string id = ids_.NewId("eml");
  int64_t now = clock_.NowUnixMillis();
  store::SqlValue account = std::monostate{};
  if (email.account_id) account = *email.account_id;
  std::string text = email.text;
  std::string html = email.html;
  if (bodies != nullptr) {
    // The KV copy exists before the row can be seen, so a worker never finds a row without it.
    if (auto put = bodies->Put(id, EmailBody{email.text, email.html}); !put) {
      return core::Fail(put.error());
    }
    text.clear();
    html.clear();
  }
  auto inserted = tx.Exec(
      "INSERT INTO notify_outbox (id, account_id, to_address, subject, body_text, body_html, "
      "template, status, attempts, next_attempt_at, created_at, body_in_kv, attachment_refs) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)",
      {id, account, email.to, email.subject, text, html, email.template_name, now, now,
       int64_t{bodies != nullptr ? 1 : 0}, refs});
  if (!inserted) return core::Fail(inserted.error());
  return id;
}

core::Result<OutboxRow> LoadOutboxRow(store::Database& db, std::string_view id) {
  auto rows = db.Query(std::string(kSelectOutboxColumns) + " WHERE id = ?", {std::string(id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound(fmt::format("no outbox email {}", id));
  return OutboxRowFrom(rows->front());
}

OutboxRow OutboxRowFrom(const store::Row& r) {
  OutboxRow row;
  row.id = r.Text(0);
  row.email.id = row.id;
  row.email.account_id = r.OptText(1);
  row.email.to = r.Text(2);
  row.email.subject = r.Text(3);
  row.email.text = r.Text(4);
  row.email.html = r.Text(5);
  row.email.template_name = r.Text(6);
  row.status = r.Text(7);
  row.attempts = r.Int(8);
  row.next_attempt_at_ms = r.Int(9);
  row.last_error = r.OptText(10);
  row.created_at_ms = r.Int(11);
  row.sent_at_ms = r.OptInt(12);
  row.body_in_kv = r.Int(13) != 0;
  const std::string refs = r.Text(14);
  for (size_t start = 0; start < refs.size();) {
    const size_t end = std::min(refs.find('\n', start), refs.size());
    row.email.attachment_refs.push_back(refs.substr(start, end - start));
    start = end + 1;
  }
  return row;
}

}  // namespace leados::notify
