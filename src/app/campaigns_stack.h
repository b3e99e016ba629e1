#pragma once
// CampaignsStack: the campaign store and the live matcher behind `leados serve`. The matcher holds
// every active campaign of every account, compiled into one Hyperscan database; each committed
// campaign change (through the API) reloads the active set and the matcher rebuilds it in the
// background and swaps it in (src/match/matcher.h), so matching never pauses.

#include <memory>

#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "app/runtime.h"
#include "campaigns/campaign_store.h"
#include "http/router.h"
#include "match/matcher.h"

namespace leados::app {

class CampaignsStack {
 public:
  // `runtime` and `audit` must outlive the stack. Loads the active campaigns into the matcher
  // (errors: the database's).
  static core::Result<std::unique_ptr<CampaignsStack>> Open(Runtime& runtime,
                                                            accounts::AuditLog& audit);

  // Adds the campaign routes behind `api`'s pipeline (before the router is frozen).
  void RegisterRoutes(api::AccountsApi& api, http::Router& router);
  // Reads the active campaigns and hands them to the matcher; returns the matcher version that
  // will hold them. Thread-safe.
  core::Result<uint64_t> Reload();

  campaigns::CampaignStore& store() { return *store_; }
  match::Matcher& matcher() { return *matcher_; }

 private:
  CampaignsStack() = default;
  std::unique_ptr<campaigns::CampaignStore> store_;
  std::unique_ptr<match::Matcher> matcher_;
};

}  // namespace leados::app
