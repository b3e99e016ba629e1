#pragma once
// Ashby connector: the public posting API. Versioning and company rules: job_posting.h.

#include <string_view>

#include "core/result.h"
#include "ingest/job_posting.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// api.ashbyhq.com/posting-api/job-board/{name}: {"jobs":[…]}. Unlisted postings
// (isListed=false) are skipped with a note. Location = location (+ " (Remote)" when isRemote
// and the location does not already say so).
core::Result<ParsedPage> ParseAshbyJobBoard(std::string_view body, const ParseContext& ctx);

}  // namespace leados::ingest
