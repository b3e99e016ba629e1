// One libFuzzer entry point, compiled once per parser (LEADOS_FUZZ_TARGET names it). Every parser
// must return a value or an error for any bytes: no crash, no sanitizer report, no hang.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/connector_ashby.h"
#include "ingest/connector_feed.h"
#include "ingest/connector_greenhouse.h"
#include "ingest/connector_hackernews.h"
#include "ingest/connector_jsonl.h"
#include "ingest/connector_jsonld.h"
#include "ingest/connector_lever.h"
#include "ingest/connector_reddit.h"

#ifndef LEADOS_FUZZ_TARGET
#error "define LEADOS_FUZZ_TARGET"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leados::ingest;
  static constexpr std::string_view kTarget = LEADOS_FUZZ_TARGET;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ParseContext ctx;
  ctx.url = "https://example.com/v1/boards/acme/feed.xml";
  ctx.detect_language = (size & 1) == 0;  // exercise CLD2 on half of the inputs
  if (kTarget == "feed") {
    (void)ParseFeedPage(in, ctx);
  } else if (kTarget == "hn_item") {
    (void)ParseHnItem(in, ctx);
  } else if (kTarget == "hn_index") {
    (void)ParseHnIndex(in);
  } else if (kTarget == "hn_algolia") {
    (void)ParseHnAlgoliaSearch(in, ctx);
    (void)ParseHnAlgoliaItem(in, ctx);
  } else if (kTarget == "reddit") {
    (void)ParseRedditListing(in, ctx);
  } else if (kTarget == "greenhouse") {
    (void)ParseGreenhouseJobs(in, ctx);
  } else if (kTarget == "lever") {
    (void)ParseLeverPostings(in, ctx);
  } else if (kTarget == "ashby") {
    (void)ParseAshbyJobBoard(in, ctx);
  } else if (kTarget == "jsonld") {
    (void)ParseJobPostingPage(in, ctx);
  } else if (kTarget == "jsonl") {
    (void)ParseSignalLines(in, ctx);
  }
  return 0;
}
