// LlmReranker through the real CurlHttpClient against a local stand-in (tests/support's
// FixtureServer) that speaks the OpenAI chat-completions wire format: the switches (server and
// campaign), top-N, the request itself and what it leaves out, the score change, timeouts,
// error statuses, malformed answers, the cost guard on a manual clock, and the API key's
// absence from logs and outcomes.
#include "score/llm_reranker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/json.h"
#include "fixture_server.h"
#include "score/llm_test_completion.h"

namespace leados::score {
namespace {

namespace json = core::json;
using namespace std::chrono_literals;
using test_support::FixtureResponse;
using test_support::FixtureServer;

constexpr std::string_view kApiKey = "sk-test-Zq8vR3xKp2LmN7sT";
constexpr std::string_view kPath = "/v1/chat/completions";

using testing::ChatCompletionJson;

FixtureResponse Answer(std::string_view content) {
  FixtureResponse r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = ChatCompletionJson(content);
  return r;
}

FixtureResponse WithStatus(int status, std::string body, test_support::Fields headers = {}) {
  FixtureResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

const std::string kSeeking =
    R"({"intent_class":"seeking","probability":0.93,"reason":"The author asks which CRM to buy."})";

class LlmRerankerTest : public ::testing::Test {
 protected:
  LlmRerankerTest() : http_(LoopbackOnly(server_)) {}

  // The SSRF guard stays on; only the stand-in's exact endpoint is let through.
  static ingest::CurlHttpClientOptions LoopbackOnly(const FixtureServer& server) {
    ingest::CurlHttpClientOptions o;
    o.ssrf.allowed_endpoints = {"127.0.0.1:" + std::to_string(server.port())};
    return o;
  }

  LlmRerankSettings Enabled() {
    LlmRerankSettings s;
    s.enabled = true;
    s.base_url = server_.Url("/v1");
    s.api_key = std::string(kApiKey);
    s.timeout = 3s;
    return s;
  }

  // A candidate whose model said `p` (class none when p < 0.5, as the model does).
  static RerankCandidate Candidate(double p, bool opted_in = true) {
    LeadScoreInput in;
    in.intent_class = p >= 0.5 ? IntentClass::kSeeking : IntentClass::kNone;
    in.intent_probability = p;
    in.match.title_terms = {"crm"};
    in.source = "reddit";
    ingest::Signal signal;
    signal.title = "Which CRM for a 10-person agency? p=" + std::to_string(p);
    signal.body = "We outgrew spreadsheets.";
    return RerankCandidate::FromSignal(signal, in, ComputeLeadScore(in), "crm", opted_in);
  }

  static std::vector<RerankCandidate> Batch(std::initializer_list<double> ps,
                                            bool opted_in = true) {
    std::vector<RerankCandidate> out;
    for (double p : ps) out.push_back(Candidate(p, opted_in));
    return out;
  }

  static LlmStatus StatusOf(const RerankCandidate& c) { return c.score.llm.value().status; }

  FixtureServer server_;
  ingest::CurlHttpClient http_;
  core::ManualClock clock_;
};

TEST_F(LlmRerankerTest, OffByDefaultSendsNothing) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmRerankSettings s;  // the defaults, pointed at the stand-in so a request would be seen
  EXPECT_FALSE(s.enabled);
  s.base_url = server_.Url("/v1");
  LlmReranker reranker(http_, clock_, s);
  auto batch = Batch({0.9, 0.4, 0.1});
  const int before = batch[0].score.score;
  reranker.Rerank(batch);
  EXPECT_TRUE(server_.Requests().empty());
  for (const auto& c : batch) {
    EXPECT_EQ(StatusOf(c), LlmStatus::kNotEnabled);
    EXPECT_FALSE(c.score.llm->llm_probability);
  }
  EXPECT_EQ(batch[0].score.score, before);
}

TEST_F(LlmRerankerTest, ACampaignThatDidNotOptInSendsNothing) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmReranker reranker(http_, clock_, Enabled());
  auto batch = Batch({0.9, 0.4}, /*opted_in=*/false);
  reranker.Rerank(batch);
  EXPECT_TRUE(server_.Requests().empty());
  for (const auto& c : batch) EXPECT_EQ(StatusOf(c), LlmStatus::kNotOptedIn);
}

TEST_F(LlmRerankerTest, OnlyTheTopNModelScoresAreSent) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmRerankSettings s = Enabled();
  s.top_n = 3;
  LlmReranker reranker(http_, clock_, s);
  auto batch = Batch({0.2, 0.9, 0.05, 0.6, 0.7});        // N + 2 candidates
  batch.push_back(Candidate(0.99, /*opted_in=*/false));  // not opted in: takes no slot
  reranker.Rerank(batch);
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 3u);
  EXPECT_EQ(StatusOf(batch[1]), LlmStatus::kUsed);  // 0.9
  EXPECT_EQ(StatusOf(batch[4]), LlmStatus::kUsed);  // 0.7
  EXPECT_EQ(StatusOf(batch[3]), LlmStatus::kUsed);  // 0.6
  EXPECT_EQ(StatusOf(batch[0]), LlmStatus::kNotTopN);
  EXPECT_EQ(StatusOf(batch[2]), LlmStatus::kNotTopN);
  EXPECT_EQ(StatusOf(batch[5]), LlmStatus::kNotOptedIn);
  // The requests carried the three highest titles.
  std::vector<std::string> bodies;
  for (const auto& r : server_.RequestsFor(kPath)) bodies.push_back(r.body);
  for (const char* p : {"p=0.9", "p=0.7", "p=0.6"}) {
    EXPECT_EQ(std::count_if(bodies.begin(), bodies.end(),
                            [&](const std::string& b) { return b.find(p) != std::string::npos; }),
              1)
        << p;
  }
}

TEST_F(LlmRerankerTest, TheRequestIsAChatCompletionWithoutTheAuthor) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmRerankSettings s = Enabled();
  s.model = "gpt-4o-mini";
  LlmReranker reranker(http_, clock_, s);
  ingest::Signal signal;
  signal.source = ingest::SourceKind::kReddit;
  signal.url = "https://www.reddit.com/r/sales/comments/1abcde/which_crm/";
  signal.title = "Which CRM for a 10-person agency?";
  signal.body = "We outgrew spreadsheets. DM me or see https://janedoe.example/about";
  signal.author = "jane_doe_1987";
  signal.author_url = "https://www.reddit.com/user/jane_doe_1987";
  LeadScoreInput in;
  in.intent_probability = 0.3;
  std::vector<RerankCandidate> batch{
      RerankCandidate::FromSignal(signal, in, ComputeLeadScore(in), "crm AND agency", true)};
  reranker.Rerank(batch);

  auto requests = server_.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, kPath);
  EXPECT_EQ(r.Header("Authorization"), "Bearer " + std::string(kApiKey));
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  auto body = core::ParseJsonObject(r.body);
  ASSERT_TRUE(body) << r.body;
  EXPECT_EQ(core::StringOr(*body, "model"), "gpt-4o-mini");
  EXPECT_EQ(body->at("temperature").to_number<double>(), 0.0);
  EXPECT_EQ(core::StringOr(body->at("response_format").as_object(), "type"), "json_object");
  const auto& messages = body->at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  const std::string user = core::StringOr(messages[1].as_object(), "content");
  EXPECT_NE(user.find("Which CRM for a 10-person agency?"), std::string::npos) << user;
  EXPECT_NE(user.find("We outgrew spreadsheets."), std::string::npos) << user;
  EXPECT_NE(user.find("crm AND agency"), std::string::npos) << user;
  // Privacy: no author, handle, profile URL, item URL or link from the text.
  for (const char* personal : {"jane_doe_1987", "reddit.com", "janedoe.example", "1abcde"}) {
    EXPECT_EQ(r.body.find(personal), std::string::npos) << personal << " in " << r.body;
  }
}

TEST_F(LlmRerankerTest, TheLlmAnswerReplacesTheIntentAndChangesTheScore) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmReranker reranker(http_, clock_, Enabled());
  auto batch = Batch({0.2});
  const LeadScore model = batch[0].score;
  reranker.Rerank(batch);
  const LeadScore& now = batch[0].score;
  ASSERT_TRUE(now.llm);
  EXPECT_EQ(now.llm->status, LlmStatus::kUsed);
  EXPECT_DOUBLE_EQ(now.llm->model_probability, 0.2);
  EXPECT_EQ(now.llm->llm_probability, 0.93);
  EXPECT_EQ(now.llm->llm_class, IntentClass::kSeeking);
  EXPECT_EQ(now.llm->reason, "The author asks which CRM to buy.");
  EXPECT_EQ(now.intent_class, IntentClass::kSeeking);
  // intent part: 45 * 0.2 = 9 points before, 45 * 0.93 = 41.85 after.
  EXPECT_NEAR(now.parts[0].points - model.parts[0].points, 45 * (0.93 - 0.2), 1e-9);
  EXPECT_GT(now.score, model.score);
  EXPECT_NE(ExplainScore(now).find("(intent from the LLM: 0.20 -> 0.93 seeking)"),
            std::string::npos)
      << ExplainScore(now);
}

TEST_F(LlmRerankerTest, ATimeoutKeepsTheModelScoreWithinAboutTheTimeout) {
  FixtureResponse slow = Answer(kSeeking);
  slow.delay = 10s;
  server_.Route(std::string(kPath), slow);
  LlmRerankSettings s = Enabled();
  s.timeout = 400ms;
  LlmReranker reranker(http_, clock_, s);
  auto batch = Batch({0.9, 0.8});  // both time out together, not one after the other
  const LeadScore model = batch[0].score;
  const auto started = std::chrono::steady_clock::now();
  reranker.Rerank(batch);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 350ms);
  EXPECT_LT(took, 2s);
  for (const auto& c : batch) {
    EXPECT_EQ(StatusOf(c), LlmStatus::kTimeout);
    EXPECT_EQ(c.score.llm->reason, "no answer within 400 ms");
    EXPECT_GE(c.score.llm->latency, 350ms);
  }
  EXPECT_EQ(batch[0].score.score, model.score);
  EXPECT_EQ(batch[0].score.exact, model.exact);
  EXPECT_EQ(batch[0].score.intent_class, model.intent_class);

  // A response that starts and then stalls is a timeout too.
  FixtureResponse stall = Answer(kSeeking);
  stall.mode = FixtureResponse::Mode::kStall;
  stall.body = "{\"id\":\"chatcmpl-";
  stall.stall = 10s;
  server_.Route(std::string(kPath), stall);
  auto one = Batch({0.5});
  reranker.Rerank(one);
  EXPECT_EQ(StatusOf(one[0]), LlmStatus::kTimeout);
}

TEST_F(LlmRerankerTest, ErrorStatusesAndMalformedAnswersKeepTheModelScore) {
  struct Case {
    FixtureResponse response;
    LlmStatus status;
    std::string reason;  // a part of it
  };
  const std::vector<Case> cases = {
      {WithStatus(500, R"({"error":{"message":"The server had an error","type":"server_error"}})"),
       LlmStatus::kError, "HTTP 500 from the LLM endpoint"},
      {WithStatus(429, R"({"error":{"message":"Rate limit reached","type":"requests"}})"),
       LlmStatus::kRateLimited, "HTTP 429"},
      {Answer("Sure! This post is about buying a CRM."), LlmStatus::kError,
       "malformed answer: the content is not a JSON object"},
      {Answer(R"({"intent_class":"purchase","probability":0.9})"), LlmStatus::kError,
       "malformed answer: intent_class must be"},
      {WithStatus(200, "not json at all"), LlmStatus::kError, "malformed answer"},
  };
  for (const auto& c : cases) {
    server_.Route(std::string(kPath), c.response);
    LlmReranker reranker(http_, clock_, Enabled());  // a fresh budget each time
    auto batch = Batch({0.35});
    const LeadScore model = batch[0].score;
    reranker.Rerank(batch);
    EXPECT_EQ(StatusOf(batch[0]), c.status) << c.reason;
    EXPECT_NE(batch[0].score.llm->reason.find(c.reason), std::string::npos)
        << batch[0].score.llm->reason;
    EXPECT_EQ(batch[0].score.exact, model.exact) << c.reason;
    EXPECT_DOUBLE_EQ(batch[0].score.llm->model_probability, 0.35);
    EXPECT_FALSE(batch[0].score.llm->llm_probability);
  }
}

TEST_F(LlmRerankerTest, A429PausesCallsUntilRetryAfter) {
  server_.Route(std::string(kPath),
                std::vector<FixtureResponse>{WithStatus(429, "{}", {{"Retry-After", "20"}}),
                                             Answer(kSeeking)});
  LlmReranker reranker(http_, clock_, Enabled());
  auto first = Batch({0.9});
  reranker.Rerank(first);
  EXPECT_EQ(StatusOf(first[0]), LlmStatus::kRateLimited);
  clock_.Advance(19s);
  auto paused = Batch({0.9});
  reranker.Rerank(paused);
  EXPECT_EQ(StatusOf(paused[0]), LlmStatus::kRateLimited);
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 1u);  // skipped, not sent
  clock_.Advance(1s);
  auto after = Batch({0.9});
  reranker.Rerank(after);
  EXPECT_EQ(StatusOf(after[0]), LlmStatus::kUsed);
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 2u);
}

TEST_F(LlmRerankerTest, TheCostGuardCapsCallsPerMinute) {
  server_.Route(std::string(kPath), Answer(kSeeking));
  LlmRerankSettings s = Enabled();
  s.calls_per_minute = 2;
  s.top_n = 10;
  LlmReranker reranker(http_, clock_, s);

  // Five candidates over one minute: one batch of three, then one candidate every 20 s.
  auto batch = Batch({0.9, 0.8, 0.7});
  reranker.Rerank(batch);
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 2u);
  EXPECT_EQ(StatusOf(batch[0]), LlmStatus::kUsed);
  EXPECT_EQ(StatusOf(batch[1]), LlmStatus::kUsed);
  EXPECT_EQ(StatusOf(batch[2]), LlmStatus::kRateLimited);
  EXPECT_EQ(batch[2].score.exact, Candidate(0.7).score.exact);  // model score kept
  for (int i = 0; i < 2; ++i) {
    clock_.Advance(20s);
    auto one = Batch({0.9});
    reranker.Rerank(one);
    EXPECT_EQ(StatusOf(one[0]), LlmStatus::kRateLimited);
  }
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 2u);

  // A minute after the first calls the budget is back.
  clock_.Advance(20s);
  auto later = Batch({0.9, 0.8, 0.7});
  reranker.Rerank(later);
  EXPECT_EQ(server_.RequestsFor(kPath).size(), 4u);
  EXPECT_EQ(StatusOf(later[2]), LlmStatus::kRateLimited);
}

TEST_F(LlmRerankerTest, TheApiKeyIsNeverLoggedNorInAnOutcome) {
  // An endpoint that echoes the key back, as some providers do on 401.
  const std::string echo = R"({"error":{"message":"Incorrect API key provided: )" +
                           std::string(kApiKey) + R"(","code":"invalid_api_key"}})";
  std::vector<std::string> reasons;
  ::testing::internal::CaptureStderr();
  for (const FixtureResponse& response :
       {WithStatus(401, echo), WithStatus(500, echo), Answer(echo), WithStatus(429, echo)}) {
    server_.Route(std::string(kPath), response);
    LlmReranker reranker(http_, clock_, Enabled());
    auto batch = Batch({0.9});
    reranker.Rerank(batch);
    reasons.push_back(batch[0].score.llm->reason);
  }
  {
    // A transport failure: nothing listens on the base URL's port any more.
    LlmRerankSettings s = Enabled();
    s.base_url = "http://127.0.0.1:9/v1";
    ingest::CurlHttpClientOptions o;
    o.ssrf.allowed_endpoints = {"127.0.0.1:9"};
    ingest::CurlHttpClient refused_http(o);
    LlmReranker reranker(refused_http, clock_, s);
    auto batch = Batch({0.9});
    reranker.Rerank(batch);
    EXPECT_EQ(StatusOf(batch[0]), LlmStatus::kError);
    reasons.push_back(batch[0].score.llm->reason);
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("score.llm_fallback"), std::string::npos) << log;  // it did log
  EXPECT_EQ(log.find(kApiKey), std::string::npos) << log;
  EXPECT_EQ(log.find("Zq8vR3xKp2LmN7sT"), std::string::npos) << log;
  ASSERT_EQ(reasons.size(), 5u);
  for (const auto& r : reasons) {
    EXPECT_FALSE(r.empty());
    EXPECT_EQ(r.find("Zq8vR3xKp2LmN7sT"), std::string::npos) << r;
  }
  EXPECT_EQ(reasons[0], "HTTP 401 from the LLM endpoint");
}

}  // namespace
}  // namespace leados::score
