#pragma once
// CampaignsStack: the campaign store, the live matcher and supply scans behind `leados serve`.
// The matcher holds every active campaign of every account, compiled into one Hyperscan database;
// each committed campaign change (through the API) reloads the active set and the matcher takes
// it through its delta layer (src/match/matcher.h), so matching never pauses.
// Supply scans run over the recent-signal window in the KV store (scan.recent_signal_days), the
// search APIs of HN (scan.hn_search_url) and Reddit (scan.reddit_api_url, with reddit.client_id
// and reddit.client_secret), and the intent model when there is one (score.model_path).
// It also holds the process's one LLM re-ranker (llm.*), which the lead pipeline calls after
// scoring; it sends nothing unless llm.enabled is on and a campaign opted in.

#include <functional>
#include <memory>
#include <mutex>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "campaigns/campaign_store.h"
#include "campaigns/hn_algolia_search.h"
#include "campaigns/recent_signals.h"
#include "campaigns/reddit_search.h"
#include "campaigns/supply_scan_service.h"
#include "http/router.h"
#include "match/matcher.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "score/intent_model.h"
#include "score/llm_reranker.h"
#include "score/scan_scorer.h"

namespace leados::app {

class CampaignsStack {
 public:
  // `runtime`, `audit` and `accounts` must outlive the stack. Loads the active campaigns into the
  // matcher and returns once they are installed, so a pipeline worker never matches against an
  // empty set (errors: the database's; kUnavailable when they do not compile within 5 minutes).
  // A model file that exists but does not load is an error.
  static core::Result<std::unique_ptr<CampaignsStack>> Open(Runtime& runtime,
                                                            accounts::AuditLog& audit,
                                                            accounts::AccountService& accounts);
  ~CampaignsStack();

  // Adds the campaign and supply-scan routes behind `api`'s pipeline (before the router is
  // frozen).
  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Puts interrupted scans back in the queue and starts the supply-scan worker.
  void StartWorkers();
  // Reads the active campaigns and hands them to the matcher; returns the matcher version that
  // will hold them. Thread-safe.
  core::Result<uint64_t> Reload();

  campaigns::CampaignStore& store() { return *store_; }
  match::Matcher& matcher() { return *matcher_; }
  // Where ingest puts every new signal for supply scans.
  campaigns::RecentSignals& recent_signals() { return *window_; }
  campaigns::SupplyScanService& scans() { return *scans_; }
  // The intent model (score.model_path), or nullptr when there is none.
  const score::IntentModel* intent_model() const { return model_.get(); }
  // Calls `listener` with the active campaigns on every Reload (after the matcher got them), and
  // once now. Not thread-safe with Reload: add listeners before serving requests.
  core::Status AddReloadListener(std::function<void(std::vector<campaigns::Campaign>)> listener);
  // The LLM re-ranker built from llm.* (one per process: one cost guard). Thread-safe.
  score::LlmReranker& llm_reranker() { return *llm_reranker_; }

 private:
  CampaignsStack() = default;
  accounts::AccountService* accounts_ = nullptr;
  std::unique_ptr<campaigns::CampaignStore> store_;
  std::unique_ptr<match::Matcher> matcher_;
  std::unique_ptr<campaigns::RecentSignals> window_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::EmailTemplates> templates_;
  std::unique_ptr<campaigns::HnAlgoliaSearch> hn_search_;
  std::unique_ptr<campaigns::RedditSearch> reddit_search_;
  std::unique_ptr<score::IntentModel> model_;
  std::vector<std::function<void(std::vector<campaigns::Campaign>)>> reload_listeners_;
  // Serialises Reload: two concurrent reloads could otherwise install the older list last.
  std::mutex reload_mu_;
  std::unique_ptr<score::IntentScanScorer> scorer_;
  std::unique_ptr<campaigns::SupplyScanService> scans_;
  std::unique_ptr<score::LlmReranker> llm_reranker_;
};

}  // namespace leados::app
