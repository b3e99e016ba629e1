#pragma once
// EmailSender: the seam between the outbox worker and a mail transport (file, SMTP, Resend).

#include <string_view>

#include "core/result.h"
#include "notify/email.h"

namespace leados::notify {

// Sends one email. Implementations are thread-safe.
//
// Error contract (the worker retries on transient errors only):
//  - transient: kUnavailable (connection refused/lost, 5xx from an HTTP API, SMTP 4xx reply),
//    kDeadlineExceeded (timeout), kResourceExhausted (HTTP 429), kInternal (unexpected).
//  - permanent: kInvalidArgument (bad address, 4xx from an HTTP API, SMTP 5xx reply),
//    kUnauthenticated / kPermissionDenied (credentials refused), kFailedPrecondition.
class EmailSender {
 public:
  virtual ~EmailSender() = default;
  virtual core::Status Send(const Email& email) = 0;
};

// True when `error` is worth retrying later (see the contract above).
bool IsTransient(const core::Error& error);

// True when `address` looks like a deliverable "local@domain" address (no spaces, no CR/LF,
// no angle brackets, one '@' with text on both sides and a dot-free-or-dotted domain).
bool IsPlausibleAddress(std::string_view address);

}  // namespace leados::notify
