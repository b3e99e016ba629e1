#pragma once
// The LeadOS query language parser: hand-written recursive descent, errors as values.
// Grammar and rules: docs/query-language.md. Thread-safe (pure function).

#include <string_view>

#include "core/result.h"
#include "match/query_ast.h"

namespace leados::match {

// Limits a query must respect (documented in docs/query-language.md).
inline constexpr size_t kMaxQueryBytes = 4096;
inline constexpr int kMaxQueryTerms = 64;  // words/phrases (NEAR counts two) plus filters
inline constexpr int kMaxNesting = 32;     // parentheses and NOT/'-' prefixes
inline constexpr int kMaxNear = 50;        // NEAR/n: 0 <= n <= 50 words in between
inline constexpr int kMaxPhraseWords = 16;

// Parses `query`. On failure the error (kInvalidArgument) reads "LINE:COL: what was expected",
// e.g. "1:14: expected ')' to close '(' at 1:3"; columns count characters (code points) from 1.
core::Result<QueryNode> ParseQuery(std::string_view query);

}  // namespace leados::match
