#include "score/llm_reranker.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <vector>

#include "core/log.h"
#include "ingest/host_rate_limiter.h"
#include "score/llm_chat_format.h"

namespace leados::score {
namespace {

// The answer of a chat completion is small; anything bigger is not one.
constexpr size_t kMaxResponseBytes = 1 << 20;
// A 429 without Retry-After pauses the calls this long; a Retry-After is believed up to the cap.
constexpr auto kDefaultPause = std::chrono::seconds(60);
constexpr auto kMaxPause = std::chrono::hours(1);

std::string ChatCompletionsUrl(std::string_view base_url) {
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  return fmt::format("{}/chat/completions", base_url);
}

void SetOutcome(RerankCandidate& c, LlmStatus status, std::string reason) {
  c.score.llm->status = status;
  c.score.llm->reason = std::move(reason);
}

}  // namespace

RerankCandidate RerankCandidate::FromSignal(const ingest::Signal& signal, LeadScoreInput input,
                                            LeadScore score, std::string campaign_query,
                                            bool campaign_opted_in) {
  RerankCandidate c;
  c.input = std::move(input);
  c.score = std::move(score);
  c.title = signal.title;
  c.text = signal.body;
  c.campaign_query = std::move(campaign_query);
  c.campaign_opted_in = campaign_opted_in;
  return c;
}

LlmReranker::LlmReranker(ingest::HttpClient& http, const core::Clock& clock,
                         LlmRerankSettings settings)
    : http_(http),
      clock_(clock),
      settings_(std::move(settings)),
      budget_(clock, settings_.calls_per_minute) {}

void LlmReranker::Rerank(std::span<RerankCandidate> batch) {
  std::vector<size_t> eligible;
  for (size_t i = 0; i < batch.size(); ++i) {
    RerankCandidate& c = batch[i];
    c.score.llm = LlmOutcome{.model_probability = c.input.intent_probability};
    if (!settings_.enabled) {
      SetOutcome(c, LlmStatus::kNotEnabled, "llm.enabled is off on this server");
    } else if (!c.campaign_opted_in) {
      SetOutcome(c, LlmStatus::kNotOptedIn, "the campaign has not switched llm_rerank on");
    } else {
      eligible.push_back(i);
    }
  }
  // The highest model scores first; equal scores keep the batch's order.
  std::stable_sort(eligible.begin(), eligible.end(),
                   [&](size_t a, size_t b) { return batch[a].score.exact > batch[b].score.exact; });
  const size_t top_n = static_cast<size_t>(std::max(0, settings_.top_n));
  std::vector<RerankCandidate*> to_send;
  for (size_t rank = 0; rank < eligible.size(); ++rank) {
    RerankCandidate& c = batch[eligible[rank]];
    if (rank >= top_n) {
      SetOutcome(c, LlmStatus::kNotTopN,
                 fmt::format("not among the {} highest model scores of its batch", top_n));
    } else if (!budget_.TryTake()) {
      SetOutcome(c, LlmStatus::kRateLimited,
                 fmt::format("over llm.calls_per_minute ({}) or paused after a 429",
                             settings_.calls_per_minute));
    } else {
      to_send.push_back(&c);
    }
  }
  if (to_send.empty()) return;
  // The calls run at the same time so that a batch waits about one timeout at most; the last
  // one runs on this thread.
  std::vector<std::future<void>> running;
  running.reserve(to_send.size() - 1);
  for (size_t i = 0; i + 1 < to_send.size(); ++i) {
    running.push_back(std::async(std::launch::async, [this, c = to_send[i]] { Ask(*c); }));
  }
  Ask(*to_send.back());
  for (auto& f : running) f.get();

  int64_t used = 0;
  for (const RerankCandidate* c : to_send) used += c->score.llm->status == LlmStatus::kUsed;
  core::log::Debug("score.llm_rerank", {{"candidates", static_cast<int64_t>(batch.size())},
                                        {"sent", static_cast<int64_t>(to_send.size())},
                                        {"used", used}});
}

void LlmReranker::Ask(RerankCandidate& c) {
  ingest::HttpRequest req;
  req.method = "POST";
  req.url = ChatCompletionsUrl(settings_.base_url);
  req.headers.Set("Content-Type", "application/json");
  req.headers.Set("Accept", "application/json");
  if (!settings_.api_key.empty()) req.headers.Set("Authorization", "Bearer " + settings_.api_key);
  req.body = ChatCompletionRequestBody(
      settings_.model,
      LlmUserMessage({c.title, c.text, c.campaign_query}, settings_.max_input_bytes));
  req.timeout = settings_.timeout;
  req.max_body_bytes = kMaxResponseBytes;
  req.max_redirects = 0;

  // A duration, not a time of day: the steady clock is the right one (the Clock seam is wall
  // time, and a manual clock would report 0).
  const auto started = std::chrono::steady_clock::now();
  auto response = http_.Send(req);
  LlmOutcome& outcome = *c.score.llm;
  outcome.latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);

  if (!response) {
    const ingest::HttpErrorKind kind = ingest::HttpErrorKindOf(response.error());
    if (kind == ingest::HttpErrorKind::kTimeout) {
      SetOutcome(c, LlmStatus::kTimeout,
                 fmt::format("no answer within {} ms", settings_.timeout.count()));
    } else {
      SetOutcome(c, LlmStatus::kError,
                 Scrub(fmt::format("{}: {}", ingest::HttpErrorKindName(kind),
                                   ingest::HttpErrorDetail(response.error()))));
    }
  } else if (response->status == 429) {
    const core::TimePoint now = clock_.Now();
    auto retry = response->headers.Get("Retry-After");
    auto until = retry ? ingest::ParseRetryAfter(*retry, now) : std::nullopt;
    budget_.PauseUntil(std::min(until.value_or(now + kDefaultPause), now + kMaxPause));
    SetOutcome(c, LlmStatus::kRateLimited, "HTTP 429 from the LLM endpoint");
  } else if (response->status < 200 || response->status > 299) {
    // The provider's error body is not repeated: some echo a part of the key.
    SetOutcome(c, LlmStatus::kError,
               fmt::format("HTTP {} from the LLM endpoint", response->status));
  } else if (auto answer = ParseChatCompletionAnswer(response->body); !answer) {
    SetOutcome(c, LlmStatus::kError, Scrub(answer.error().message));
  } else {
    LeadScoreInput input = c.input;
    input.intent_class = answer->intent_class;
    input.intent_probability = answer->probability;
    LlmOutcome used = outcome;
    used.status = LlmStatus::kUsed;
    used.llm_probability = answer->probability;
    used.llm_class = answer->intent_class;
    used.reason = std::move(answer->reason);
    c.score = ComputeLeadScore(input, c.weights);
    c.score.llm = std::move(used);
    return;
  }
  core::log::Warn("score.llm_fallback",
                  {{"status", LlmStatusName(outcome.status)},
                   {"reason", outcome.reason},
                   {"latency_ms", static_cast<int64_t>(outcome.latency.count())}});
}

std::string LlmReranker::Scrub(std::string text) const {
  if (settings_.api_key.empty()) return text;
  for (size_t at = text.find(settings_.api_key); at != std::string::npos;
       at = text.find(settings_.api_key, at)) {
    text.replace(at, settings_.api_key.size(), "********");
  }
  return text;
}

}  // namespace leados::score
