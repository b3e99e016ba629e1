// libFuzzer target for the query parser: any input must parse or fail with a positioned error;
// when it parses, the canonical form must parse to the same tree, and both evaluators must agree
// on a tiny signal.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "match/compiled_campaigns.h"
#include "match/query_parser.h"
#include "match/reference_evaluator.h"

using leados::match::CompiledCampaigns;
using leados::match::FormatQuery;
using leados::match::ParseQuery;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseQuery(query);
  if (!parsed) {
    const std::string& m = parsed.error().message;
    // Every error starts with "LINE:COL: ".
    const size_t colon = m.find(':');
    if (colon == std::string::npos || colon == 0 || m.find(": ", colon + 1) == std::string::npos)
      std::abort();
    return 0;
  }
  const std::string canonical = FormatQuery(*parsed);
  auto again = ParseQuery(canonical);
  if (!again || !(*again == *parsed)) std::abort();
  if (FormatQuery(*again) != canonical) std::abort();

  leados::ingest::Signal s;
  s.source = leados::ingest::SourceKind::kReddit;
  s.title = "Looking for a CRM: pricing e-mail node.js C++ café";
  s.body = std::string(query.substr(0, 256));
  s.site = "reddit.com";
  s.community = "startups";
  s.language = "en";
  auto compiled = CompiledCampaigns::Compile({{"f", std::string(query)}});
  if (!compiled || !(*compiled)->errors().empty()) std::abort();
  const auto matches = (*compiled)->Match(s);
  const auto ref = leados::match::EvaluateReference(*parsed, s);
  if (ref.matched != !matches.empty()) std::abort();
  if (ref.matched && ref.hits != matches[0].hits) std::abort();
  return 0;
}
