#pragma once
// SupplyScanService: the product's supply scans (issue 4). A client asks "what would this campaign
// (or this query, before launch) yield?"; the scan runs in the background over the recent-signal
// window (RecentSignals, at most 7 days, in the payload store) plus the sources' own search APIs
// (SignalSearch, e.g. HN Algolia), through the real matcher, the scorer when one is wired, and
// the campaign's source/language filters and minimum score. The result — matches a day by source,
// the score distribution, leads and credits a month, and a few example matches without personal
// data — is kept and emailed to the client ("supply scan results").
//
// Where things live: SQL (table supply_scans) holds the request, the status and the numbers;
// the examples (trimmed post titles: personal data) go to the payload store under
// scan:examples:<id> with the window's TTL. The email carries numbers only.
// Status: queued -> running -> done | failed. A scan left running by a crash is run again at the
// next start (RequeueInterrupted). Thread-safe.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "campaigns/campaign_store.h"
#include "campaigns/recent_signals.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/result.h"
#include "match/supply_scan.h"
#include "notify/outbox.h"
#include "notify/templates.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::campaigns {

// A source's own search API, asked for recent items mentioning the query's terms.
class SignalSearch {
 public:
  virtual ~SignalSearch() = default;
  // The source kind it searches ("hn").
  virtual std::string_view source() const = 0;
  // Items published since `since` that mention any of `terms` (folded words and phrases), at most
  // `limit`. The scan matches them with the real query afterwards, so a loose search is fine.
  virtual core::Result<std::vector<ingest::Signal>> Search(const std::vector<std::string>& terms,
                                                           core::TimePoint since,
                                                           size_t limit) = 0;
};

struct SupplyScanRequest {
  std::string account_id;
  // Either a saved campaign of the account (its query, sources, languages and min score are used)
  // or a query with optional filters (before launch).
  std::optional<std::string> campaign_id;
  std::string query;
  std::vector<std::string> sources;    // subset of kSources; empty: all
  std::vector<std::string> languages;  // ISO 639 codes; empty: all
  double min_score = 0;                // 0..1
  int window_days = 7;                 // 1..7 (the recent-signal window keeps at most 7 days)
  std::string notify_email;            // where the results go; empty: no email
};

struct SupplyScan {
  std::string id;  // scn_…
  std::string account_id;
  std::optional<std::string> campaign_id;
  std::string name;   // the campaign's name, or the query
  std::string query;  // canonical form
  core::json::object options;  // sources, languages, min_score, window_days
  std::string notify_email;    // where the results email goes ('' = none); not shown by the API
  std::string status;          // queued, running, done, failed
  std::string error;           // when failed
  int64_t created_at_ms = 0;
  std::optional<int64_t> started_at_ms;
  std::optional<int64_t> finished_at_ms;
  std::optional<core::json::object> summary;  // the report without examples, when done
  // The example matches while the payload store keeps them (null: expired or not done).
  std::optional<core::json::array> examples;
};

struct SupplyScanOptions {
  double credits_per_lead = 1;    // billing.credits_per_lead
  size_t max_signals = 1'000'000;  // read at most this many signals from the window
  size_t search_limit = 1000;     // per search API
  std::string public_url;         // server.public_url, for the link in the email
};

class SupplyScanService {
 public:
  // Every reference must outlive the service. `scorer` may be null (no score distribution; the
  // leads estimate then counts every match).
  SupplyScanService(store::Database& db, store::KeyValue& kv, const core::Clock& clock,
                    RecentSignals& window, CampaignStore& campaigns, notify::Outbox& outbox,
                    const notify::EmailTemplates& templates, SupplyScanOptions options);
  ~SupplyScanService();
  SupplyScanService(const SupplyScanService&) = delete;
  SupplyScanService& operator=(const SupplyScanService&) = delete;

  // Wiring (before StartWorker): the scorer and the search APIs.
  void SetScorer(const match::ScanScorer* scorer) { scorer_ = scorer; }
  void AddSearch(SignalSearch* search) { searches_.push_back(search); }

  // Validates and queues a scan; the worker picks it up. kInvalidArgument names the field (query
  // errors carry LINE:COL); kNotFound for a campaign not in the account.
  core::Result<SupplyScan> Start(SupplyScanRequest request);
  // One scan of the account (kNotFound otherwise), with its examples while kept.
  core::Result<SupplyScan> Get(std::string_view account_id, std::string_view scan_id);

  // Runs every queued scan, oldest first; returns how many ran. The worker calls it; tests too.
  core::Result<int> RunPending();
  // Puts scans left `running` (the process died mid-scan) back to `queued`.
  core::Status RequeueInterrupted();

  // A background thread running RunPending whenever Start queued something (and every 30 s).
  void StartWorker();
  void StopWorker();

 private:
  core::Status RunOne(const SupplyScan& scan);
  core::Status Finish(const SupplyScan& scan, const match::SupplyScanReport& report);
  core::Status MarkFailed(const SupplyScan& scan, const std::string& error);

  store::Database& db_;
  store::KeyValue& kv_;
  const core::Clock& clock_;
  RecentSignals& window_;
  CampaignStore& campaigns_;
  notify::Outbox& outbox_;
  const notify::EmailTemplates& templates_;
  SupplyScanOptions options_;
  core::IdGenerator ids_;
  const match::ScanScorer* scorer_ = nullptr;
  std::vector<SignalSearch*> searches_;

  std::mutex run_mu_;  // one RunPending at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  bool stop_ = false;
  std::thread worker_;
};

// The words and phrases of a query that a match needs (terms not under NOT), folded; what a
// SignalSearch is asked for.
std::vector<std::string> PositiveTerms(std::string_view query);

}  // namespace leados::campaigns
