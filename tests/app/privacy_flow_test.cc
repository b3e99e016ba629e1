// Rights requests over the whole product, on each backend (issue 9, "what must be shown"): a lead
// about one person reaches two client accounts (webhook receivers); the person asks for deletion
// by email through submitPrivacyRequest and confirms with the emailed link; then the person's
// payloads are gone from the KV store (a bystander's stay), both clients receive a signed
// `lead.erasure_requested` event for their lead and an email, and a new signal by the same person
// is suppressed for every client; so is an author on an imported DROP list. `leados privacy
// import-drop` adds DROP hashes idempotently and names malformed lines.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json.h"
#include "installation.h"
#include "webhook_receiver.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

constexpr char kPerson[] = "Erin.Target@example.com";
constexpr char kBystander[] = "bystander@example.org";

bool WaitUntil(const std::function<bool()>& done, seconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// One RSS post matching the test campaigns, as a JSON line.
std::string Post(const std::string& id, const std::string& author) {
  core::json::object s{{"source", "rss"},
                       {"source_id", id},
                       {"url", "https://blog.example.net/posts/" + id},
                       {"title", "Which erasureprobe tool should we buy? " + id},
                       {"body", "Our team is evaluating an erasureprobe vendor this quarter."},
                       {"author", author},
                       {"published", "2026-11-28T12:00:00Z"},
                       {"language", "en"}};
  return core::ToJson(s) + "\n";
}

void Publish(const Installation& inst, const std::string& url, const std::string& lines,
             double signals_before) {
  const fs::path file = inst.dir() / "publish.jsonl";
  {
    std::ofstream out(file);
    out << lines;
  }
  auto published = inst.Run({"signals", "publish", file.string()});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  const double n = static_cast<double>(std::count(lines.begin(), lines.end(), '\n'));
  ASSERT_GE(
      WaitForMetricAtLeast(url, "leados_pipeline_signals_total", signals_before + n, seconds(60)),
      signals_before + n);
}

// The lead's payload as getLead shows it (null once deleted).
bool HasPayload(const std::string& url, const std::string& key, const std::string& lead_id) {
  auto r = Curl("GET", url + "/v1/leads/" + lead_id, "", {"Authorization: Bearer " + key});
  auto o = core::ParseJsonObject(r.body);
  if (r.status != 200 || !o) {
    ADD_FAILURE() << "getLead: " << r.status << " " << r.body;
    return false;
  }
  return !o->at("payload").is_null();
}

// Whether the KV store itself still has the key "lead:payload:<id>" (embedded kv.db, or Redis).
bool KvHasPayload(const Installation& inst, const std::string& lead_id) {
  const std::string key = "lead:payload:" + lead_id;
  if (inst.kind() == BackendKind::kEmbedded) {
    auto r = RunProcess({"/usr/bin/sqlite3", (inst.data_dir() / "kv.db").string(),
                         "SELECT COUNT(*) FROM kv_entries WHERE key = '" + key + "'"},
                        {}, seconds(30));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Trimmed(r.out) == "1";
  }
  const char* redis = std::getenv("LEADOS_TEST_REDIS_URL");
  auto r = RunProcess(
      {"/usr/bin/redis-cli", "-u", redis ? redis : "", "--scan", "--pattern", "*:kv:" + key}, {},
      seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return !Trimmed(r.out).empty();
}

// The verification link's token mailed to `address` (the file sender's <data>/mail).
std::string PrivacyToken(const Installation& inst, const std::string& address) {
  for (int i = 0; i < 300; ++i) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(inst.data_dir() / "mail", ec)) {
      std::ifstream in(f.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      text = std::regex_replace(text, std::regex("=\r?\n"), "");
      text = std::regex_replace(text, std::regex("=3D"), "=");
      if (text.find(address) == std::string::npos) continue;
      std::smatch m;
      if (std::regex_search(text, m,
                            std::regex(R"(privacy/requests/verify\?token=([A-Za-z0-9_\-]+))"))) {
        return m[1];
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "no privacy verification email to " << address;
  return "";
}

class PrivacyFlow : public ::testing::TestWithParam<BackendKind> {};

TEST_P(PrivacyFlow, ADeletionRequestErasesNotifiesAndSuppressesForEveryClient) {
  std::string skip;
  auto inst = Installation::Create(GetParam(),
                                   "deliver.allow_http_loopback = true\n"
                                   "server.access_log = false\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;
  WebhookReceiver receiver_a, receiver_b;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  auto a = SetUpClient(url, *inst, "erasureprobe", receiver_a.url(),
                       [&](const std::string& s) { receiver_a.SetSecret(s); });
  ASSERT_TRUE(a);
  auto b = SetUpClient(url, *inst, "erasureprobe", receiver_b.url(),
                       [&](const std::string& s) { receiver_b.SetSecret(s); });
  ASSERT_TRUE(b);
  for (const auto* c : {&*a, &*b}) {
    auto patched = Curl("PATCH", url + "/v1/webhook-endpoints/" + c->endpoint_id,
                        R"({"event_types":["lead.created","lead.erasure_requested"]})",
                        {"Authorization: Bearer " + c->api_key});
    ASSERT_EQ(patched.status, 200) << patched.body;
  }

  // Someone on a California DROP deletion list (imported while serving): never a lead.
  const fs::path drop = inst->dir() / "drop.txt";
  std::ofstream(drop) << core::Base64Encode(core::Sha256("drop.listed@example.com")) << "\n";
  auto imported = inst->Run({"privacy", "import-drop", drop.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  // The person and a bystander each write one matching post: two leads per client.
  ASSERT_NO_FATAL_FAILURE(Publish(
      *inst, url,
      Post("p-0", " Drop.Listed@Example.com ") + Post("p-1", kPerson) + Post("p-2", kBystander),
      0));
  EXPECT_GE(WaitForMetricAtLeast(url, "leados_pipeline_drops_total{reason=\"suppressed\"}", 2,
                                 seconds(30)),
            2)
      << "the DROP-listed author is dropped for both clients";
  ASSERT_TRUE(
      WaitUntil([&] { return receiver_a.DistinctLeads() == 2 && receiver_b.DistinctLeads() == 2; },
                seconds(60)))
      << receiver_a.DistinctLeads() << " " << receiver_b.DistinctLeads();
  auto lead_of = [](const WebhookReceiver& r, const std::string& author) {
    for (const auto& w : r.Received()) {
      if (w.event_type == "lead.created" && w.author == author) return w.lead_id;
    }
    return std::string();
  };
  const std::string lead_a = lead_of(receiver_a, kPerson), lead_b = lead_of(receiver_b, kPerson);
  const std::string other_a = lead_of(receiver_a, kBystander);
  ASSERT_FALSE(lead_a.empty() || lead_b.empty() || other_a.empty());
  EXPECT_TRUE(HasPayload(url, a->api_key, lead_a));
  EXPECT_TRUE(KvHasPayload(*inst, lead_a));
  EXPECT_TRUE(KvHasPayload(*inst, lead_b));

  // The request: public, no session; the email address must be confirmed first.
  auto submitted = Curl("POST", url + "/v1/privacy/requests",
                        R"({"kind":"deletion","identifier_type":"email",)"
                        R"("identifier":" erin.target@EXAMPLE.com","jurisdiction":"gdpr"})");
  ASSERT_EQ(submitted.status, 202) << submitted.body;
  auto sub = core::ParseJsonObject(submitted.body);
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->at("status").as_string(), "awaiting_verification");
  EXPECT_TRUE(sub->at("verification_email_sent").as_bool());
  EXPECT_TRUE(KvHasPayload(*inst, lead_a)) << "nothing is erased before the confirmation";
  auto bad = Curl("POST", url + "/v1/privacy/requests",
                  R"({"kind":"deletion","identifier_type":"email","identifier":"erin",)"
                  R"("jurisdiction":"gdpr"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"identifier: "), std::string::npos) << bad.body;

  const std::string token = PrivacyToken(*inst, "erin.target@example.com");
  ASSERT_FALSE(token.empty());
  auto verified = Curl("GET", url + "/v1/privacy/requests/verify?token=" + token);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_NE(verified.body.find("\"status\":\"completed\""), std::string::npos) << verified.body;
  EXPECT_EQ(Curl("GET", url + "/v1/privacy/requests/verify?token=" + token).status, 404)
      << "the link works once";

  // The person's payloads are gone from the KV store; the bystander's stays.
  EXPECT_FALSE(KvHasPayload(*inst, lead_a));
  EXPECT_FALSE(KvHasPayload(*inst, lead_b));
  EXPECT_FALSE(HasPayload(url, a->api_key, lead_a));
  EXPECT_TRUE(KvHasPayload(*inst, other_a));
  EXPECT_TRUE(HasPayload(url, a->api_key, other_a));

  // Both clients are told, by a signed webhook event carrying the lead id and by email.
  auto erasure_of = [](const WebhookReceiver& r) {
    std::vector<std::string> ids;
    for (const auto& w : r.Received()) {
      if (w.event_type == "lead.erasure_requested") {
        EXPECT_EQ(w.error, "") << "signature verified";
        EXPECT_EQ(w.author, "") << "no personal data in the event";
        ids.push_back(w.lead_id);
      }
    }
    return ids;
  };
  ASSERT_TRUE(
      WaitUntil([&] { return !erasure_of(receiver_a).empty() && !erasure_of(receiver_b).empty(); },
                seconds(60)));
  EXPECT_EQ(erasure_of(receiver_a), std::vector<std::string>{lead_a});
  EXPECT_EQ(erasure_of(receiver_b), std::vector<std::string>{lead_b});
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM notify_outbox WHERE template = "
                        "'lead_erasure_requested'"),
            "2\n");
  EXPECT_EQ(inst->Query("SELECT status FROM privacy_requests"), "completed\n");
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM privacy_suppressions WHERE form = 'keyed'"), "1\n");

  // A new post by the same person (another site, the address in another case) is no lead for any
  // client; the bystander's next post still is.
  const std::string leads_before = inst->Query("SELECT COUNT(*) FROM leads");
  ASSERT_NO_FATAL_FAILURE(Publish(
      *inst, url,
      Post("p-3", "ERIN.TARGET@example.com (Erin)") + Post("p-4", kBystander + std::string(" ")),
      3));
  EXPECT_GE(WaitForMetricAtLeast(url, "leados_pipeline_drops_total{reason=\"suppressed\"}", 4,
                                 seconds(30)),
            4);
  // p-4 is the bystander again: a duplicate within 90 days, not a new lead either; what matters
  // is that no row names the person's new post.
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM leads"), leads_before);
  const std::string dump = inst->SqlDump();
  EXPECT_EQ(dump.find("erasureprobe tool"), std::string::npos);
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM privacy_requests WHERE identifier_enc IS NOT NULL"),
            "0\n")
      << "the request forgets the identifier once it is closed";

  auto openapi = Curl("GET", url + "/openapi.json");
  for (const char* id : {"submitPrivacyRequest", "verifyPrivacyRequest", "adminListPrivacyRequests",
                         "adminCompletePrivacyRequest", "adminRejectPrivacyRequest"}) {
    EXPECT_NE(openapi.body.find(std::string("\"") + id + "\""), std::string::npos) << id;
  }

  serve.Signal(SIGTERM);
  auto stopped = serve.Wait(seconds(60));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
}

TEST_P(PrivacyFlow, DropImportIsIdempotentAndNamesMalformedLines) {
  std::string skip;
  auto inst = Installation::Create(GetParam(), "", skip);
  if (!inst) GTEST_SKIP() << skip;
  const fs::path good = inst->dir() / "drop.txt", bad = inst->dir() / "bad.txt";
  {
    std::ofstream(good) << "vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E=\r\n"
                        << "ptzVkgbv9DonwvPCHmXmJ2SEOaolSh37z3ZzY/Gmm+U=\r\n\r\n";
    std::ofstream(bad) << "vGM7y5n+hBXRSEAklhHDPCbysyNgYTmXdMcagGUOY8E=\n+1(415)555-9317\n";
  }
  auto first = inst->Run({"privacy", "import-drop", good.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("2 hashes read, 2 added, 0 already"), std::string::npos) << first.out;
  auto again = inst->Run({"privacy", "import-drop", good.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("2 hashes read, 0 added, 2 already"), std::string::npos) << again.out;
  auto refused = inst->Run({"privacy", "import-drop", bad.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("line 2:"), std::string::npos) << refused.err;
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM privacy_suppressions WHERE form = 'drop'"), "2\n");
  auto status = inst->Run({"privacy", "status"});
  EXPECT_NE(status.out.find("0 keyed hashes (deletion requests), 2 DROP hashes"), std::string::npos)
      << status.out << status.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyFlow,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "Embedded"
                                                                       : "PostgresRedis";
                         });

}  // namespace
}  // namespace leados::testing
