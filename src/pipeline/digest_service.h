#pragma once
// DigestService: the email digest channel. On each tick it finds the campaigns with leads whose
// digest is pending, and for each whose period is over (hourly: the last full hour; daily: once a
// day at daily_hour_utc, UTC — digest_schedule.h) it renders one email per recipient with the
// best leads (digest_email.h), and in ONE transaction claims the period (DigestPeriodStore),
// enqueues the emails through the outbox with their bodies in the KV store (personal data never
// goes to SQL), and marks the leads' digest channel done. After the commit it releases the
// payloads no other channel needs (LeadService::CompleteChannel). No leads, no email.
//
// Once across processes: a tick runs only while it holds the KV lease "digest:scheduler:lease";
// the claim in the transaction makes a period's digest go out once even if two ticks overlap
// (a lease that ran out mid-tick). Thread-safe; RunOnce may be called from tests with a
// ManualClock.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "notify/outbox.h"
#include "notify/outbox_body_store.h"
#include "notify/templates.h"
#include "pipeline/digest_period_store.h"
#include "pipeline/digest_schedule.h"
#include "pipeline/lead_service.h"
#include "pipeline/lead_store.h"
#include "pipeline/payload_store.h"
#include "store/database.h"
#include "store/key_value.h"

namespace leados::pipeline {

// What the digest needs to know about a campaign (from src/campaigns, wired in src/app).
struct DigestCampaign {
  std::string name;
  DigestFrequency frequency = DigestFrequency::kDaily;
};
// The campaign of an account, or nullopt when it is gone (deleted): its pending leads then go
// out in a daily digest titled with the campaign id.
using DigestCampaignLookup = std::function<core::Result<std::optional<DigestCampaign>>(
    std::string_view account_id, std::string_view campaign_id)>;
// Where an account's digests go: the verified email addresses of its owners.
using DigestRecipients =
    std::function<core::Result<std::vector<std::string>>(std::string_view account_id)>;

struct DigestOptions {
  int daily_hour_utc = 8;           // daily digests go out at this hour, UTC (0–23)
  int max_leads_per_email = 25;     // detailed leads; the rest are "N more in the portal"
  int max_leads_per_digest = 5000;  // closed by one digest; any beyond wait for the next period
  int max_campaigns_per_tick = 500;
  std::string portal_url = "http://localhost:8080/leads";
  core::Duration lease = std::chrono::minutes(5);  // the scheduler lease held during a tick
  core::Duration tick = std::chrono::seconds(60);  // Start(): time between ticks
  std::string owner;  // lease owner name (host:pid); empty: a random one
};

struct DigestParts {
  store::Database& db;
  store::KeyValue& kv;  // the lease
  LeadStore& leads;
  LeadService& lead_service;
  PayloadStore& payloads;
  DigestPeriodStore& periods;
  notify::Outbox& outbox;
  notify::OutboxBodyStore& bodies;
  const notify::EmailTemplates& templates;
  DigestCampaignLookup campaigns;
  DigestRecipients recipients;
  const core::Clock& clock;
  std::function<void()> on_enqueued;  // e.g. OutboxWorker::Wake; may be empty
};

// What one RunOnce did.
struct DigestRunStats {
  bool leased = false;   // false: another scheduler held the lease, nothing was done
  int digests = 0;       // campaigns whose digest was enqueued
  int emails = 0;        // outbox rows (one per recipient)
  int leads = 0;         // leads whose digest channel was closed
  int no_recipient = 0;  // due digests skipped: the account has no verified owner address
  int failed = 0;        // campaigns whose digest failed (logged; retried on the next tick)
};

class DigestService {
 public:
  // Everything in `parts` must outlive the service.
  DigestService(DigestParts parts, DigestOptions options = {});
  ~DigestService();  // Stop()
  DigestService(const DigestService&) = delete;
  DigestService& operator=(const DigestService&) = delete;

  // One tick at the clock's now. Errors: the lease or the backlog query failed. A campaign
  // whose digest failed is logged, counted in `failed` and retried on the next tick; the others
  // of the tick still run.
  core::Result<DigestRunStats> RunOnce();

  // Runs RunOnce every `tick` in a background thread. Idempotent.
  void Start();
  // Stops and joins the thread. Idempotent.
  void Stop();

 private:
  // The digest of one campaign, if due. Adds to `stats`.
  core::Status RunCampaign(const DigestBacklog& backlog, int64_t now_ms, DigestRunStats& stats);
  void Loop();

  DigestParts parts_;
  DigestOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace leados::pipeline
