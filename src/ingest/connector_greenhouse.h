#pragma once
// Greenhouse connector: the public job board API. Versioning and company rules: job_posting.h.

#include <string_view>

#include "core/result.h"
#include "ingest/job_posting.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// boards-api.greenhouse.io/v1/boards/{token}/jobs[?content=true], /jobs/{id}, and the legacy
// embed/{jobs,job,departments,department,offices,office} shapes (jobs nested in departments and
// offices are found). `content` is entity-escaped HTML: decoded, then turned into text.
// {"error": "..."} bodies become kNotFound with Greenhouse's message.
core::Result<ParsedPage> ParseGreenhouseJobs(std::string_view body, const ParseContext& ctx);

}  // namespace leados::ingest
