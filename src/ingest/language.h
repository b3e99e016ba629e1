#pragma once
// Language of a text with CLD2 (Compact Language Detector 2). Pure function, thread-safe.

#include <string>
#include <string_view>

namespace leados::ingest {

// ISO 639-1 code ("en", "de", "zh") of UTF-8 `text`, or "" when CLD2 is not reliably sure
// (too short, mixed, unknown). `hint` is a language the source declares (feed <language>,
// HTTP Content-Language, e.g. "pt-PT"); it breaks ties and is returned for texts too short to
// tell. Only the first 64 KiB of `text` are read.
std::string DetectLanguage(std::string_view text, std::string_view hint = "");

}  // namespace leados::ingest
