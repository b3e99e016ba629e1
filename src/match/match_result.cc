#include "match/match_result.h"

namespace leados::match {

const char* MatchFieldName(MatchField field) {
  return field == MatchField::kTitle ? "title" : "body";
}

core::json::object MatchToJson(const ingest::Signal& signal, const CampaignMatch& match) {
  core::json::object o;
  o["signal"] = signal.Key();
  o["campaign"] = match.campaign_id;
  core::json::array terms;
  for (const TermHit& h : match.hits) {
    const std::string& text = h.field == MatchField::kTitle ? signal.title : signal.body;
    core::json::object t;
    t["term"] = h.term;
    t["field"] = MatchFieldName(h.field);
    t["begin"] = h.begin;
    t["end"] = h.end;
    if (h.end <= text.size() && h.begin <= h.end) t["text"] = text.substr(h.begin, h.end - h.begin);
    terms.push_back(std::move(t));
  }
  o["terms"] = std::move(terms);
  return o;
}

}  // namespace leados::match
