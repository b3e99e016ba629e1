#pragma once
// URLs as LeadOS stores them: resolved against their base and put in one canonical form, so that
// the same item linked two ways is recognised. Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace leados::ingest {

// `ref` resolved against `base` (RFC 3986 §5). An absolute `ref` is returned as is; when `base`
// is empty or not absolute, or `ref` is not a URI reference, `ref` is returned trimmed.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The canonical form of an absolute http(s) URL: scheme and host lowercased, default port dropped,
// dot segments removed, empty path -> "/", fragment dropped, tracking parameters removed
// (utm_*, fbclid, gclid, dclid, msclkid, mc_cid, mc_eid, igshid, _hsenc, _hsmi, yclid, ref_src,
// mkt_tok, oly_*, vero_*, wt.mc_id). Other query parameters keep their order.
// A text that is not an absolute URL is returned trimmed and otherwise unchanged.
std::string CanonicalUrl(std::string_view url);

// CanonicalUrl(ResolveUrl(base, ref)).
std::string CanonicalLink(std::string_view base, std::string_view ref);

// The host of `url` lowercased and without a leading "www." ("news.ycombinator.com"); empty when
// `url` has no host.
std::string SiteOf(std::string_view url);

}  // namespace leados::ingest
