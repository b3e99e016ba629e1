#include "corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "core/json.h"
#include "match/query_parser.h"

namespace leados::match::bench {
namespace {

const char* kTech[] = {"crm",
                       "erp",
                       "hubspot",
                       "salesforce",
                       "pipedrive",
                       "zendesk",
                       "intercom",
                       "freshdesk",
                       "stripe",
                       "shopify",
                       "kubernetes",
                       "terraform",
                       "postgres",
                       "mysql",
                       "mongodb",
                       "redis",
                       "kafka",
                       "snowflake",
                       "databricks",
                       "bigquery",
                       "airflow",
                       "dbt",
                       "looker",
                       "tableau",
                       "metabase",
                       "grafana",
                       "datadog",
                       "sentry",
                       "pagerduty",
                       "okta",
                       "auth0",
                       "twilio",
                       "sendgrid",
                       "mailchimp",
                       "klaviyo",
                       "segment",
                       "mixpanel",
                       "amplitude",
                       "posthog",
                       "notion",
                       "airtable",
                       "jira",
                       "asana",
                       "monday",
                       "clickup",
                       "linear",
                       "figma",
                       "webflow",
                       "wordpress",
                       "vercel",
                       "netlify",
                       "heroku",
                       "aws",
                       "gcp",
                       "azure",
                       "cloudflare",
                       "docker",
                       "ansible",
                       "jenkins",
                       "gitlab",
                       "github",
                       "bitbucket",
                       "react",
                       "vue",
                       "angular",
                       "svelte",
                       "django",
                       "rails",
                       "laravel",
                       "spring",
                       "node.js",
                       "c++",
                       "c#",
                       "golang",
                       "rust",
                       "python",
                       "typescript",
                       "graphql",
                       "grpc",
                       "elasticsearch",
                       "opensearch",
                       "clickhouse",
                       "supabase",
                       "firebase",
                       "retool",
                       "zapier",
                       "make.com",
                       "n8n",
                       "quickbooks",
                       "xero",
                       "netsuite",
                       "sap",
                       "workday",
                       "bamboohr",
                       "gusto",
                       "rippling",
                       "deel",
                       "greenhouse",
                       "lever",
                       "ashby",
                       "docusign",
                       "pandadoc",
                       "gong",
                       "outreach",
                       "salesloft",
                       "apollo",
                       "zoominfo",
                       "clearbit",
                       "lusha",
                       "hunter.io",
                       "calendly",
                       "e-signature",
                       "e-commerce",
                       "point of sale",
                       "customer support",
                       "help desk",
                       "data warehouse",
                       "vector database",
                       "machine learning",
                       "feature flags",
                       "product analytics",
                       "session replay",
                       "error tracking",
                       "incident management",
                       "observability",
                       "log management",
                       "single sign-on",
                       "identity provider",
                       "payment gateway",
                       "subscription billing",
                       "revenue operations",
                       "sales engagement",
                       "lead generation",
                       "marketing automation",
                       "email deliverability",
                       "cold email",
                       "applicant tracking",
                       "payroll",
                       "expense management",
                       "accounts payable",
                       "procurement",
                       "contract management",
                       "knowledge base",
                       "live chat",
                       "chatbot",
                       "llm",
                       "rag",
                       "fine-tuning",
                       "embeddings",
                       "soc 2",
                       "gdpr",
                       "hipaa",
                       "pen testing",
                       "vulnerability scanning",
                       "sast",
                       "sbom",
                       "backup",
                       "disaster recovery",
                       "cdn",
                       "load balancer",
                       "api gateway",
                       "service mesh",
                       "message queue",
                       "etl",
                       "reverse etl",
                       "cdp",
                       "data catalog",
                       "data quality",
                       "bi tool",
                       "headless cms",
                       "static site",
                       "mobile app",
                       "push notifications",
                       "in-app messaging",
                       "customer onboarding",
                       "churn",
                       "nps",
                       "helpdesk",
                       "ticketing",
                       "field service",
                       "inventory management",
                       "warehouse management",
                       "fleet tracking",
                       "telematics"};
const char* kIntents[] = {"looking",  "recommend*", "alternative*", "need",   "switch*",
                          "suggest*", "advice",     "best",         "anyone", "replace*",
                          "migrat*",  "evaluat*",   "options",      "help",   "comparison",
                          "vs",       "cheaper",    "pricing",      "budget", "tool"};
const char* kNegatives[] = {"hiring",   "job",      "salary",   "intern", "resume",
                            "course",   "tutorial", "giveaway", "coupon", "meme",
                            "homework", "crypto",   "nft",      "spam"};
const char* kFallbackWords[] = {"the",     "a",    "to",   "and",   "of",   "is",      "for",
                                "in",      "we",   "our",  "it",    "that", "with",    "on",
                                "you",     "this", "are",  "be",    "have", "can",     "team",
                                "company", "data", "use",  "using", "work", "product", "customers",
                                "startup", "time", "build"};
const char* kSyllables[] = {"ac",   "me",   "zo",    "fin",   "ly",    "go",   "data", "flow",
                            "hub",  "ly",   "nex",   "tra",   "qua",   "ri",   "sync", "ops",
                            "desk", "io",   "pay",   "base",  "stack", "loop", "vio",  "dex",
                            "mint", "grid", "pulse", "forge", "nova",  "kit"};

std::string SharedDir() {
  if (const char* s = std::getenv("LEADOS_SHARED"); s != nullptr && *s != '\0') return s;
  if (const char* root = std::getenv("LEADOS_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return std::string(root) + "/../shared";
  }
  return "../shared";
}

}  // namespace

Vocabulary LoadVocabulary(uint32_t seed) {
  Vocabulary v;
  std::map<std::string, int> counts;
  std::ifstream in(SharedDir() + "/data/posts-dev.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto o = core::ParseJsonObject(line);
    if (!o) continue;
    std::string text = core::StringOr(*o, "text");
    std::string word;
    for (char ch : text + " ") {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || c >= 0x80 || ch == '\'') {
        word.push_back(static_cast<char>(std::tolower(c)));
      } else if (!word.empty()) {
        if (word.size() < 24) ++counts[word];
        word.clear();
      }
    }
  }
  if (counts.size() < 100) {
    for (const char* w : kFallbackWords) counts[w] = 100;
  }
  for (const auto& [w, n] : counts) {
    v.words.push_back(w);
    v.weights.push_back(n);
  }
  for (const char* t : kTech) v.topics.emplace_back(t);
  // Product-like names so that 10,000 campaigns have thousands of distinct topics.
  std::mt19937 rng(seed);
  std::set<std::string> names(v.topics.begin(), v.topics.end());
  std::uniform_int_distribution<int> syl(0, static_cast<int>(std::size(kSyllables)) - 1);
  while (names.size() < 20000) {
    std::string n = std::string(kSyllables[syl(rng)]) + kSyllables[syl(rng)];
    if (rng() % 3 == 0) n += kSyllables[syl(rng)];
    if (rng() % 8 == 0) n += " " + std::string(kSyllables[syl(rng)]) + kSyllables[syl(rng)];
    if (names.insert(n).second) v.topics.push_back(n);
  }
  for (const char* t : kIntents) v.intents.emplace_back(t);
  for (const char* t : kNegatives) v.negatives.emplace_back(t);
  return v;
}

Corpus GenerateCorpus(const Vocabulary& v, uint64_t target_bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::discrete_distribution<int> word(v.weights.begin(), v.weights.end());
  std::uniform_int_distribution<int> topic(0, static_cast<int>(v.topics.size()) - 1);
  // Popular topics (the hand-written tech terms) are mentioned far more than invented names.
  std::uniform_int_distribution<int> famous(0, static_cast<int>(std::size(kTech)) - 1);
  std::uniform_int_distribution<int> intent(0, static_cast<int>(v.intents.size()) - 1);
  std::uniform_int_distribution<int> neg(0, static_cast<int>(v.negatives.size()) - 1);
  std::uniform_int_distribution<int> pct(0, 99);
  static const char* kPunct[] = {".", ",", "?", "!", ":", " -", ";"};
  auto stripStar = [](std::string s) {
    if (!s.empty() && s.back() == '*') s.back() = 's';
    return s;
  };
  auto sentence = [&](int words, std::string& out) {
    for (int i = 0; i < words; ++i) {
      if (i > 0) out += ' ';
      const int r = pct(rng);
      std::string w;
      if (r < 3) {
        w = v.topics[famous(rng)];
      } else if (r < 5) {
        w = v.topics[topic(rng)];
      } else if (r < 7) {
        w = stripStar(v.intents[intent(rng)]);
      } else if (r < 8) {
        w = v.negatives[neg(rng)];
      } else {
        w = v.words[word(rng)];
      }
      if (i == 0 && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 32);
      if (pct(rng) < 4) {
        for (char& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      }
      out += w;
      if (pct(rng) < 6) out += kPunct[pct(rng) % 7];
    }
    out += pct(rng) < 20 ? "?" : ".";
  };
  static const ingest::SourceKind kSources[] = {
      ingest::SourceKind::kHackerNews, ingest::SourceKind::kReddit, ingest::SourceKind::kRss,
      ingest::SourceKind::kGreenhouse, ingest::SourceKind::kPress};
  Corpus c;
  int id = 0;
  while (c.bytes < target_bytes) {
    ingest::Signal s;
    s.source = kSources[pct(rng) % 5];
    s.source_id = std::to_string(++id);
    s.site = "example.com";
    s.language = "en";
    sentence(6 + pct(rng) % 10, s.title);
    const int sentences = pct(rng) < 30 ? 0 : 1 + pct(rng) % 12;
    for (int k = 0; k < sentences; ++k) {
      if (k > 0) s.body += ' ';
      sentence(8 + pct(rng) % 18, s.body);
    }
    c.bytes += s.title.size() + s.body.size();
    c.signals.push_back(std::move(s));
  }
  return c;
}

std::vector<CampaignQuery> GenerateCampaigns(const Vocabulary& v, int count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> topic(0, static_cast<int>(v.topics.size()) - 1);
  std::uniform_int_distribution<int> intent(0, static_cast<int>(v.intents.size()) - 1);
  std::uniform_int_distribution<int> neg(0, static_cast<int>(v.negatives.size()) - 1);
  std::uniform_int_distribution<int> pct(0, 99);
  auto quoted = [](const std::string& t) {
    return t.find_first_of(" -.") != std::string::npos ? "\"" + t + "\"" : t;
  };
  std::vector<CampaignQuery> out;
  for (int i = 0; i < count; ++i) {
    std::string q = "(";
    for (int k = 0; k < 4; ++k) q += (k ? " OR " : "") + quoted(v.topics[topic(rng)]);
    q += " OR title:" + quoted(v.topics[topic(rng)]) + ") ";
    if (pct(rng) < 15) {
      q += "(" + v.intents[intent(rng)] + " OR " + quoted(v.topics[topic(rng)]) + " NEAR/5 " +
           v.intents[intent(rng)] + ")";
    } else {
      q += "(" + v.intents[intent(rng)] + " OR " + v.intents[intent(rng)] + " OR " +
           v.intents[intent(rng)] + ")";
    }
    q += " -" + v.negatives[neg(rng)] + " -" + v.negatives[neg(rng)];
    if (pct(rng) < 10) q += " -source:greenhouse";
    out.push_back({"c" + std::to_string(i), q});
  }
  return out;
}

std::vector<std::string> DistinctTerms(const std::vector<CampaignQuery>& campaigns) {
  std::set<std::string> terms;
  std::function<void(const QueryNode&)> walk = [&](const QueryNode& n) {
    auto add = [&](const Term& t) {
      std::string s;
      for (size_t i = 0; i < t.words.size(); ++i) s += (i ? " " : "") + t.words[i];
      terms.insert(s);
    };
    if (n.kind == NodeKind::kTerm) add(n.term);
    if (n.kind == NodeKind::kNear) {
      add(n.term);
      add(n.near_right);
    }
    for (const auto& k : n.children) walk(k);
  };
  for (const auto& c : campaigns) {
    if (auto q = ParseQuery(c.query)) walk(*q);
  }
  return {terms.begin(), terms.end()};
}

}  // namespace leados::match::bench
