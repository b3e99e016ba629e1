#include "match/signal_filter.h"

#include <string>

#include "match/text_tokens.h"

namespace leados::match {

bool FilterMatches(FilterField field, std::string_view value, const ingest::Signal& signal) {
  switch (field) {
    case FilterField::kSource: return ingest::SourceKindName(signal.source) == value;
    case FilterField::kSite: {
      std::string site = FoldString(signal.site);
      if (site.starts_with("www.")) site.erase(0, 4);
      if (site == value) return true;
      return site.size() > value.size() && site.ends_with(value) &&
             site[site.size() - value.size() - 1] == '.';
    }
    case FilterField::kSub: {
      std::string sub = FoldString(signal.community);
      if (sub.starts_with("r/")) sub.erase(0, 2);
      return sub == value;
    }
    case FilterField::kLang: {
      const std::string lang = FoldString(signal.language);
      return lang == value ||
             (lang.size() > value.size() && lang.starts_with(value) && lang[value.size()] == '-');
    }
  }
  return false;
}

}  // namespace leados::match
