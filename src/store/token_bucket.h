#pragma once
// Internal to src/store: the argument handling KeyValue::TakeTokens backends share (the bucket
// arithmetic itself is internal::StepTokenBucket in key_value.h).

#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace leados::store::internal {

// Checks a TakeTokens call (CheckKey, CheckTokenBucket) and returns `now` in Unix milliseconds.
core::Result<int64_t> TakeTokensArgs(std::string_view key, int64_t cost, double rate_per_second,
                                     int64_t burst, core::TimePoint now);

}  // namespace leados::store::internal
