#pragma once
// LlmReranker: the optional second opinion of an LLM on the intent of the best candidates of a
// batch (docs/scoring.md, "LLM re-ranking"). Off by default. It sends a signal's title and text
// excerpt to an OpenAI-compatible chat-completions endpoint (a third party) only when the server
// setting llm.enabled is on AND the candidate's campaign opted in (llm_rerank), only for the
// llm.top_n highest model scores of the batch, and only within llm.calls_per_minute. The LLM's
// class and probability replace the model's and the score is recomputed; on a timeout, a 429, an
// error status, a transport failure or a malformed answer the model's score stays. Every
// candidate gets an LlmOutcome in its LeadScore saying which of these happened.
//
// Privacy: a candidate holds only what may be sent (title, text, the campaign's query); the
// author, handle and profile URL are never part of it, links in the text become "[link]", and
// the API key is never logged nor put in an outcome or error.

#include <chrono>
#include <cstddef>
#include <span>
#include <string>

#include "core/clock.h"
#include "ingest/http_client.h"
#include "ingest/signal.h"
#include "score/lead_score.h"
#include "score/llm_call_budget.h"

namespace leados::score {

// The llm.* configuration keys (src/app/config_schema.cc).
struct LlmRerankSettings {
  bool enabled = false;
  std::string base_url = "https://api.openai.com/v1";  // requests go to {base_url}/chat/completions
  std::string api_key;                                 // secret: "Authorization: Bearer …"
  std::string model = "gpt-4o-mini";
  int top_n = 5;              // candidates per batch sent at most (highest model scores first)
  int calls_per_minute = 30;  // process-wide, any sliding minute
  std::chrono::milliseconds timeout{8000};
  size_t max_input_bytes = 2000;  // title + text excerpt, cut on a UTF-8 boundary
};

// One lead candidate: the (signal, campaign) pair as the model scored it.
struct RerankCandidate {
  LeadScoreInput input;        // what the model's score was computed from
  LeadScore score;             // in: the model's score; out: the LLM's when used, `llm` always set
  std::string title;           // the signal's title
  std::string text;            // the signal's body text
  std::string campaign_query;  // the campaign's query, sent as context
  bool campaign_opted_in = false;  // the campaign's llm_rerank
  ScoreWeights weights;            // what the score is recomputed with when the LLM answers

  // Copies from `signal` only what may be sent: title and body (not author, author_url, url).
  static RerankCandidate FromSignal(const ingest::Signal& signal, LeadScoreInput input,
                                    LeadScore score, std::string campaign_query,
                                    bool campaign_opted_in);
};

class LlmReranker {
 public:
  // `http` and `clock` must outlive the reranker. The call budget is the reranker's, so one
  // reranker per process gives one cost guard per process.
  LlmReranker(ingest::HttpClient& http, const core::Clock& clock, LlmRerankSettings settings);

  // Re-ranks one batch in place: every candidate's score.llm is set; the chosen candidates
  // (enabled, opted in, top N by model score, within the budget) are sent to the endpoint at the
  // same time and the call returns when all have answered or timed out (about llm.timeout_ms at
  // most). Never fails: a failed call keeps the model's score. Thread-safe.
  void Rerank(std::span<RerankCandidate> batch);

  const LlmRerankSettings& settings() const { return settings_; }

 private:
  // Sends one candidate and fills its outcome (and score when the LLM answered).
  void Ask(RerankCandidate& candidate);
  // `text` with the API key masked: the last guard before a message leaves this class.
  std::string Scrub(std::string text) const;

  ingest::HttpClient& http_;
  const core::Clock& clock_;
  const LlmRerankSettings settings_;
  LlmCallBudget budget_;
};

}  // namespace leados::score
