#include "accounts/account_closed.h"

#include <chrono>

#include "core/clock.h"

namespace leados::accounts {

core::Status CheckAccountNotClosed(std::string_view status, std::optional<int64_t> closed_at_ms,
                                   int64_t grace_days, int64_t now_ms) {
  if (status != "closed") return core::Ok();
  std::string message = std::string(kAccountClosedPrefix) + "this account is closed";
  if (closed_at_ms) {
    const int64_t deadline = *closed_at_ms + grace_days * 86'400'000;
    auto at = [](int64_t ms) {
      return core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(ms)));
    };
    message += " (since " + at(*closed_at_ms) + ")";
    if (now_ms < deadline) {
      message += "; the owner can reopen it until " + at(deadline) +
                 " on the portal page /account-closed or with POST /v1/account/reopen (email "
                 "and password)";
    } else {
      message += "; the reopening period ended on " + at(deadline) + " and its data is deleted";
    }
  }
  return core::Fail(core::ErrorCode::kPermissionDenied, std::move(message));
}

bool IsAccountClosed(const core::Error& error) {
  return error.code == core::ErrorCode::kPermissionDenied &&
         error.message.starts_with(kAccountClosedPrefix);
}

}  // namespace leados::accounts
