#pragma once
// A plain evaluator of the query language written for clarity, not speed: it tokenises the
// signal's fields and walks the query tree. The differential test checks the Hyperscan engine
// against it; it is the executable definition of the semantics in docs/query-language.md.

#include "ingest/signal.h"
#include "match/match_result.h"
#include "match/query_ast.h"

namespace leados::match {

struct ReferenceResult {
  bool matched = false;
  std::vector<TermHit> hits;  // same rules as CampaignMatch::hits; empty when not matched
};

// Evaluates `query` on `signal`. Thread-safe.
ReferenceResult EvaluateReference(const QueryNode& query, const ingest::Signal& signal);

}  // namespace leados::match
