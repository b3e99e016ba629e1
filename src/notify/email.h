#pragma once
// The value every part of src/notify passes around: one rendered service email to one recipient.
// Plain value type; thread-compatible.

#include <optional>
#include <string>
#include <vector>

namespace leados::notify {

// A file sent with an email (the purchase receipt's invoice PDF).
struct Attachment {
  std::string filename;      // "LO-2026-000001.pdf"; printable ASCII, no quotes or slashes
  std::string content_type;  // "application/pdf"
  std::string content;       // the bytes
};

struct Email {
  std::string to;             // one address, "user@example.com"
  std::string subject;        // UTF-8; senders encode it (RFC 2047) when it is not ASCII
  std::string text;           // the text/plain part, UTF-8, '\n' line ends
  std::string html;           // the text/html part, UTF-8
  std::string template_name;  // "verification", "password_reset", … (for logs and retention)
  std::optional<std::string> account_id;  // the client account it concerns, when there is one
  // The outbox row id ("eml_…"), set by OutboxWorker before sending: senders use it for the
  // Message-ID and as Resend's Idempotency-Key so a retried send is not delivered twice.
  std::string id;
  // Files to attach, named by reference ("invoice:inv_…") and resolved when the email is sent
  // (AttachmentSource, attachment_source.h): the outbox row keeps only the references, so the
  // bytes are not copied into the database and are read from where they are kept.
  std::vector<std::string> attachment_refs;
  // The resolved files, filled by OutboxWorker just before sending; senders attach these.
  std::vector<Attachment> attachments;
};

}  // namespace leados::notify
