#pragma once
// The one text preprocessing shared by training and prediction, so the model sees the same
// tokens at both times: title and body joined with a marker, lower-cased ASCII, punctuation split
// off as its own token, URLs and numbers folded into placeholder tokens.

#include <string>
#include <string_view>

namespace leados::score {

// The longest body (in bytes) the model reads; longer texts are cut at a token boundary. Intent is
// almost always stated in the first paragraphs, and the cap bounds the cost of one prediction.
inline constexpr size_t kMaxModelTextBytes = 300;

// Returns "<title tokens> __body__ <body tokens>", or the tokens of whichever part is present.
// When `text` starts with `title` (feeds often repeat the title in the body) the repeat is
// dropped. Never fails; invalid UTF-8 bytes pass through unchanged. Thread-safe.
std::string NormalizeForModel(std::string_view title, std::string_view text);

}  // namespace leados::score
