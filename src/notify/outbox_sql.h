#pragma once
// Internal to src/notify: the column list shared by the outbox readers.

#include <string_view>

#include "notify/outbox.h"
#include "store/sql_value.h"

namespace leados::notify {

inline constexpr std::string_view kSelectOutboxColumns =
    "SELECT id, account_id, to_address, subject, body_text, body_html, template, status, "
    "attempts, next_attempt_at, last_error, created_at, sent_at, body_in_kv, attachment_refs "
    "FROM notify_outbox";

// Converts a row selected with kSelectOutboxColumns.
OutboxRow OutboxRowFrom(const store::Row& row);

}  // namespace leados::notify
