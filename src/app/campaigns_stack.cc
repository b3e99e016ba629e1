#include "app/campaigns_stack.h"

#include <filesystem>

#include "api/campaign_routes.h"
#include "api/supply_scan_routes.h"
#include "app/accounts_stack.h"
#include "core/log.h"

namespace leados::app {
namespace {

score::LlmRerankSettings LlmSettings(const core::Config& config) {
  score::LlmRerankSettings s;
  s.enabled = config.GetBool("llm.enabled");
  s.base_url = config.GetString("llm.base_url");
  s.api_key = config.GetString("llm.api_key");
  s.model = config.GetString("llm.model");
  s.top_n = static_cast<int>(config.GetInt("llm.top_n"));
  s.calls_per_minute = static_cast<int>(config.GetInt("llm.calls_per_minute"));
  s.timeout = std::chrono::milliseconds(config.GetInt("llm.timeout_ms"));
  s.max_input_bytes = static_cast<size_t>(config.GetInt("llm.max_input_bytes"));
  return s;
}

}  // namespace

core::Result<std::unique_ptr<CampaignsStack>> CampaignsStack::Open(
    Runtime& rt, accounts::AuditLog& audit, accounts::AccountService& accounts) {
  const core::Config& config = rt.config();
  std::unique_ptr<CampaignsStack> s(new CampaignsStack());
  s->accounts_ = &accounts;
  s->store_ = std::make_unique<campaigns::CampaignStore>(rt.database(), rt.clock(), audit);
  s->matcher_ = std::make_unique<match::Matcher>();
  auto loaded = s->Reload();
  if (!loaded) return core::Fail(loaded.error());
  // The matcher compiles in the background; until the first set is installed it matches nothing.
  // A pipeline worker that started on a full queue would take its first signals as "no match"
  // and ack them, so the stack is ready only once the active campaigns are installed.
  if (!s->matcher_->WaitForVersion(*loaded, std::chrono::minutes(5))) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "the active campaigns could not be compiled for matching: " +
                          s->matcher_->last_error().value_or("timed out after 5 minutes"));
  }

  s->window_ = std::make_unique<campaigns::RecentSignals>(
      rt.key_value(), rt.clock(),
      std::chrono::hours(24) * config.GetInt("scan.recent_signal_days"));
  s->outbox_ = std::make_unique<notify::Outbox>(rt.clock());
  s->templates_ = std::make_unique<notify::EmailTemplates>();
  campaigns::SupplyScanOptions options;
  options.credits_per_lead = config.GetDouble("billing.credits_per_lead");
  options.public_url = PublicOrigin(config);
  s->scans_ = std::make_unique<campaigns::SupplyScanService>(rt.database(), rt.key_value(),
                                                             rt.clock(), *s->window_, *s->store_,
                                                             *s->outbox_, *s->templates_, options);

  if (const std::string url = config.GetString("scan.hn_search_url"); !url.empty()) {
    s->hn_search_ = std::make_unique<campaigns::HnAlgoliaSearch>(rt.fetcher(), url);
    s->scans_->AddSearch(s->hn_search_.get());
  }
  ingest::RedditCredentials reddit{config.GetString("reddit.client_id"),
                                   config.GetString("reddit.client_secret")};
  if (const std::string url = config.GetString("scan.reddit_api_url");
      !url.empty() && !reddit.client_id.empty() && !reddit.client_secret.empty()) {
    s->reddit_search_ = std::make_unique<campaigns::RedditSearch>(
        rt.fetcher(), rt.http_client(), rt.clock(), std::move(reddit), url,
        std::string(ingest::kRedditTokenUrl));
    s->scans_->AddSearch(s->reddit_search_.get());
  }

  std::string model_path = config.GetString("score.model_path");
  if (model_path.empty()) {
    const auto fallback = std::filesystem::path(config.GetString("data.dir")) / "intent.ftz";
    if (std::filesystem::exists(fallback)) model_path = fallback.string();
  }
  if (!model_path.empty()) {
    auto model = score::IntentModel::Load(model_path);
    if (!model) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "score.model_path: " + model.error().message);
    }
    s->model_ = std::move(*model);
    s->scorer_ = std::make_unique<score::IntentScanScorer>(*s->model_);
    s->scans_->SetScorer(s->scorer_.get());
  }
  s->llm_reranker_ =
      std::make_unique<score::LlmReranker>(rt.http_client(), rt.clock(), LlmSettings(config));
  const score::LlmRerankSettings& llm = s->llm_reranker_->settings();
  // Never the key: only whether one is set.
  core::log::Info("llm.ready", {{"enabled", llm.enabled},
                                {"base_url", llm.base_url},
                                {"model", llm.model},
                                {"api_key_set", !llm.api_key.empty()},
                                {"top_n", llm.top_n},
                                {"calls_per_minute", llm.calls_per_minute}});
  core::log::Info("scans.ready", {{"hn_search", s->hn_search_ != nullptr},
                                  {"reddit_search", s->reddit_search_ != nullptr},
                                  {"intent_model", s->model_ != nullptr}});
  return s;
}

CampaignsStack::~CampaignsStack() {
  if (scans_) scans_->StopWorker();
}

core::Result<uint64_t> CampaignsStack::Reload() {
  std::lock_guard lock(reload_mu_);
  auto active = store_->ListActive();
  if (!active) return core::Fail(active.error());
  std::vector<match::CampaignQuery> queries;
  queries.reserve(active->size());
  for (const auto& c : *active) queries.push_back({c.id, c.spec.query});
  const size_t count = queries.size();
  const uint64_t version = matcher_->UpdateCampaigns(std::move(queries));
  for (const auto& listener : reload_listeners_) listener(*active);
  core::log::Info("campaigns.reloaded", {{"active", static_cast<int64_t>(count)},
                                         {"matcher_version", static_cast<int64_t>(version)}});
  return version;
}

core::Status CampaignsStack::AddReloadListener(
    std::function<void(std::vector<campaigns::Campaign>)> listener) {
  auto active = store_->ListActive();
  if (!active) return core::Fail(active.error());
  listener(std::move(*active));
  reload_listeners_.push_back(std::move(listener));
  return core::Ok();
}

void CampaignsStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddCampaignRoutes(api, router, *store_, [this] {
    if (auto reloaded = Reload(); !reloaded) {
      core::log::Error("campaigns.reload_failed", {{"error", reloaded.error().message}});
    }
  });
  api::AddSupplyScanRoutes(api, router, *scans_, [this](const api::Caller& caller) {
    std::vector<std::string> to;
    if (caller.kind == api::Caller::Kind::kUser) {
      if (auto user = accounts_->GetUser(caller.principal_id)) to.push_back(user->email);
    } else if (auto owners = accounts_->OwnerEmails(caller.account_id)) {
      to = std::move(*owners);
    }
    return to;
  });
}

void CampaignsStack::StartWorkers() {
  if (auto st = scans_->RequeueInterrupted(); !st) {
    core::log::Warn("scans.requeue_failed", {{"error", st.error().message}});
  }
  scans_->StartWorker();
}

}  // namespace leados::app
