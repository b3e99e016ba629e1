#include "ingest/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <cctype>

#include "ingest/text_encoding.h"

namespace leados::ingest {
namespace {

// "pt-PT" -> "pt"; "" for anything that is not a two/three-letter primary tag.
std::string PrimaryTag(std::string_view hint) {
  std::string out;
  for (char c : hint) {
    if (c == '-' || c == '_') break;
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out.size() == 2 || out.size() == 3 ? out : "";
}

}  // namespace

std::string DetectLanguage(std::string_view text, std::string_view hint) {
  std::string declared = PrimaryTag(hint);
  text = text.substr(0, 64 * 1024);
  // Cut at a character boundary so CLD2 never sees a split sequence.
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
    text.remove_suffix(1);
  }
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.remove_suffix(1);
  std::string repaired;
  if (!IsValidUtf8(text)) {
    repaired = RepairUtf8(text);
    text = repaired;
  }
  if (text.size() < 12) return declared;
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (!declared.empty()) hints.language_hint = CLD2::GetLanguageFromName(declared.c_str());
  CLD2::Language language3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints, 0, language3,
      percent3, scores3, nullptr, &text_bytes, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE || !reliable) {
    return declared;
  }
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 names a few languages with regional codes ("zh-Hant"); keep the primary subtag.
  if (auto dash = code.find('-'); dash != std::string::npos) code.erase(dash);
  return code;
}

}  // namespace leados::ingest
