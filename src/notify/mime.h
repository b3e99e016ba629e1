#pragma once
// RFC 5322 / MIME message building shared by the file and SMTP senders. Pure functions.

#include <string>
#include <string_view>

#include "core/clock.h"
#include "notify/email.h"

namespace leados::notify {

// Builds the complete message with CRLF line ends: Date, From, To, Subject (RFC 2047 "B"
// encoded words when not pure ASCII), Message-ID, MIME-Version and a multipart/alternative body
// with a text/plain and a text/html part, both UTF-8 quoted-printable. With email.attachments the
// body is a multipart/mixed (boundary "mixed-" + `boundary`) of that alternative and one base64
// part per file (Content-Disposition: attachment; filename made safe for a quoted parameter).
// `message_id` is the value without angle brackets ("eml_01…@example.com"); `boundary` must not
// occur in either body.
std::string BuildMimeMessage(const Email& email, std::string_view from, core::TimePoint date,
                             std::string_view message_id, std::string_view boundary);

// "Sun, 29 Nov 2026 07:54:03 +0000" (RFC 5322 date-time, UTC).
std::string FormatRfc5322Date(core::TimePoint t);

// The header value for `text`: unchanged when printable ASCII, else one or more
// "=?UTF-8?B?…?=" words (each at most 75 characters, never splitting a UTF-8 character),
// separated by CRLF + space (folding).
std::string EncodeHeaderWord(std::string_view text);

// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks at 76 columns; a '.' that
// starts a line is encoded too, so SMTP dot-stuffing never matters.
std::string EncodeQuotedPrintable(std::string_view text);
// The inverse; accepts LF or CRLF; returns the UTF-8 text with CRLF line ends kept.
std::string DecodeQuotedPrintable(std::string_view text);

// The domain part of the address in `from` ("LeadOS <no-reply@example.com>" -> "example.com");
// "localhost" when there is none.
std::string AddressDomain(std::string_view from);
// The bare address of `from` ("LeadOS <a@b.c>" -> "a@b.c"; "a@b.c" -> "a@b.c").
std::string BareAddress(std::string_view from);

}  // namespace leados::notify
