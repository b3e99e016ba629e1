#pragma once
// RetentionEngine: deletes what the retention policy (retention_policy.h) says is past its period,
// in batches (options.batch_size rows per transaction, looping), so no statement holds locks for
// long. One Run covers every row of the policy table:
//  - account data: closed accounts whose closed_at is more than the period ago are purged
//    (PurgeAccount below; one transaction per account);
//  - billing: ledger entries (whole prefixes of an account's chain, summed into
//    credit_balances.opening_seq/opening_balance so `leados ledger verify` stays clean),
//    credit reservations, invoices with their PDFs in the object store (SetObjectStore), Stripe
//    sessions, refunds and events;
//  - audit logs: audit events, finished outbox emails, closed rights requests (never the
//    suppression list), anomaly flags, the record of retention runs, the usage roll-up
//    (usage_daily, usage_rollups) and raw usage events (usage_events, after
//    options.usage_events_days);
//  - delivery metadata: leads, webhook deliveries with their attempts, digest state;
//  - fingerprints and payloads: the KV store expires them itself; Run reports the TTLs in force.
// A row is deleted when its time column is strictly before now − period: a row one millisecond
// inside its period stays.
//
// The engine reads and writes the tables of several modules directly: the policy is one table
// that cuts across all of them, and each rule names its tables (src/retention/README.md).
// Thread-safe (no state between runs); two concurrent runs delete disjoint batches or nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/audit_log.h"
#include "billing/object_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "retention/retention_policy.h"
#include "store/database.h"

namespace leados::retention {

// The KV TTLs the processes set (seconds), reported for the KV rows of the table.
struct KvTtls {
  int64_t fingerprint_seconds = 90 * 86'400;   // pipeline::FingerprintRegistry
  int64_t payload_seconds = 30 * 86'400;       // pipeline.payload_ttl_days
  int64_t webhook_body_seconds = 30 * 86'400;  // deliver.payload_ttl_days
  int64_t digest_body_seconds = 168 * 3'600;   // digest.body_ttl_hours
};

// kFailedPrecondition naming the setting when a KV TTL is longer than the period in force (the
// policy's, or a shorter retention.fingerprints_days / retention.payloads_days).
core::Status CheckKvTtls(const RetentionPeriods& periods, const KvTtls& ttls);

struct TableCount {
  std::string table;
  int64_t rows = 0;  // deleted (or, in a dry run, that would be); for a tombstone: rows updated
};

struct CategoryResult {
  Category category;
  int64_t period_days = 0;
  std::vector<TableCount> tables;  // empty for the KV categories
  std::string note;                // KV categories: the TTLs in force
  int64_t Rows() const;
};

struct RetentionReport {
  bool dry_run = false;
  int64_t now_ms = 0;
  std::vector<CategoryResult> categories;  // in the policy's order
};

// Human-readable lines, one per category and table ("billing  ledger_entries  12").
std::string FormatReport(const RetentionReport& report);

struct RetentionOptions {
  int batch_size = 500;  // rows per transaction (>= 1)
  // Raw usage events (usage_events) are kept this many days (usage.raw_retention_days), or the
  // audit-logs period when that is shorter; their daily totals (usage_daily) keep the audit-logs
  // period (the policy's "usage and audit logs — 2 years").
  int64_t usage_events_days = 90;
};

class RetentionEngine {
 public:
  // Every reference must outlive the engine.
  RetentionEngine(store::Database& db, const core::Clock& clock, accounts::AuditLog& audit,
                  RetentionPeriods periods, KvTtls ttls, RetentionOptions options = {});

  // Enforces every row of the table at the clock's now; `dry_run` counts instead of deleting.
  // Errors: the database's (what was committed before the error stays deleted; a later run
  // continues).
  core::Result<RetentionReport> Run(bool dry_run);

  // The object store the invoice PDFs are in (billing::InvoiceService writes them; `objects` must
  // outlive the engine). With it, an invoice past the billing period loses its PDF first and then
  // its row (a PDF that cannot be deleted keeps its row for the next run, so no PDF is orphaned);
  // the report counts them as the table "invoice_pdfs". Without it the PDFs stay (logged once per
  // run) and only the rows go.
  void SetObjectStore(billing::ObjectStore* objects) { objects_ = objects; }

  // Removes one closed account's data now (whatever its closed_at), in one transaction, and
  // audits it (system, account.purge). Returns the rows touched per table. kFailedPrecondition
  // when the account is not closed; kNotFound when it does not exist. Already purged: no rows.
  core::Result<std::vector<TableCount>> PurgeAccount(const std::string& account_id);

 private:
  struct SimpleRule;
  core::Result<int64_t> Simple(const SimpleRule& rule, int64_t cutoff, bool dry_run);
  core::Result<CategoryResult> AccountData(int64_t now, bool dry_run);
  core::Result<CategoryResult> Billing(int64_t now, bool dry_run);
  core::Result<CategoryResult> AuditLogs(int64_t now, bool dry_run);
  core::Result<CategoryResult> DeliveryMetadata(int64_t now, bool dry_run);
  core::Result<int64_t> LedgerEntries(int64_t cutoff, bool dry_run);
  core::Result<std::pair<int64_t, int64_t>> Deliveries(int64_t cutoff, bool dry_run);
  // Invoices before `cutoff`: {rows, pdfs} deleted (or counted).
  core::Result<std::pair<int64_t, int64_t>> Invoices(int64_t cutoff, bool dry_run);
  core::Result<std::vector<TableCount>> PurgeIn(store::SqlSession& tx,
                                                const std::string& account_id, bool dry_run);

  store::Database& db_;
  const core::Clock& clock_;
  accounts::AuditLog& audit_;
  RetentionPeriods periods_;
  KvTtls ttls_;
  RetentionOptions options_;
  billing::ObjectStore* objects_ = nullptr;
};

}  // namespace leados::retention
