// `leados demo setup` and `leados demo receiver`: what `make run` uses to show the whole product
// on the embedded default (scripts/run-demo.sh). Decisions:
//  - The demo client is an ordinary account (demo@example.com, "Demo Co") made through the real
//    sign-up; its address is confirmed by the operator path (AccountService::
//    ConfirmEmailAsOperator, audited) instead of the emailed link. Its password is random and
//    printed once, when the account is created; it is never written anywhere.
//  - Every run prints a fresh API key (older "demo (make run)" keys are revoked) and a fresh
//    webhook secret (the endpoint's secret is rotated; the receiver gets it through its
//    environment, so no secret is stored in plain text).
//  - The campaign "CRM buyers (demo)" looks for people choosing or leaving a CRM or sales tool and
//    for companies hiring to run one; it delivers by webhook, API and portal.
//  - Leads cost credits (billing.metered is true by default), so the demo account gets a one-time
//    grant of kDemoCredits (ledger reason "grant", idempotency key "demo:grant:<account>": a second
//    run grants nothing); setup prints the balance as DEMO_CREDITS.
//  - The bundled signals (data/demo/signals.jsonl, written by the team, fictional people) are
//    copied once into DATA/demo/signals.jsonl with their times moved so the newest is 5 minutes
//    old (recency is part of the score); DATA/demo/sources.json names that file as a jsonl source,
//    which `leados serve` reads with ingest.sources_file, so the signals take the real ingest path.
#include "app/cmd_demo.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "accounts/api_key_store.h"
#include "app/accounts_stack.h"
#include "app/billing_stack.h"
#include "app/campaigns_stack.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/deliver_stack.h"
#include "app/runtime.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json.h"
#include "core/log.h"
#include "deliver/standard_webhooks.h"
#include "http/router.h"
#include "http/server.h"
#include "ingest/connector_jsonl.h"
#include "ingest/signal.h"

namespace leados::app {
namespace {

constexpr std::string_view kDemoEmail = "demo@example.com";
constexpr std::string_view kDemoKeyName = "demo (make run)";
constexpr std::string_view kDemoCampaignName = "CRM buyers (demo)";
constexpr int64_t kDemoCredits = 1000;
constexpr std::string_view kDemoQuery =
    "(crm OR \"sales pipeline\" OR hubspot OR salesforce OR pipedrive OR attio OR outreach) "
    "(recommend* OR alternative* OR \"looking for\" OR switch* OR migrat* OR replace OR "
    "evaluat* OR hiring OR \"set up\" OR choose OR \"what do you use\" OR \"what crm\")";

int Fail(std::string_view what, const core::Error& error) {
  std::cerr << "leados demo setup: " << what << ": " << error.message << "\n";
  return 1;
}

// The demo account's id, signing it up first when it does not exist yet (then `password` is
// the new account's password, else it stays empty).
core::Result<std::string> EnsureAccount(accounts::AccountService& accounts,
                                        std::string& password) {
  auto found = accounts.ConfirmEmailAsOperator(kDemoEmail, "make run demo");
  if (found) return found->account_id;
  if (found.error().code != core::ErrorCode::kNotFound) return core::Fail(found.error());
  password = core::Base32Encode(core::RandomBytes(15));  // 24 characters, 120 bits
  accounts::SignupRequest req;
  req.name = "Demo User";
  req.email = std::string(kDemoEmail);
  req.company_name = "Demo Co";
  req.billing_address = "Demo Co, 1 Example Street, 10115 Berlin, Germany";
  req.password = password;
  req.terms_version = std::string(accounts::kTermsVersion);
  req.privacy_version = std::string(accounts::kPrivacyVersion);
  req.confirm_business = true;
  req.confirm_adult = true;
  if (auto st = accounts.Signup(req, {"127.0.0.1", "leados demo setup"}); !st) {
    return core::Fail(st.error());
  }
  auto confirmed = accounts.ConfirmEmailAsOperator(kDemoEmail, "make run demo");
  if (!confirmed) return core::Fail(confirmed.error());
  return confirmed->account_id;
}

// A new API key with every scope; the earlier demo keys are revoked.
core::Result<std::string> FreshApiKey(accounts::ApiKeyStore& keys, const std::string& account) {
  const accounts::Actor actor{accounts::ActorKind::kSystem, "demo", "127.0.0.1"};
  auto existing = keys.List(account);
  if (!existing) return core::Fail(existing.error());
  for (const auto& k : *existing) {
    if (k.name == kDemoKeyName && !k.revoked_at_ms) {
      if (auto st = keys.Revoke(account, k.id, actor); !st) return core::Fail(st.error());
    }
  }
  auto created = keys.Create(account, kDemoKeyName, accounts::ApiScopes::All(), std::nullopt, actor);
  if (!created) return core::Fail(created.error());
  return created->plaintext;
}

core::Status EnsureCampaign(campaigns::CampaignStore& store, const std::string& account) {
  campaigns::CampaignListQuery q;
  q.limit = campaigns::CampaignStore::kMaxListLimit;
  auto page = store.List(account, q);
  if (!page) return core::Fail(page.error());
  for (const auto& c : page->campaigns) {
    if (c.spec.name == kDemoCampaignName) return core::Ok();
  }
  campaigns::CampaignSpec spec;
  spec.name = std::string(kDemoCampaignName);
  spec.query = std::string(kDemoQuery);
  spec.channels = {"webhook", "api", "portal"};
  spec.status = campaigns::CampaignStatus::kActive;
  auto made = store.Create(account, spec, {accounts::ActorKind::kSystem, "demo", "127.0.0.1"});
  return made ? core::Ok() : core::Status(core::Fail(made.error()));
}

// The endpoint for `url` (created, or its secret rotated) and its current secret.
core::Result<std::string> EndpointSecret(deliver::EndpointService& endpoints,
                                         const std::string& account, const std::string& url) {
  auto list = endpoints.List(account);
  if (!list) return core::Fail(list.error());
  for (const auto& e : *list) {
    if (e.url != url) continue;
    auto rotated = endpoints.RotateSecret(account, e.id);
    if (!rotated) return core::Fail(rotated.error());
    return rotated->secret;
  }
  deliver::NewEndpoint e;
  e.url = url;
  e.description = "make run demo receiver";
  e.event_types = {"lead.created", "endpoint.disabled", "credits.low", "lead.erasure_requested"};
  auto created = endpoints.Create(account, e);
  if (!created) return core::Fail(created.error());
  return created->secret;
}

// Grants the demo account its credits once; returns the balance.
core::Result<int64_t> EnsureCredits(billing::Ledger& ledger, const std::string& account) {
  billing::AppendRequest grant{.account_id = account,
                               .amount = kDemoCredits,
                               .reason = billing::EntryReason::kGrant,
                               .reference = "make run demo",
                               .idempotency_key = "demo:grant:" + account};
  if (auto e = ledger.Append(grant); !e) return core::Fail(e.error());
  return ledger.Balance(account);
}

// Copies the bundled signals into `dir` with their times moved (first run only) and writes the
// sources file naming them. Returns the sources file's path.
core::Result<std::string> WriteDemoSources(const std::string& signals_file,
                                           const std::filesystem::path& dir,
                                           const core::Clock& clock) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::Unavailable(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  const auto copy = std::filesystem::absolute(dir / "signals.jsonl");
  if (!std::filesystem::exists(copy)) {
    std::ifstream in(signals_file);
    if (!in) return core::NotFound("cannot read the demo signals " + signals_file);
    std::vector<ingest::Signal> signals;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.empty()) continue;
      auto s = ingest::ParseSignalLine(line);
      if (!s) return core::InvalidArgument(fmt::format("{}:{}: {}", signals_file, n, s.error().message));
      signals.push_back(std::move(*s));
    }
    core::TimePoint newest{};
    for (const auto& s : signals) newest = std::max(newest, s.published);
    const auto shift = (clock.Now() - std::chrono::minutes(5)) - newest;
    std::ofstream out(copy);
    for (auto& s : signals) {
      s.published += std::chrono::duration_cast<core::Duration>(shift);
      out << core::ToJson(ingest::SignalToJson(s)) << "\n";
    }
    if (!out) return core::Unavailable("cannot write " + copy.string());
  }
  core::json::object settings{{"path", copy.string()}};
  core::json::object source{{"name", "Demo signals"},
                            {"kind", "jsonl"},
                            {"interval_seconds", 10},
                            {"settings", settings}};
  core::json::object file{{"sources", core::json::array{source}}};
  const auto path = std::filesystem::absolute(dir / "sources.json");
  std::ofstream out(path);
  out << core::ToJson(file) << "\n";
  if (!out) return core::Unavailable("cannot write " + path.string());
  return path.string();
}

int RunSetup(const CommonOptions& opts, const std::string& receiver_url,
             const std::string& signals_file) {
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  auto runtime = Runtime::Open(*config);
  if (!runtime) return Fail("cannot open the data store", runtime.error());
  Runtime& rt = **runtime;
  auto accounts = AccountsStack::Open(rt);
  if (!accounts) return Fail("accounts", accounts.error());
  auto campaigns = CampaignsStack::Open(rt, (*accounts)->audit(), (*accounts)->accounts());
  if (!campaigns) return Fail("campaigns", campaigns.error());
  auto deliver = DeliverStack::Open(rt, (*accounts)->cipher(), (*accounts)->accounts());
  if (!deliver) return Fail("webhooks", deliver.error());

  std::string password;
  auto account = EnsureAccount((*accounts)->accounts(), password);
  if (!account) return Fail("demo account", account.error());
  auto key = FreshApiKey((*accounts)->api_keys(), *account);
  if (!key) return Fail("API key", key.error());
  if (auto st = EnsureCampaign((*campaigns)->store(), *account); !st) {
    return Fail("campaign", st.error());
  }
  auto billing = BillingStack::Open(rt, **accounts);
  if (!billing) return Fail("billing", billing.error());
  auto credits = EnsureCredits((*billing)->ledger(), *account);
  if (!credits) return Fail("demo credits", credits.error());
  auto secret = EndpointSecret((*deliver)->endpoints(), *account, receiver_url);
  if (!secret) return Fail("webhook endpoint " + receiver_url, secret.error());
  auto sources = WriteDemoSources(signals_file, std::filesystem::path(config->GetString("data.dir")) / "demo",
                                  rt.clock());
  if (!sources) return Fail("demo signals", sources.error());

  std::cout << "DEMO_EMAIL=" << kDemoEmail << "\n";
  if (!password.empty()) std::cout << "DEMO_PASSWORD=" << password << "\n";
  std::cout << "DEMO_API_KEY=" << *key << "\n"
            << "DEMO_WEBHOOK_SECRET=" << *secret << "\n"
            << "DEMO_CREDITS=" << *credits << "\n"
            << "DEMO_SOURCES_FILE=" << *sources << std::endl;
  return 0;
}

// What a delivery carries, in one line: the lead, its score and intent class, the post's title.
std::string Describe(const std::string& body) {
  auto doc = core::ParseJsonObject(body);
  if (!doc) return "(body is not a JSON object)";
  const std::string type = core::StringOr(*doc, "type", "?");
  const auto* data = doc->if_contains("data");
  if (type != "lead.created" || data == nullptr || !data->is_object()) return type;
  const auto& d = data->as_object();
  auto object_at = [](const core::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? v->as_object() : core::json::object{};
  };
  const core::json::object score = object_at(d, "score");
  return fmt::format("lead.created {} score {} {}: {}", core::StringOr(d, "lead_id", "?"),
                     core::IntOr(score, "score", -1), core::StringOr(score, "intent_class", "?"),
                     core::StringOr(object_at(d, "signal"), "title", ""));
}

int RunReceiver(const std::string& listen) {
  const char* env = std::getenv("LEADOS_DEMO_WEBHOOK_SECRET");
  if (env == nullptr || std::string_view(env).empty()) {
    std::cerr << "leados demo receiver: set LEADOS_DEMO_WEBHOOK_SECRET to the endpoint's whsec_ "
                 "secret (leados demo setup prints it)\n";
    return 2;
  }
  const std::string secret = env;
  core::SystemClock clock;
  core::Metrics metrics;
  std::atomic<int> received{0};
  http::Router router;
  router.Add("POST", "/webhook", {"demoReceive", "Demo webhook receiver"},
             [&](http::Request& req) {
               deliver::WebhookHeaders h;
               h.id = std::string(req.headers.Get("webhook-id").value_or(""));
               h.timestamp = std::string(req.headers.Get("webhook-timestamp").value_or(""));
               h.signature = std::string(req.headers.Get("webhook-signature").value_or(""));
               auto ok = deliver::VerifyWebhook(secret, h, req.body, clock.Now());
               if (!ok) {
                 std::cout << "REFUSED " << h.id << ": " << ok.error().message << std::endl;
                 return http::Response::Text(400, "signature did not verify\n");
               }
               ++received;
               std::cout << "VERIFIED " << h.id << " " << Describe(req.body) << std::endl;
               return http::Response::Text(204, "");
             });
  http::ServerOptions options;
  options.listen = listen;
  options.shutdown_grace = std::chrono::seconds(2);
  http::Server server(options, router, metrics, clock);
  if (auto st = server.Start(); !st) {
    std::cerr << "leados demo receiver: cannot listen on " << listen << ": " << st.error().message
              << "\n";
    return 1;
  }
  server.StopOnSignals({SIGTERM, SIGINT});
  std::cout << "demo receiver listening on port " << server.port() << std::endl;
  server.Wait();
  std::cout << "demo receiver: " << received.load() << " verified deliveries" << std::endl;
  return 0;
}

}  // namespace

void AddDemoCommands(CLI::App& app) {
  auto* demo = app.add_subcommand("demo", "The make run demo: account, campaign, webhook receiver");
  demo->require_subcommand(1);

  auto* setup = demo->add_subcommand(
      "setup", "Make (or find) the demo account, campaign and webhook endpoint; print credentials");
  auto opts = std::make_shared<CommonOptions>();
  auto receiver_url = std::make_shared<std::string>();
  auto signals = std::make_shared<std::string>("data/demo/signals.jsonl");
  AddCommonOptions(*setup, *opts);
  setup->add_option("--receiver-url", *receiver_url, "URL of the demo webhook receiver")
      ->required();
  setup->add_option("--signals", *signals, "the demo signals (JSON lines)")->capture_default_str();
  setup->callback([=] { SetExitCode(RunSetup(*opts, *receiver_url, *signals)); });

  auto* receiver = demo->add_subcommand(
      "receiver", "Receive and verify the demo's webhooks (secret in LEADOS_DEMO_WEBHOOK_SECRET)");
  auto listen = std::make_shared<std::string>("127.0.0.1:8091");
  receiver->add_option("--listen", *listen, "host:port to listen on")->capture_default_str();
  receiver->callback([=] { SetExitCode(RunReceiver(*listen)); });
}

}  // namespace leados::app
