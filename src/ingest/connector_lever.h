#pragma once
// Lever connector: the public postings API. Versioning and company rules: job_posting.h.

#include <string_view>

#include "core/result.h"
#include "ingest/job_posting.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

// api.lever.co/v0/postings/{site}?mode=json (a bare array) or one posting object. Body = opening
// + description body + lists ("Qualifications: …") + additional, as text.
core::Result<ParsedPage> ParseLeverPostings(std::string_view body, const ParseContext& ctx);

}  // namespace leados::ingest
