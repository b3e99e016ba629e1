#pragma once
// Shared by the job-board connectors (Greenhouse, Lever, Ashby): how a posting gets its company
// and its version. Every job Signal carries the hiring company, the location and a version, so
// that a new OR changed posting is a new Key():
//   source_id = "<posting id>@<version>", version = the posting's update time in RFC 3339 UTC
//   when the API gives one (Greenhouse `updated_at`), else the first 12 hex characters of
//   SHA-256 over title, location and text (Lever, Ashby: their public APIs carry no update
//   time). An unchanged posting repeats its Key; the scheduler dedupes by Key across fetches.
// company = ctx.company (configured) else the payload's company name else the board token in
// ctx.url. Pure functions, thread-safe.

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// The path segment after `marker` in `url` ("/boards/" -> "gitlab"), lowercased; "" if absent.
std::string BoardTokenFromUrl(std::string_view url, std::string_view marker);

// The content version of a posting: 12 hex of SHA-256 over title, location and body.
std::string PostingContentVersion(const Signal& s);

// ctx.company, else `payload_company`, else the board token after `marker` in ctx.url.
std::string PostingCompany(const ParseContext& ctx, std::string_view payload_company,
                           std::string_view marker);

// Parses a board response; a syntax error becomes "invalid <board> response: …".
core::Result<core::json::value> ParseBoardJson(std::string_view body, std::string_view board);

}  // namespace leados::ingest
