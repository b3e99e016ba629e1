#include "score/match_evidence.h"

#include <algorithm>

namespace leados::score {
namespace {

constexpr size_t kContext = 100;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The passage [begin, end) of `text` around a hit, widened to whitespace and cut at most
// kContext bytes away on each side.
std::string Passage(const std::string& text, size_t begin, size_t end) {
  begin = std::min(begin, text.size());
  end = std::clamp(end, begin, text.size());
  size_t from = begin > kContext ? begin - kContext : 0;
  size_t to = std::min(text.size(), end + kContext);
  // Move inwards to a word start / word end so no word is cut in half.
  if (from > 0) {
    while (from < begin && text[from - 1] != ' ') ++from;
  }
  if (to < text.size()) {
    while (to > end && text[to] != ' ') --to;
  }
  while (from > 0 && from < text.size() && IsContinuationByte(text[from])) ++from;
  while (to < text.size() && to > from && IsContinuationByte(text[to])) --to;
  std::string out;
  if (from > 0) out += "…";
  out.append(text, from, to - from);
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace

MatchEvidence MatchEvidenceFrom(const ingest::Signal& signal, const match::CampaignMatch& match) {
  MatchEvidence e;
  auto add = [](std::vector<std::string>& terms, const std::string& term) {
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
  };
  const match::TermHit* first_body = nullptr;
  for (const auto& hit : match.hits) {
    if (hit.field == match::MatchField::kTitle) {
      add(e.title_terms, hit.term);
    } else {
      if (!first_body) first_body = &hit;
      add(e.body_terms, hit.term);
    }
  }
  std::erase_if(e.body_terms, [&](const std::string& t) {
    return std::find(e.title_terms.begin(), e.title_terms.end(), t) != e.title_terms.end();
  });
  e.quoted_passage =
      first_body ? Passage(signal.body, first_body->begin, first_body->end) : signal.title;
  return e;
}

}  // namespace leados::score
