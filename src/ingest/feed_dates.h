#pragma once
// Dates as feeds and APIs write them, parsed to UTC time points. Pure functions, thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/clock.h"

namespace leados::ingest {

// Parses the date formats found in real feeds:
//  - RFC 822/1123 and their broken variants: "Wed, 02 Oct 2002 13:00:00 GMT", named zones
//    (UT, GMT, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, military letters, CET, BST, JST, …),
//    numeric offsets ("+0200", "-07:00"), missing seconds, two-digit years (< 50 -> 20xx), full or
//    missing or wrong day names, full month names, trailing junk whitespace;
//  - RFC 3339 / ISO 8601: "2002-10-02T10:00:00-05:00", with ' ' instead of 'T', without zone
//    (taken as UTC), fractional seconds, date only, "20021002T100000Z";
//  - bare epoch seconds (10 digits) or milliseconds (13 digits).
// nullopt when the text is none of these or names an impossible date.
std::optional<core::TimePoint> ParseFeedDate(std::string_view text);

// Epoch seconds / milliseconds (HN `time`, Reddit `created_utc`, Lever `createdAt`).
core::TimePoint FromEpochSeconds(int64_t seconds);
core::TimePoint FromEpochMillis(int64_t millis);

}  // namespace leados::ingest
