#include "pipeline/digest_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"
#include "pipeline/digest_email.h"

namespace leados::pipeline {
namespace {

constexpr std::string_view kLeaseKey = "digest:scheduler:lease";

}  // namespace

DigestService::DigestService(DigestParts parts, DigestOptions options)
    : parts_(std::move(parts)), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = "digest-" + core::HexEncode(core::RandomBytes(8));
}

DigestService::~DigestService() {
  Stop();
}

core::Result<DigestRunStats> DigestService::RunOnce() {
  DigestRunStats stats;
  auto leased = parts_.kv.PutIfAbsent(kLeaseKey, options_.owner, options_.lease);
  if (!leased) return core::Fail(leased.error());
  if (!*leased) return stats;  // another scheduler is running a tick
  stats.leased = true;
  const int64_t now = parts_.clock.NowUnixMillis();
  auto backlogs = parts_.leads.DigestBacklogs(options_.max_campaigns_per_tick);
  if (backlogs) {
    for (const auto& backlog : *backlogs) {
      if (auto st = RunCampaign(backlog, now, stats); !st) {
        ++stats.failed;
        core::log::Error("digest.failed", {{"campaign", backlog.campaign_id},
                                           {"account", backlog.account_id},
                                           {"error", st.error().message}});
      }
    }
  }
  // Release only our own lease (one that ran out may belong to another scheduler by now).
  if (auto holder = parts_.kv.Get(kLeaseKey); holder && *holder == options_.owner) {
    (void)parts_.kv.Delete(kLeaseKey);
  }
  if (!backlogs) return core::Fail(backlogs.error());
  return stats;
}

core::Status DigestService::RunCampaign(const DigestBacklog& backlog, int64_t now,
                                        DigestRunStats& stats) {
  auto found = parts_.campaigns(backlog.account_id, backlog.campaign_id);
  if (!found) return core::Fail(found.error());
  const DigestCampaign campaign =
      found->value_or(DigestCampaign{backlog.campaign_id, DigestFrequency::kDaily});
  const int64_t period_end = DigestPeriodEnd(now, campaign.frequency, options_.daily_hour_utc);
  if (backlog.oldest_created_at_ms >= period_end) return core::Ok();  // not due yet
  auto last = parts_.periods.LastPeriodEnd(backlog.campaign_id);
  if (!last) return core::Fail(last.error());
  // Already sent for this period: leads that turned up late wait for the next one.
  if (*last && **last >= period_end) return core::Ok();
  auto leads =
      parts_.leads.PendingDigest(backlog.campaign_id, period_end, options_.max_leads_per_digest);
  if (!leads) return core::Fail(leads.error());
  if (leads->empty()) return core::Ok();

  DigestContent content;
  content.account_id = backlog.account_id;
  content.campaign_name = campaign.name;
  content.period_end_ms = period_end;
  content.period_start_ms =
      std::min(DigestPeriodStart(period_end, campaign.frequency), backlog.oldest_created_at_ms);
  content.total_leads = static_cast<int>(leads->size());
  content.portal_url = options_.portal_url;
  std::vector<std::string> ids;
  ids.reserve(leads->size());
  for (const auto& lead : *leads) {
    ids.push_back(lead.id);
    const bool gone = lead.payload_deleted_at_ms.has_value() || lead.payload_expires_at_ms <= now;
    if (gone) {
      ++content.expired;
      continue;
    }
    if (static_cast<int>(content.shown.size()) >= options_.max_leads_per_email) continue;
    auto payload = parts_.payloads.Get(lead.id);
    if (!payload) return core::Fail(payload.error());
    if (!*payload) {
      ++content.expired;  // the KV's TTL was first
      continue;
    }
    content.shown.push_back(DigestLead{lead, std::move(*payload)});
  }

  auto recipients = parts_.recipients(backlog.account_id);
  if (!recipients) return core::Fail(recipients.error());
  std::vector<notify::Email> emails;
  for (const auto& to : *recipients) {
    auto email = RenderDigestEmail(parts_.templates, to, content);
    if (!email) {
      core::log::Warn("digest.recipient_skipped",
                      {{"account", backlog.account_id}, {"error", email.error().message}});
      continue;
    }
    emails.push_back(std::move(*email));
  }

  bool claimed = false;
  auto committed = parts_.db.Transact([&](store::SqlSession& tx) -> core::Status {
    auto claim = parts_.periods.Claim(tx, backlog.account_id, backlog.campaign_id, period_end,
                                      emails.empty() ? 0 : content.total_leads, now);
    if (!claim) return core::Fail(claim.error());
    claimed = *claim;
    if (!claimed || emails.empty()) return core::Ok();
    for (const auto& email : emails) {
      auto id = parts_.outbox.Enqueue(tx, email, parts_.bodies);
      if (!id) return core::Fail(id.error());
    }
    auto marked = parts_.leads.MarkDigestDone(tx, ids, now);
    if (!marked) return core::Fail(marked.error());
    return core::Ok();
  });
  if (!committed) return committed;
  if (!claimed) return core::Ok();  // another scheduler sent this period
  if (emails.empty()) {
    // The leads stay pending (portal and API still have them) and are tried again next period.
    ++stats.no_recipient;
    core::log::Warn("digest.no_recipient", {{"account", backlog.account_id},
                                            {"campaign", backlog.campaign_id},
                                            {"leads", static_cast<int64_t>(content.total_leads)}});
    return core::Ok();
  }
  ++stats.digests;
  stats.emails += static_cast<int>(emails.size());
  stats.leads += content.total_leads;
  core::log::Info("digest.enqueued", {{"account", backlog.account_id},
                                      {"campaign", backlog.campaign_id},
                                      {"leads", static_cast<int64_t>(content.total_leads)},
                                      {"detailed", static_cast<int64_t>(content.shown.size())},
                                      {"emails", static_cast<int64_t>(emails.size())}});
  // The digest is committed; now the payloads that no other channel needs can go. A crash here
  // leaves them to their TTL (the channel itself is already done).
  for (const auto& id : ids) {
    if (auto st = parts_.lead_service.CompleteChannel(id, Channel::kDigest, "done"); !st) {
      core::log::Warn("digest.release_failed", {{"lead", id}, {"error", st.error().message}});
    }
  }
  if (parts_.on_enqueued) parts_.on_enqueued();
  return core::Ok();
}

void DigestService::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void DigestService::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    thread = std::move(thread_);
  }
  cv_.notify_all();
  if (thread.joinable()) thread.join();
}

void DigestService::Loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    if (auto ran = RunOnce(); !ran) {
      core::log::Error("digest.tick_failed", {{"error", ran.error().message}});
    }
    std::unique_lock lock(mu_);
    // Real-time pacing only; whether a digest is due is decided with the injected clock.
    cv_.wait_for(lock, options_.tick, [this] { return stop_; });
    if (stop_) return;
  }
}

}  // namespace leados::pipeline
