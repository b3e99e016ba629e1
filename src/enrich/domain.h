#pragma once
// Web domains: host of a URL, registrable domain of a host, domains of e-mail addresses in text.
//
// Registrable domain ("eTLD+1"): the public suffix plus one label. We do not ship the whole
// Public Suffix List; an embedded list of the two-level suffixes that matter for company sites
// (co.uk, com.au, co.jp, com.br, co.in, ...; see kTwoLevelSuffixes in domain.cc) covers the common
// cases. Everything else is treated as a one-label suffix: "jobs.acme.com" -> "acme.com",
// "www.bbc.co.uk" -> "bbc.co.uk". A wrong answer for an exotic suffix only costs a directory miss.

#include <string>
#include <string_view>
#include <vector>

namespace leados::enrich {

// Lower-cased host of an http(s) URL or a bare host ("https://Jobs.Acme.com:443/x" ->
// "jobs.acme.com"); empty when there is none.
std::string HostOfUrl(std::string_view url);

// The registrable domain of a host ("careers.acme.co.uk" -> "acme.co.uk"); the input lower-cased
// when it has a single label or is an IP address; empty for empty input.
std::string RegistrableDomain(std::string_view host);

// True when `s` looks like a domain name (labels of [a-z0-9-], at least one dot, a letter TLD).
bool LooksLikeDomain(std::string_view s);

// The domains of e-mail addresses in `text`, lower-cased, in order of appearance, without
// duplicates ("write to Jane.Doe@Acme.com" -> {"acme.com"}).
std::vector<std::string> EmailDomainsIn(std::string_view text);

}  // namespace leados::enrich
