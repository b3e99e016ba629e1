#pragma once
// The closed-account check of sign-in and API keys (issue 9, src/retention/README.md "Closure").
// A closed account can be reopened for a grace period after closure (the retention policy's
// account-data period, 30 days); after that the retention engine purges it. Kept as its own small
// function so other account states (e.g. suspension) get their own checks beside it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::accounts {

// The marker that ErrorResponse (src/api/http_util.cc) turns into the error code
// "account_closed" (403): messages of closed-account errors start with it.
inline constexpr std::string_view kAccountClosedPrefix = "account_closed: ";

// Ok when `status` is not "closed"; otherwise kPermissionDenied "account_closed: this account was
// closed on <date>; it can be reopened until <closed + grace> with POST /v1/account/reopen …"
// (after the deadline: "… its data is being deleted"). `closed_at_ms` may be missing (old rows).
core::Status CheckAccountNotClosed(std::string_view status, std::optional<int64_t> closed_at_ms,
                                   int64_t grace_days, int64_t now_ms);

// True when `error` came from CheckAccountNotClosed.
bool IsAccountClosed(const core::Error& error);

}  // namespace leados::accounts
