#include "retention/retention_policy.h"

#include <fmt/format.h>

namespace leados::retention {

const std::vector<RetentionRule>& RetentionPolicy() {
  static const std::vector<RetentionRule> rules = {
      {Category::kAccountData, "account_data", 30,
       "Account data: for the life of the account plus 30 days after closure.",
       "a closed account's users, sessions, one-time tokens, API keys, webhook endpoints, "
       "campaigns and their revisions, supply scans, digest state, billing profile, Stripe "
       "customer link and outbox emails are deleted; the accounts row stays as a tombstone "
       "(company name, billing address and closure reason emptied); audit rows naming a user's "
       "email are detached (target/detail blanked)",
       "accounts.closed_at", false},
      {Category::kBilling, "billing", 7 * 365 + 2, "Credit ledger and billing records: 7 years.",
       "ledger_entries (the deleted prefix summed into credit_balances.opening_seq / "
       "opening_balance), credit_reservations, invoices, stripe_checkout_sessions with their "
       "stripe_refunds, stripe_events",
       "created_at (stripe_events: received_at)", false},
      {Category::kAuditLogs, "audit_logs", 2 * 365 + 1, "Usage and audit logs: 2 years.",
       "audit_events; notify_outbox rows that were sent or failed for good; rights requests "
       "(privacy_requests) 2 years after they were completed or rejected, or received when never "
       "verified (the suppression list stays: it is what keeps a deleted person out); "
       "anomaly_flags; retention_runs; usage_daily and usage_rollups (daily usage totals); "
       "usage_events (raw usage events) already after usage.raw_retention_days (90)",
       "at / created_at / day_start_ms / at_ms; privacy_requests: closed_at (never verified: "
       "received_at); anomaly_flags: updated_at_ms; retention_runs: started_at_ms",
       false},
      {Category::kDeliveryMetadata, "delivery_metadata", 365, "Lead delivery metadata: 1 year.",
       "leads, webhook_deliveries with their webhook_attempts, campaign_digests",
       "created_at (campaign_digests: last_sent_at)", false},
      {Category::kFingerprints, "fingerprints", 90, "Fingerprints for deduplication: 90 days.",
       "KV keys fp:<account>:<hash> (pipeline::FingerprintRegistry)", "TTL set at write", true},
      {Category::kPayloads, "payloads", 30, "Full lead payloads: 30 days.",
       "KV keys lead:payload:<id> (pipeline::PayloadStore), webhook bodies "
       "(deliver.payload_ttl_days), digest bodies (digest.body_ttl_hours)",
       "TTL set at write", true},
  };
  return rules;
}

const RetentionRule& RuleFor(Category category) {
  for (const auto& r : RetentionPolicy()) {
    if (r.category == category) return r;
  }
  return RetentionPolicy().front();  // unreachable: every category has a row
}

RetentionPeriods::RetentionPeriods() {
  for (const auto& r : RetentionPolicy()) days_[r.category] = r.max_days;
}

core::Result<RetentionPeriods> RetentionPeriods::FromDays(
    const std::map<std::string, int64_t>& days_by_key) {
  RetentionPeriods out;
  for (const auto& [key, days] : days_by_key) {
    const RetentionRule* rule = nullptr;
    for (const auto& r : RetentionPolicy()) {
      if (r.key == key) rule = &r;
    }
    if (!rule) {
      return core::InvalidArgument(
          fmt::format("retention.{}_days: no such retention category", key));
    }
    if (days < 1 || days > rule->max_days) {
      return core::InvalidArgument(fmt::format(
          "retention.{}_days: must be from 1 to {} (the privacy policy's maximum: \"{}\"; the "
          "configuration may only shorten it), got {}",
          key, rule->max_days, rule->policy_line, days));
    }
    out.days_[rule->category] = days;
  }
  return out;
}

int64_t RetentionPeriods::Days(Category category) const {
  return days_.at(category);
}

}  // namespace leados::retention
