#pragma once
// Field filters of the query language (source:, site:, sub:, lang:) evaluated on a Signal's
// metadata. Shared by the engine and the reference evaluator. Thread-safe.

#include <string_view>

#include "ingest/signal.h"
#include "match/query_ast.h"

namespace leados::match {

// source: exact source kind; site: the signal's site equals the value or is a subdomain of it;
// sub: the community equals the value (case-insensitive, "r/" stripped); lang: the language
// equals the value or starts with "value-" ("en" matches "en-US"). `value` is already folded.
bool FilterMatches(FilterField field, std::string_view value, const ingest::Signal& signal);

}  // namespace leados::match
