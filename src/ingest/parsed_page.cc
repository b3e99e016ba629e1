#include "ingest/parsed_page.h"

#include "core/crypto.h"
#include "ingest/language.h"
#include "ingest/url_canon.h"

namespace leados::ingest {

void AddUnique(ParsedPage& page, std::unordered_set<std::string>& seen, Signal s) {
  if (!seen.insert(s.Key()).second) {
    ++page.duplicates;
    return;
  }
  if (s.site.empty()) s.site = SiteOf(s.url);
  page.signals.push_back(std::move(s));
}

void FinishSignal(Signal& s, const ParseContext& ctx, std::string_view language_hint) {
  if (s.feed_id.empty()) s.feed_id = ctx.feed_id;
  if (ctx.detect_language && s.language.empty()) {
    std::string text = s.title;
    text += "\n";
    text += std::string_view(s.body).substr(0, 4096);
    s.language = DetectLanguage(text, language_hint);
  }
}

std::string ShortHash(std::string_view text, size_t n) {
  return core::Sha256Hex(text).substr(0, n);
}

}  // namespace leados::ingest
