#pragma once
// Careers-page connector: schema.org JobPosting JSON-LD embedded in an HTML page
// (<script type="application/ld+json">). Accepts a single object, an array, or an @graph, and
// @type given as a string or an array. Other @types are ignored.
//
// Mapping: source kJobPage, title, body = description as text (HTML or entity-escaped HTML),
// company = ctx.company else hiringOrganization.name (or a string hiringOrganization),
// company_domain = ctx.company_domain else the host of hiringOrganization.sameAs/url,
// location = jobLocation address ("Locality, Region, Country"; several joined with "; ";
// jobLocationType TELECOMMUTE adds "Remote"), published = datePosted, url = the posting's url
// resolved against ctx.url (else ctx.url), source_id = "<identifier or url>@<version>" with
// version = first 12 hex of SHA-256 over datePosted, title, location and description.
// A script block that is not valid JSON is skipped with a note.

#include <string_view>

#include "core/result.h"
#include "ingest/parsed_page.h"

namespace leados::ingest {

core::Result<ParsedPage> ParseJobPostingPage(std::string_view html, const ParseContext& ctx);

}  // namespace leados::ingest
