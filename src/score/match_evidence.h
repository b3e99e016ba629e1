#pragma once
// MatchEvidenceFrom: the score's view of a match — distinct terms hit in the title and in the
// body, and a passage to quote — built from the matcher's hits and the signal's text.

#include "ingest/signal.h"
#include "match/match_result.h"
#include "score/lead_score.h"

namespace leados::score {

// Terms in hit order without repeats (a term hit in both fields counts as a title term, as
// MatchStrength expects). The quoted passage is the text around the first body hit — up to about
// 100 bytes on each side, widened to word boundaries, never splitting a UTF-8 character, with
// "…" where it was cut — or the title when no body term was hit. Pure.
MatchEvidence MatchEvidenceFrom(const ingest::Signal& signal, const match::CampaignMatch& match);

}  // namespace leados::score
