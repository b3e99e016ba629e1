// The retention engine (see retention_engine.h and src/retention/README.md).
#include "retention/retention_engine.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/log.h"

namespace leados::retention {
namespace {

using store::SqlValue;

// "?, ?, ?" for n parameters.
std::string Marks(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

core::Result<int64_t> Count(store::SqlSession& tx, const std::string& sql,
                            const std::vector<SqlValue>& params) {
  auto rows = tx.Query(sql, params);
  if (!rows) return core::Fail(rows.error());
  return rows->empty() ? 0 : rows->front().Int(0);
}

std::string Days(int64_t seconds) {
  if (seconds % 86'400 == 0) return fmt::format("{} days", seconds / 86'400);
  return fmt::format("{} hours", seconds / 3'600);
}

}  // namespace

// A table whose old rows go with nothing else: DELETE … WHERE key IN (a batch of keys).
struct RetentionEngine::SimpleRule {
  std::string table;
  std::string key;    // a unique column (or expression over the columns of a unique key)
  std::string where;  // with one ? for the cutoff
};

int64_t CategoryResult::Rows() const {
  int64_t n = 0;
  for (const auto& t : tables) n += t.rows;
  return n;
}

core::Status CheckKvTtls(const RetentionPeriods& periods, const KvTtls& ttls) {
  const int64_t fp = periods.Days(Category::kFingerprints) * 86'400;
  const int64_t pl = periods.Days(Category::kPayloads) * 86'400;
  auto longer = [](std::string_view what, int64_t ttl, std::string_view key, int64_t max) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("{} is {} but retention.{}_days allows at most {}: shorten it",
                                  what, Days(ttl), key, Days(max)));
  };
  if (ttls.fingerprint_seconds > fp) {
    return longer("the fingerprint TTL", ttls.fingerprint_seconds, "fingerprints", fp);
  }
  if (ttls.payload_seconds > pl)
    return longer("pipeline.payload_ttl_days", ttls.payload_seconds, "payloads", pl);
  if (ttls.webhook_body_seconds > pl) {
    return longer("deliver.payload_ttl_days", ttls.webhook_body_seconds, "payloads", pl);
  }
  if (ttls.digest_body_seconds > pl) {
    return longer("digest.body_ttl_hours", ttls.digest_body_seconds, "payloads", pl);
  }
  return core::Ok();
}

std::string FormatReport(const RetentionReport& report) {
  std::string out =
      fmt::format("retention {} at {}\n", report.dry_run ? "dry run" : "run",
                  core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(report.now_ms))));
  const char* verb = report.dry_run ? "would delete" : "deleted";
  for (const auto& c : report.categories) {
    const auto& rule = RuleFor(c.category);
    out += fmt::format("{} (kept {} days): ", rule.key, c.period_days);
    if (rule.kv_ttl) {
      out += fmt::format("expired by the KV store itself; {}\n", c.note);
      continue;
    }
    out += fmt::format("{} {} rows\n", verb, c.Rows());
    for (const auto& t : c.tables) out += fmt::format("  {:<28} {}\n", t.table, t.rows);
  }
  return out;
}

RetentionEngine::RetentionEngine(store::Database& db, const core::Clock& clock,
                                 accounts::AuditLog& audit, RetentionPeriods periods, KvTtls ttls,
                                 RetentionOptions options)
    : db_(db),
      clock_(clock),
      audit_(audit),
      periods_(std::move(periods)),
      ttls_(ttls),
      options_(options) {
  options_.batch_size = std::max(1, options_.batch_size);
}

core::Result<int64_t> RetentionEngine::Simple(const SimpleRule& rule, int64_t cutoff,
                                              bool dry_run) {
  if (dry_run) {
    auto n = db_.Query(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", rule.table, rule.where),
                       {cutoff});
    if (!n) return core::Fail(n.error());
    return n->empty() ? 0 : n->front().Int(0);
  }
  int64_t total = 0;
  for (;;) {
    int64_t batch = 0;
    auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
      batch = 0;
      auto keys = tx.Query(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT ?", rule.key,
                                       rule.table, rule.where, rule.key),
                           {cutoff, int64_t{options_.batch_size}});
      if (!keys) return core::Fail(keys.error());
      if (keys->empty()) return core::Ok();
      std::vector<SqlValue> params;
      for (const auto& k : *keys) params.emplace_back(k.Text(0));
      auto done = tx.Exec(fmt::format("DELETE FROM {} WHERE {} IN ({})", rule.table, rule.key,
                                      Marks(params.size())),
                          params);
      if (!done) return core::Fail(done.error());
      batch = *done;
      return core::Ok();
    });
    if (!st) return core::Fail(st.error());
    total += batch;
    if (batch < options_.batch_size) return total;
  }
}

core::Result<RetentionReport> RetentionEngine::Run(bool dry_run) {
  RetentionReport report;
  report.dry_run = dry_run;
  report.now_ms = clock_.NowUnixMillis();
  const int64_t now = report.now_ms;
  for (const auto& rule : RetentionPolicy()) {
    core::Result<CategoryResult> r;
    switch (rule.category) {
      case Category::kAccountData: r = AccountData(now, dry_run); break;
      case Category::kBilling: r = Billing(now, dry_run); break;
      case Category::kAuditLogs: r = AuditLogs(now, dry_run); break;
      case Category::kDeliveryMetadata: r = DeliveryMetadata(now, dry_run); break;
      case Category::kFingerprints:
        r = CategoryResult{rule.category,
                           0,
                           {},
                           fmt::format("fingerprint TTL {}", Days(ttls_.fingerprint_seconds))};
        break;
      case Category::kPayloads:
        r = CategoryResult{
            rule.category,
            0,
            {},
            fmt::format("lead payload TTL {}, webhook body TTL {}, digest body "
                        "TTL {}",
                        Days(ttls_.payload_seconds), Days(ttls_.webhook_body_seconds),
                        Days(ttls_.digest_body_seconds))};
        break;
    }
    if (!r) return core::Fail(r.error());
    r->period_days = periods_.Days(rule.category);
    report.categories.push_back(std::move(*r));
  }
  return report;
}

// --- account data ---------------------------------------------------------------------------

core::Result<std::vector<TableCount>> RetentionEngine::PurgeIn(store::SqlSession& tx,
                                                               const std::string& account_id,
                                                               bool dry_run) {
  std::vector<TableCount> out;
  auto users =
      tx.Query("SELECT id, email FROM users WHERE account_id = ? ORDER BY id", {account_id});
  if (!users) return core::Fail(users.error());
  std::vector<SqlValue> emails;
  for (const auto& u : *users) emails.emplace_back(u.Text(1));
  const SqlValue acct = account_id;
  const std::string user_ids = "SELECT id FROM users WHERE account_id = ?";
  const std::string campaign_ids = "SELECT id FROM campaigns WHERE account_id = ?";

  // (table, WHERE, params): deleted in this order (children before the rows they reference).
  struct Del {
    std::string table, where;
    std::vector<SqlValue> params;
  };
  std::vector<Del> deletes = {
      {"sessions", "account_id = ? OR principal_id IN (" + user_ids + ")", {acct, acct}},
      {"user_tokens", "user_id IN (" + user_ids + ")", {acct}},
      {"policy_acceptances", "user_id IN (" + user_ids + ")", {acct}},
      {"api_keys", "account_id = ?", {acct}},
      {"webhook_endpoints", "account_id = ?", {acct}},
      {"campaign_revisions", "campaign_id IN (" + campaign_ids + ")", {acct}},
      {"campaigns", "account_id = ?", {acct}},
      {"campaign_digests", "account_id = ?", {acct}},
      {"supply_scans", "account_id = ?", {acct}},
      {"billing_profiles", "account_id = ?", {acct}},
      {"stripe_customers", "account_id = ?", {acct}},
  };
  {
    Del outbox{"notify_outbox", "account_id = ?", {acct}};
    if (!emails.empty()) {
      outbox.where += " OR to_address IN (" + Marks(emails.size()) + ")";
      outbox.params.insert(outbox.params.end(), emails.begin(), emails.end());
    }
    deletes.push_back(std::move(outbox));
  }
  for (const auto& d : deletes) {
    auto n = dry_run ? Count(tx, "SELECT COUNT(*) FROM " + d.table + " WHERE " + d.where, d.params)
                     : tx.Exec("DELETE FROM " + d.table + " WHERE " + d.where, d.params);
    if (!n) return core::Fail(n.error());
    out.push_back({d.table, *n});
  }
  // Audit rows stay (2 years) but lose the users' addresses: failed sign-ins and email changes
  // name the address in target or detail.
  int64_t detached = 0;
  for (const auto& e : emails) {
    const std::string& email = std::get<std::string>(e);
    const std::vector<SqlValue> p = {email, "%" + email + "%"};
    auto n =
        dry_run
            ? Count(tx, "SELECT COUNT(*) FROM audit_events WHERE target = ? OR detail LIKE ?", p)
            : tx.Exec(
                  "UPDATE audit_events SET target = CASE WHEN target = ? THEN '' ELSE "
                  "target END, detail = CASE WHEN detail LIKE ? THEN '' ELSE detail END "
                  "WHERE target = ? OR detail LIKE ?",
                  {email, "%" + email + "%", email, "%" + email + "%"});
    if (!n) return core::Fail(n.error());
    detached += *n;
  }
  out.push_back({"audit_events (detached)", detached});
  auto n = dry_run ? Count(tx, "SELECT COUNT(*) FROM users WHERE account_id = ?", {acct})
                   : tx.Exec("DELETE FROM users WHERE account_id = ?", {acct});
  if (!n) return core::Fail(n.error());
  out.push_back({"users", *n});
  auto a = dry_run ? Count(tx, "SELECT COUNT(*) FROM accounts WHERE id = ? AND purged_at IS NULL",
                           {acct})
                   : tx.Exec(
                         "UPDATE accounts SET company_name = '', billing_address_enc = '', "
                         "close_reason = NULL, purged_at = ? WHERE id = ? AND purged_at IS NULL",
                         {clock_.NowUnixMillis(), acct});
  if (!a) return core::Fail(a.error());
  out.push_back({"accounts (tombstoned)", *a});
  if (!dry_run && *a > 0) {
    auto rec = audit_.Record(
        tx, {accounts::ActorKind::kSystem, "", account_id, "account.purge", account_id, "",
             accounts::AuditOutcome::kSuccess, "retention: 30 days after closure"});
    if (!rec) return core::Fail(rec.error());
  }
  return out;
}

core::Result<std::vector<TableCount>> RetentionEngine::PurgeAccount(const std::string& account_id) {
  std::vector<TableCount> out;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto row = tx.Query("SELECT status FROM accounts WHERE id = ?", {account_id});
    if (!row) return core::Fail(row.error());
    if (row->empty()) return core::NotFound("no account " + account_id);
    if (row->front().Text(0) != "closed") {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "account " + account_id + " is not closed: close it first");
    }
    auto done = PurgeIn(tx, account_id, false);
    if (!done) return core::Fail(done.error());
    out = std::move(*done);
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  return out;
}

core::Result<CategoryResult> RetentionEngine::AccountData(int64_t now, bool dry_run) {
  CategoryResult result{Category::kAccountData, 0, {}, {}};
  const int64_t cutoff = now - periods_.Millis(Category::kAccountData);
  auto due = db_.Query(
      "SELECT id FROM accounts WHERE status = 'closed' AND closed_at < ? AND purged_at IS NULL "
      "ORDER BY id",
      {cutoff});
  if (!due) return core::Fail(due.error());
  std::map<std::string, int64_t> sums;
  std::vector<std::string> order;
  for (const auto& row : *due) {
    const std::string id = row.Text(0);
    std::vector<TableCount> counts;
    // One transaction per account: an account's personal rows are few (users, keys, campaigns),
    // and a half-purged account must never be visible. The closed_at check is repeated inside
    // so a reopen that raced us wins.
    auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
      auto still = tx.Query(
          "SELECT id FROM accounts WHERE id = ? AND status = 'closed' AND closed_at < ? AND "
          "purged_at IS NULL",
          {id, cutoff});
      if (!still) return core::Fail(still.error());
      if (still->empty()) return core::Ok();
      auto done = PurgeIn(tx, id, dry_run);
      if (!done) return core::Fail(done.error());
      counts = std::move(*done);
      return core::Ok();
    });
    if (!st) return core::Fail(st.error());
    for (const auto& c : counts) {
      if (!sums.contains(c.table)) order.push_back(c.table);
      sums[c.table] += c.rows;
    }
  }
  for (const auto& t : order) result.tables.push_back({t, sums[t]});
  return result;
}

// --- billing ---------------------------------------------------------------------------------

core::Result<int64_t> RetentionEngine::LedgerEntries(int64_t cutoff, bool dry_run) {
  if (dry_run) {
    auto n = db_.Query("SELECT COUNT(*) FROM ledger_entries WHERE created_at < ?", {cutoff});
    if (!n) return core::Fail(n.error());
    return n->empty() ? 0 : n->front().Int(0);
  }
  auto accounts = db_.Query(
      "SELECT DISTINCT account_id FROM ledger_entries WHERE created_at < ? ORDER BY account_id",
      {cutoff});
  if (!accounts) return core::Fail(accounts.error());
  int64_t total = 0;
  const bool pg = db_.dialect() == store::Dialect::kPostgres;
  for (const auto& a : *accounts) {
    const std::string account = a.Text(0);
    for (;;) {
      int64_t batch = 0;
      // Only a prefix of the chain goes: the entries up to the last old one (seq order is time
      // order), at most batch_size per transaction, and the balance row remembers where the kept
      // chain starts. The balance row is locked like a spend locks it.
      auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
        batch = 0;
        auto bal = tx.Query(std::string("SELECT opening_seq FROM credit_balances WHERE "
                                        "account_id = ?") +
                                (pg ? " FOR UPDATE" : ""),
                            {account});
        if (!bal) return core::Fail(bal.error());
        if (bal->empty()) return core::Ok();  // no balance row: verify reports it; leave it
        const int64_t opening = bal->front().Int(0);
        auto last =
            tx.Query("SELECT MAX(seq) FROM ledger_entries WHERE account_id = ? AND created_at < ?",
                     {account, cutoff});
        if (!last) return core::Fail(last.error());
        if (last->empty() || last->front().IsNull(0)) return core::Ok();
        const int64_t upto = std::min(last->front().Int(0), opening + options_.batch_size);
        auto after =
            tx.Query("SELECT balance_after FROM ledger_entries WHERE account_id = ? AND seq = ?",
                     {account, upto});
        if (!after) return core::Fail(after.error());
        if (after->empty()) {
          return core::Internal(fmt::format(
              "ledger of {}: entry seq {} is missing; run `leados ledger verify`", account, upto));
        }
        auto del = tx.Exec("DELETE FROM ledger_entries WHERE account_id = ? AND seq <= ?",
                           {account, upto});
        if (!del) return core::Fail(del.error());
        auto upd = tx.Exec(
            "UPDATE credit_balances SET opening_seq = ?, opening_balance = ? WHERE account_id = ?",
            {upto, after->front().Int(0), account});
        if (!upd) return core::Fail(upd.error());
        batch = *del;
        return core::Ok();
      });
      if (!st) return core::Fail(st.error());
      total += batch;
      if (batch == 0) break;
    }
  }
  return total;
}

core::Result<CategoryResult> RetentionEngine::Billing(int64_t now, bool dry_run) {
  CategoryResult result{Category::kBilling, 0, {}, {}};
  const int64_t cutoff = now - periods_.Millis(Category::kBilling);
  auto ledger = LedgerEntries(cutoff, dry_run);
  if (!ledger) return core::Fail(ledger.error());
  result.tables.push_back({"ledger_entries", *ledger});
  const std::vector<SimpleRule> rules = {
      {"credit_reservations", "lead_id", "created_at < ?"},
      {"stripe_refunds", "id", "created_at < ?"},
      // A session goes once its refunds have gone (a later refund keeps it until then).
      {"stripe_checkout_sessions", "id",
       "created_at < ? AND id NOT IN (SELECT session_id FROM stripe_refunds)"},
      {"stripe_events", "id", "received_at < ?"},
  };
  auto invoices = Invoices(cutoff, dry_run);
  if (!invoices) return core::Fail(invoices.error());
  result.tables.push_back({"invoices", invoices->first});
  result.tables.push_back({"invoice_pdfs", invoices->second});
  for (const auto& r : rules) {
    auto n = Simple(r, cutoff, dry_run);
    if (!n) return core::Fail(n.error());
    result.tables.push_back({r.table, *n});
  }
  return result;
}

core::Result<std::pair<int64_t, int64_t>> RetentionEngine::Invoices(int64_t cutoff, bool dry_run) {
  if (dry_run) {
    auto n = db_.Query("SELECT COUNT(*) FROM invoices WHERE created_at < ?", {cutoff});
    if (!n) return core::Fail(n.error());
    const int64_t rows = n->empty() ? 0 : n->front().Int(0);
    return std::pair<int64_t, int64_t>{rows, objects_ != nullptr ? rows : 0};
  }
  if (objects_ == nullptr) {
    core::log::Warn("retention.invoice_pdfs_kept",
                    {{"reason", "no object store given to the retention engine"}});
  }
  int64_t rows = 0;
  int64_t pdfs = 0;
  for (;;) {
    auto batch = db_.Query("SELECT id, object_key FROM invoices WHERE created_at < ? ORDER BY id "
                           "LIMIT ?",
                           {cutoff, int64_t{options_.batch_size}});
    if (!batch) return core::Fail(batch.error());
    if (batch->empty()) break;
    std::vector<SqlValue> ids;
    for (const auto& r : *batch) {
      if (objects_ != nullptr) {
        // The PDF first: if it cannot be deleted the row stays, and the next run tries again.
        if (auto st = objects_->Delete(r.Text(1)); !st) return core::Fail(st.error());
        ++pdfs;
      }
      ids.emplace_back(r.Text(0));
    }
    auto done = db_.Exec(
        fmt::format("DELETE FROM invoices WHERE id IN ({})", Marks(ids.size())), ids);
    if (!done) return core::Fail(done.error());
    rows += *done;
    if (static_cast<int64_t>(batch->size()) < options_.batch_size) break;
  }
  return std::pair<int64_t, int64_t>{rows, pdfs};
}

// --- audit logs ------------------------------------------------------------------------------

core::Result<CategoryResult> RetentionEngine::AuditLogs(int64_t now, bool dry_run) {
  CategoryResult result{Category::kAuditLogs, 0, {}, {}};
  const int64_t cutoff = now - periods_.Millis(Category::kAuditLogs);
  const std::vector<SimpleRule> rules = {
      {"audit_events", "id", "at < ?"},
      {"notify_outbox", "id", "created_at < ? AND status IN ('sent', 'failed')"},
      // Rights requests are evidence that a request was answered: kept like the audit log, from
      // their closure. A request never verified counts from its receipt; an open one (pending,
      // its deadline running) is never deleted. The suppression list is not touched.
      {"privacy_requests", "id",
       "(CASE WHEN status IN ('completed', 'rejected') THEN closed_at WHEN status = "
       "'awaiting_verification' THEN received_at END) < ?"},
      {"anomaly_flags", "id", "updated_at_ms < ?"},
      {"retention_runs", "id", "started_at_ms < ?"},
      // The usage roll-up: a day goes once all of it is past the period.
      {"usage_daily",
       "account_id || '/' || day || '/' || kind || '/' || name || '/' || "
       "status_class",
       "day_start_ms < ?"},
      {"usage_rollups", "day", "day_start_ms < ?"},
  };
  for (const auto& r : rules) {
    auto n = Simple(r, cutoff, dry_run);
    if (!n) return core::Fail(n.error());
    result.tables.push_back({r.table, *n});
  }
  // Raw usage events: a shorter period of their own (the daily totals above keep the numbers).
  const int64_t raw_days =
      std::min(options_.usage_events_days, periods_.Days(Category::kAuditLogs));
  auto raw = Simple({"usage_events", "id", "at_ms < ?"}, now - raw_days * 86'400'000, dry_run);
  if (!raw) return core::Fail(raw.error());
  result.tables.push_back({"usage_events", *raw});
  return result;
}

// --- delivery metadata -----------------------------------------------------------------------

core::Result<std::pair<int64_t, int64_t>> RetentionEngine::Deliveries(int64_t cutoff,
                                                                      bool dry_run) {
  if (dry_run) {
    auto d = db_.Query("SELECT COUNT(*) FROM webhook_deliveries WHERE created_at < ?", {cutoff});
    if (!d) return core::Fail(d.error());
    auto a = db_.Query(
        "SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM "
        "webhook_deliveries WHERE created_at < ?)",
        {cutoff});
    if (!a) return core::Fail(a.error());
    return std::pair<int64_t, int64_t>{d->front().Int(0), a->front().Int(0)};
  }
  int64_t deliveries = 0, attempts = 0;
  for (;;) {
    int64_t batch = 0;
    auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
      batch = 0;
      auto ids =
          tx.Query("SELECT id FROM webhook_deliveries WHERE created_at < ? ORDER BY id LIMIT ?",
                   {cutoff, int64_t{options_.batch_size}});
      if (!ids) return core::Fail(ids.error());
      if (ids->empty()) return core::Ok();
      std::vector<SqlValue> params;
      for (const auto& r : *ids) params.emplace_back(r.Text(0));
      auto att = tx.Exec(
          "DELETE FROM webhook_attempts WHERE delivery_id IN (" + Marks(params.size()) + ")",
          params);
      if (!att) return core::Fail(att.error());
      auto del = tx.Exec(
          "DELETE FROM webhook_deliveries WHERE id IN (" + Marks(params.size()) + ")", params);
      if (!del) return core::Fail(del.error());
      attempts += *att;
      batch = *del;
      return core::Ok();
    });
    if (!st) return core::Fail(st.error());
    deliveries += batch;
    if (batch < options_.batch_size) break;
  }
  return std::pair<int64_t, int64_t>{deliveries, attempts};
}

core::Result<CategoryResult> RetentionEngine::DeliveryMetadata(int64_t now, bool dry_run) {
  CategoryResult result{Category::kDeliveryMetadata, 0, {}, {}};
  const int64_t cutoff = now - periods_.Millis(Category::kDeliveryMetadata);
  auto leads = Simple({"leads", "id", "created_at < ?"}, cutoff, dry_run);
  if (!leads) return core::Fail(leads.error());
  result.tables.push_back({"leads", *leads});
  auto d = Deliveries(cutoff, dry_run);
  if (!d) return core::Fail(d.error());
  result.tables.push_back({"webhook_deliveries", d->first});
  result.tables.push_back({"webhook_attempts", d->second});
  auto digests = Simple({"campaign_digests", "campaign_id", "last_sent_at < ?"}, cutoff, dry_run);
  if (!digests) return core::Fail(digests.error());
  result.tables.push_back({"campaign_digests", *digests});
  return result;
}

}  // namespace leados::retention
