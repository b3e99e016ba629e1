#pragma once
// Error values and Result<T>: how every expected failure travels in LeadOS.

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace leados::core {

// The kind of an expected failure. Each maps to one HTTP status and one stable JSON code
// (see CodeName and HttpStatus); handlers never invent their own.
enum class ErrorCode {
  kInvalidArgument,     // 400 invalid_argument: the caller sent something we cannot accept
  kUnauthenticated,     // 401 unauthenticated
  kPermissionDenied,    // 403 permission_denied
  kNotFound,            // 404 not_found
  kMethodNotAllowed,    // 405 method_not_allowed
  kConflict,            // 409 conflict: state does not allow it (duplicate, concurrent change)
  kAlreadyExists,       // 409 already_exists
  kPayloadTooLarge,     // 413 payload_too_large
  kFailedPrecondition,  // 422 failed_precondition: valid input, but the world is not in that state
  kResourceExhausted,   // 429 rate_limited / quota exhausted
  kInternal,            // 500 internal
  kUnavailable,         // 503 unavailable: a dependency (database, upstream) cannot be reached
  kDeadlineExceeded,    // 504 deadline_exceeded: an upstream timed out
};

// The stable snake_case name used in JSON error bodies, e.g. "invalid_argument".
std::string_view CodeName(ErrorCode code);
// The HTTP status a handler answers with for this code.
int HttpStatus(ErrorCode code);

// An expected failure: what went wrong in words that tell the user what to fix.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

// A Result that carries no value: `Status s = Ok();` / `return Fail(...)`.
using Status = std::expected<void, Error>;
inline Status Ok() { return {}; }

// Builds the unexpected side of any Result: `return Fail(ErrorCode::kNotFound, "no campaign 12");`
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}
inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Short helpers for the common codes.
inline std::unexpected<Error> InvalidArgument(std::string m) {
  return Fail(ErrorCode::kInvalidArgument, std::move(m));
}
inline std::unexpected<Error> NotFound(std::string m) { return Fail(ErrorCode::kNotFound, std::move(m)); }
inline std::unexpected<Error> Internal(std::string m) { return Fail(ErrorCode::kInternal, std::move(m)); }
inline std::unexpected<Error> Unavailable(std::string m) {
  return Fail(ErrorCode::kUnavailable, std::move(m));
}

}  // namespace leados::core
