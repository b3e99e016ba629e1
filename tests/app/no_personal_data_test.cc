// No personal data at rest, over the whole product, on each backend (issue 7, "what must be
// shown"; DESIGN.md, "Pass-through lead data"). The real public posts of
// $LEADOS_SHARED/data/posts-dev.jsonl are published with `leados signals publish` into a running
// `leados serve` (pipeline and webhook dispatcher in-process) with a broad active campaign; the
// leads are delivered to a receiver in this process, pulled and acknowledged through the API; then
// the SQL database is dumped (sqlite3 .dump, or pg_dump) and every input signal is checked: its
// author handle, its author profile URL, and the distinctive sentences of its title and text must
// not appear. (The posts carry a handle only, no separate display name.) The payloads live in the
// payload store (embedded KV or Redis), which is not the SQL database and is allowed to hold them.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "core/json.h"
#include "installation.h"
#include "webhook_receiver.h"

namespace leados::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// One input post and the personal data it carries.
struct Post {
  std::string id;  // posts-dev "id" (post-00799)
  size_t line = 0;
  std::string author, author_url, title, body;
};

fs::path SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s != nullptr && *s != '\0') return s;
  const char* src = std::getenv("LEADOS_SOURCE_DIR");
  return fs::path(src != nullptr ? src : ".") / ".." / "shared";
}

// posts-dev.jsonl → the posts and the same items as signals (ingest::SignalToJson lines).
// The profile URL is the source's user page, so the handle also reaches the signal as a URL.
std::vector<Post> ReadPosts(const fs::path& file, std::string& signals_jsonl) {
  std::vector<Post> posts;
  std::ifstream in(file);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto o = core::ParseJsonObject(line);
    if (!o) {
      ADD_FAILURE() << file << ":" << n << ": " << o.error().message;
      continue;
    }
    Post p;
    p.id = core::StringOr(*o, "id");
    p.line = n;
    p.author = core::StringOr(*o, "author");
    p.title = core::StringOr(*o, "title");
    const std::string text = core::StringOr(*o, "text");
    p.body = text == p.title ? "" : text;
    const std::string source = core::StringOr(*o, "source");
    core::json::object s{{"source_id", p.id},
                         {"url", core::StringOr(*o, "url")},
                         {"title", p.title},
                         {"body", p.body},
                         {"author", p.author},
                         {"published", "2026-11-28T12:00:00Z"},
                         {"language", "en"}};
    if (source.rfind("reddit.com/r/", 0) == 0) {
      s["source"] = "reddit";
      s["community"] = source.substr(13);
      p.author_url = "https://www.reddit.com/user/" + p.author;
    } else {
      s["source"] = "hn";
      p.author_url = "https://news.ycombinator.com/user?id=" + p.author;
    }
    s["author_url"] = p.author_url;
    signals_jsonl += core::ToJson(s) + "\n";
    posts.push_back(std::move(p));
  }
  return posts;
}

// The forms a text takes in a dump: as is, SQL-quoted ('' for '), COPY-escaped (\\ for \).
std::vector<std::string> DumpForms(const std::string& s) {
  std::string quoted, escaped;
  for (char c : s) {
    quoted += c;
    if (c == '\'') quoted += '\'';
    escaped += c;
    if (c == '\\') escaped += '\\';
  }
  std::vector<std::string> forms = {s};
  if (quoted != s) forms.push_back(quoted);  // most texts have neither: search them once
  if (escaped != s) forms.push_back(escaped);
  return forms;
}

// The distinctive parts of a text: its sentences (split at . ! ? and line ends) of at least 20
// characters, or the whole text when it has none and is at least 12 characters long.
std::vector<std::string> Distinctive(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    const auto b = cur.find_first_not_of(" \t\r");
    const auto e = cur.find_last_not_of(" \t\r");
    if (b != std::string::npos && e - b + 1 >= 20) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n' || c == '.' || c == '!' || c == '?') {
      flush();
    } else {
      cur += c;
    }
  }
  flush();
  if (out.empty()) {
    const auto b = text.find_first_not_of(" \t\r\n");
    const auto e = text.find_last_not_of(" \t\r\n");
    if (b != std::string::npos && e - b + 1 >= 12) out.push_back(text.substr(b, e - b + 1));
  }
  return out;
}

// Where `handle` stands in `dump` as a whole token: not inside a longer word, identifier or
// base64 run (a short handle such as "Mz" may well occur inside random base64 or hex). npos if not.
size_t FindHandle(const std::string& dump, const std::string& handle) {
  auto inside = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' ||
           c == '/' || c == '=';
  };
  for (size_t at = dump.find(handle); at != std::string::npos; at = dump.find(handle, at + 1)) {
    const bool left = at == 0 || !inside(dump[at - 1]);
    const size_t end = at + handle.size();
    const bool right = end >= dump.size() || !inside(dump[end]);
    if (left && right) return at;
  }
  return std::string::npos;
}

// Every leak of every post, as "signal <id> (posts-dev line N): <field> … found in the SQL dump".
std::vector<std::string> Leaks(const std::string& dump, const std::vector<Post>& posts) {
  std::vector<std::string> leaks;
  auto context = [&](size_t at) {
    const size_t from = at < 60 ? 0 : at - 60;
    return dump.substr(from, 160);
  };
  for (const auto& p : posts) {
    const std::string who = "signal " + p.id + " (posts-dev line " + std::to_string(p.line) + "): ";
    if (!p.author.empty()) {
      if (size_t at = FindHandle(dump, p.author); at != std::string::npos) {
        leaks.push_back(who + "author handle '" + p.author + "' found in the SQL dump near: " +
                        context(at));
      }
    }
    if (size_t at = dump.find(p.author_url); at != std::string::npos) {
      leaks.push_back(who + "author profile URL found in the SQL dump near: " + context(at));
    }
    for (const auto& [field, text] : {std::pair{"title", &p.title}, std::pair{"text", &p.body}}) {
      for (const auto& part : Distinctive(*text)) {
        for (const auto& form : DumpForms(part)) {
          if (size_t at = dump.find(form); at != std::string::npos) {
            leaks.push_back(who + field + " sentence \"" + part +
                            "\" found in the SQL dump near: " + context(at));
            break;
          }
        }
      }
    }
  }
  return leaks;
}

// Every lead id of the account through the API (listLeads, cursor pagination).
std::vector<std::string> ListLeadIds(const std::string& url, const std::string& key) {
  std::vector<std::string> ids;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    auto r = Curl("GET", url + "/v1/leads?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor),
                  "", {"Authorization: Bearer " + key});
    auto o = core::ParseJsonObject(r.body);
    if (r.status != 200 || !o) {
      ADD_FAILURE() << "listLeads: " << r.status << " " << r.body;
      return ids;
    }
    if (const auto* data = o->if_contains("data"); data && data->is_array()) {
      for (const auto& lead : data->as_array()) {
        if (lead.is_object()) ids.push_back(core::StringOr(lead.as_object(), "id"));
      }
    }
    cursor = core::StringOr(*o, "next_cursor");
    if (cursor.empty()) break;
  }
  return ids;
}

class NoPersonalDataAtRest : public ::testing::TestWithParam<BackendKind> {};

TEST_P(NoPersonalDataAtRest, TheSqlDumpHoldsNoAuthorHandleOrTextAfterARealRun) {
  const fs::path posts_file = SharedDir() / "data" / "posts-dev.jsonl";
  ASSERT_TRUE(fs::exists(posts_file))
      << posts_file << " not found: set LEADOS_SHARED to the shared folder (make test does)";
  std::string skip;
  auto inst = Installation::Create(GetParam(),
                                   "deliver.allow_http_loopback = true\n"
                                   "deliver.endpoint_concurrency = 16\n"
                                   "deliver.endpoint_rate_per_second = 100000.0\n"
                                   "server.access_log = false\n",
                                   skip);
  if (!inst) GTEST_SKIP() << skip;
  std::string signals_jsonl;
  const auto posts = ReadPosts(posts_file, signals_jsonl);
  ASSERT_GT(posts.size(), 1000u);
  const fs::path signals_file = inst->dir() / "signals.jsonl";  // a temp folder, not the repo
  std::ofstream(signals_file) << signals_jsonl;

  WebhookReceiver receiver;
  BackgroundProcess serve(inst->Command({"serve", "--listen", "127.0.0.1:0"}));
  const std::string url = ServeUrl(serve);
  ASSERT_FALSE(url.empty());
  // Broad on purpose: most posts match, so most authors become leads.
  auto client = SetUpClient(
      url, *inst,
      "the OR to OR of OR and OR in OR is OR for OR you OR my OR what OR how OR with OR on OR it "
      "OR this OR ask OR hn OR reddit OR new OR we OR your OR are OR be OR do",
      receiver.url(), [&](const std::string& secret) { receiver.SetSecret(secret); });
  ASSERT_TRUE(client);

  auto published = inst->Run({"signals", "publish", signals_file.string()});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  const double processed = WaitForMetricAtLeast(url, "leados_pipeline_signals_total",
                                                static_cast<double>(posts.size()), seconds(120));
  ASSERT_GE(processed, static_cast<double>(posts.size()));

  const auto leads = ListLeadIds(url, client->api_key);
  ASSERT_GT(leads.size(), 100u) << "the broad campaign should make hundreds of leads";
  for (int i = 0; i < 1200 && receiver.DistinctLeads() < leads.size(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(receiver.DistinctLeads(), leads.size()) << "not every lead's webhook arrived";
  for (const auto& r : receiver.Received()) EXPECT_EQ(r.error, "") << r.webhook_id;
  for (const auto& id : leads) {
    auto acked = Curl("POST", url + "/v1/leads/" + id + "/ack", "",
                      {"Authorization: Bearer " + client->api_key});
    EXPECT_TRUE(acked.status == 200 || acked.status == 204) << id << ": " << acked.body;
  }
  serve.Signal(SIGTERM);
  auto stopped = serve.Wait(seconds(60));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;

  // Webhook delivered and acknowledged: every payload is gone, and the rows stay as metadata.
  EXPECT_EQ(inst->Query("SELECT COUNT(*) FROM leads WHERE payload_deleted_at IS NULL"), "0\n");
  const std::string dump = inst->SqlDump();
  for (const auto& id : leads) {
    ASSERT_NE(dump.find(id), std::string::npos) << "the dump lacks lead " << id << ": not real?";
  }
  const auto leaks = Leaks(dump, posts);
  for (size_t i = 0; i < leaks.size() && i < 50; ++i) ADD_FAILURE() << leaks[i];
  std::cout << "no personal data at rest: " << posts.size() << " signals checked, "
            << leads.size() << " leads delivered and acked, SQL dump " << dump.size()
            << " bytes\n";
  EXPECT_TRUE(leaks.empty()) << leaks.size() << " leaks of personal data in the SQL dump ("
                             << posts.size() << " signals checked, " << leads.size()
                             << " leads, dump " << dump.size() << " bytes)";
}

INSTANTIATE_TEST_SUITE_P(Backends, NoPersonalDataAtRest,
                         ::testing::Values(BackendKind::kEmbedded, BackendKind::kPostgresRedis),
                         [](const auto& info) {
                           return info.param == BackendKind::kEmbedded ? "Embedded"
                                                                       : "PostgresRedis";
                         });

}  // namespace
}  // namespace leados::testing
