// Closing, reopening and purging an account, and its data export, on SQLite and PostgreSQL.
#include "retention/account_closure.h"

#include <gtest/gtest.h>

#include "accounts/account_closed.h"
#include "accounts/api_key_store.h"
#include "billing/ledger.h"
#include "retention/account_export.h"
#include "retention/retention_test_fixture.h"

namespace leados::retention {
namespace {

using testing::kPassword;
using testing::RetentionFixture;
using namespace std::chrono_literals;

constexpr const char* kEmail = "orla.byrne@quayside.example";
constexpr const char* kName = "Orla Byrne";
constexpr const char* kCompany = "Quayside Analytics";

class ClosureTest : public RetentionFixture {
 protected:
  void SetUp() override {
    RetentionFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    closure_ = std::make_unique<AccountClosure>(db(), clock_, *accounts_, *audit_, *outbox_,
                                                ClosureOptions{});
    account_ = NewAccount(kEmail, kName, kCompany);
    user_ = Scalar("SELECT id FROM users WHERE email = ?", {kEmail});
    keys_ = std::make_unique<accounts::ApiKeyStore>(db(), clock_, *audit_);
    auto key = keys_->Create(account_, "ci key", accounts::ApiScopes::Parse("leads:read").value(),
                             std::nullopt, {accounts::ActorKind::kUser, user_, "192.0.2.1"});
    ASSERT_TRUE(key.has_value()) << key.error().message;
    api_key_ = key->plaintext;
    auto signed_in = accounts_->Login(kEmail, kPassword, {"192.0.2.1", "test"});
    ASSERT_TRUE(signed_in.has_value()) << signed_in.error().message;
    const int64_t now = clock_.NowUnixMillis();
    Exec(
        "INSERT INTO campaigns (id, account_id, name, query, filters_json, min_score, "
        "channels_json, status, revision, created_at, updated_at) VALUES ('cmp_q', ?, "
        "'Quayside CRM buyers', 'crm', '{}', 0.5, '[\"portal\"]', 'active', 1, ?, ?)",
        {account_, now, now});
    Exec(
        "INSERT INTO campaign_revisions (campaign_id, revision, action, snapshot_json, "
        "changed_by, changed_at) VALUES ('cmp_q', 1, 'create', '{}', ?, ?)",
        {user_, now});
    Exec(
        "INSERT INTO webhook_endpoints (id, account_id, url, description, event_types_json, "
        "enabled, secret_enc, created_at, updated_at) VALUES ('we_q', ?, "
        "'https://hooks.quayside.example/leados', 'crm', '[\"lead.created\"]', 1, 'v1.x.y', ?, ?)",
        {account_, now, now});
    Exec(
        "INSERT INTO billing_profiles (account_id, name, company, address_lines_json, "
        "postal_code, city, country, vat_id, updated_at) VALUES (?, ?, ?, '[\"12 Quay Street\"]', "
        "'H91', 'Galway', 'IE', 'IE1234567X', ?)",
        {account_, kName, kCompany, now});
  }

  std::unique_ptr<AccountClosure> closure_;
  std::unique_ptr<accounts::ApiKeyStore> keys_;
  std::string account_, user_, api_key_;
};

TEST_P(ClosureTest, ClosingRevokesEverythingEmailsTheOwnerAndBlocksSignIn) {
  const accounts::ClientContext ctx{"192.0.2.1", "test"};
  auto wrong = closure_->Close(user_, "not the password", std::nullopt, ctx);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(wrong.error().message, "password is wrong");
  EXPECT_EQ(Scalar("SELECT status FROM accounts WHERE id = ?", {account_}), "active");

  auto closed = closure_->Close(user_, kPassword, "moving to another tool", ctx);
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  EXPECT_EQ(closed->reopen_until_ms, clock_.NowUnixMillis() + 30 * 86'400'000LL);
  EXPECT_GE(closed->sessions_ended, 1);
  EXPECT_EQ(closed->api_keys_revoked, 1);
  EXPECT_EQ(closed->campaigns_paused, 1);
  EXPECT_EQ(closed->webhook_endpoints_disabled, 1);
  EXPECT_EQ(Scalar("SELECT status FROM accounts WHERE id = ?", {account_}), "closed");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM sessions WHERE account_id = ?", {account_}), "0");
  EXPECT_EQ(Scalar("SELECT status FROM campaigns WHERE id = 'cmp_q'"), "paused");
  EXPECT_EQ(Scalar("SELECT disabled_reason FROM webhook_endpoints WHERE id = 'we_q'"),
            "account_closed");
  EXPECT_EQ(Scalar("SELECT subject FROM notify_outbox WHERE template = 'account_closed' AND "
                   "to_address = ?",
                   {kEmail}),
            "Your LeadOS account is closed");
  EXPECT_NE(Scalar("SELECT body_text FROM notify_outbox WHERE template = 'account_closed'")
                .find("until 2026-01-31"),
            std::string::npos);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'account.close' AND "
                   "outcome = 'success'"),
            "1");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'account.close' AND "
                   "outcome = 'failure'"),
            "1")
      << "the wrong password was audited";
  EXPECT_EQ(closure_->Close(user_, kPassword, std::nullopt, ctx).error().code,
            core::ErrorCode::kConflict);

  auto login = accounts_->Login(kEmail, kPassword, ctx);
  ASSERT_FALSE(login.has_value());
  EXPECT_TRUE(accounts::IsAccountClosed(login.error())) << login.error().message;
  EXPECT_NE(login.error().message.find("reopen it until 2026-01-31"), std::string::npos)
      << login.error().message;
  auto wrong_login = accounts_->Login(kEmail, "not the password", ctx);
  ASSERT_FALSE(wrong_login.has_value());
  EXPECT_EQ(wrong_login.error().code, core::ErrorCode::kUnauthenticated);

  auto by_key = keys_->Authenticate(api_key_, std::nullopt);
  ASSERT_FALSE(by_key.has_value());
  EXPECT_TRUE(accounts::IsAccountClosed(by_key.error())) << by_key.error().message;
}

TEST_P(ClosureTest, ReopeningWorksWithinThirtyDaysOnly) {
  const accounts::ClientContext ctx{"192.0.2.1", "test"};
  ASSERT_TRUE(closure_->Reopen(kEmail, kPassword, ctx).error().code == core::ErrorCode::kConflict);
  ASSERT_TRUE(closure_->Close(user_, kPassword, std::nullopt, ctx).has_value());
  EXPECT_EQ(closure_->Reopen(kEmail, "nope", ctx).error().code, core::ErrorCode::kUnauthenticated);
  clock_.Advance(30 * 24h - 1s);
  auto reopened = closure_->Reopen(kEmail, kPassword, ctx);
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  EXPECT_EQ(Scalar("SELECT status FROM accounts WHERE id = ?", {account_}), "active");
  EXPECT_TRUE(accounts_->Login(kEmail, kPassword, ctx).has_value());
  EXPECT_EQ(Scalar("SELECT status FROM campaigns WHERE id = 'cmp_q'"), "paused");

  ASSERT_TRUE(closure_->Close(user_, kPassword, std::nullopt, ctx).has_value());
  clock_.Advance(30 * 24h);
  auto late = closure_->Reopen(kEmail, kPassword, ctx);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(ClosureTest, AfterThirtyDaysThePersonalFieldsAreGoneAndTheLedgerStillVerifies) {
  const accounts::ClientContext ctx{"192.0.2.1", "test"};
  const std::string other = NewAccount("keep.me@other.example", "Kept Person", "Other Co");
  Exec(
      "INSERT INTO credit_balances (account_id, balance, entry_count, created_at, updated_at) "
      "VALUES (?, 10, 1, 0, 0)",
      {account_});
  Exec(
      "INSERT INTO ledger_entries (account_id, seq, amount, balance_after, reason, reference, "
      "idempotency_key, created_at) VALUES (?, 1, 10, 10, 'purchase', 'cs_1', 'k1', ?)",
      {account_, clock_.NowUnixMillis()});
  ASSERT_TRUE(closure_->Close(user_, kPassword, "too expensive", ctx).has_value());

  clock_.Advance(30 * 24h - 1s);
  ASSERT_TRUE(Engine().Run(false).has_value());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM users WHERE account_id = ?", {account_}), "1")
      << "one second inside the 30 days nothing is purged";

  clock_.Advance(2s);
  auto report = Engine().Run(false);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  for (const auto& [table, where] :
       std::vector<std::pair<std::string, std::string>>{{"users", "account_id = ?"},
                                                        {"api_keys", "account_id = ?"},
                                                        {"campaigns", "account_id = ?"},
                                                        {"webhook_endpoints", "account_id = ?"},
                                                        {"billing_profiles", "account_id = ?"},
                                                        {"notify_outbox", "account_id = ?"},
                                                        {"sessions", "account_id = ?"}}) {
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM " + table + " WHERE " + where, {account_}), "0")
        << table;
  }
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM campaign_revisions WHERE campaign_id = 'cmp_q'"), "0");
  EXPECT_EQ(Scalar("SELECT company_name FROM accounts WHERE id = ?", {account_}), "");
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM accounts WHERE id = ? AND purged_at IS NOT NULL", {account_}),
      "1");
  // Ledger and audit rows stay; the other account is untouched.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM ledger_entries WHERE account_id = ?", {account_}), "1");
  EXPECT_NE(Scalar("SELECT COUNT(*) FROM audit_events WHERE account_id = ?", {account_}), "0");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM users WHERE account_id = ?", {other}), "1");
  EXPECT_EQ(Scalar("SELECT company_name FROM accounts WHERE id = ?", {other}), "Other Co");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'account.purge'"), "1");

  // No text of the account's personal fields anywhere in the database.
  auto tables = db().Query(
      GetParam() == store::Dialect::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE'");
  ASSERT_TRUE(tables.has_value());
  std::string dump;
  for (const auto& t : *tables) {
    auto rows = db().Query("SELECT * FROM " + t.Text(0));
    ASSERT_TRUE(rows.has_value());
    for (const auto& r : *rows) {
      for (size_t i = 0; i < r.size(); ++i) dump += r.Text(i) + "\x1f";
    }
  }
  for (const std::string& secret :
       {std::string(kEmail), std::string(kName), std::string(kCompany),
        std::string("12 Quay Street"), std::string("too expensive"), std::string("IE1234567X")}) {
    EXPECT_EQ(dump.find(secret), std::string::npos) << secret << " is still in the database";
  }
  EXPECT_NE(dump.find("Kept Person"), std::string::npos);

  billing::Ledger ledger(db(), clock_);
  auto verify = ledger.Verify();
  ASSERT_TRUE(verify.has_value());
  EXPECT_TRUE(verify->clean());
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, ctx).error().code,
            core::ErrorCode::kUnauthenticated);
}

TEST_P(ClosureTest, TheExportHoldsTheAccountsDataWithoutSecrets) {
  AccountExport exporter(db(), clock_, *accounts_);
  auto doc = exporter.Export(account_);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const std::string text = core::json::serialize(*doc);
  EXPECT_EQ(doc->at("format").as_string(), "leados.account_export.v1");
  EXPECT_EQ(doc->at("account").at("company_name").as_string(), kCompany);
  EXPECT_NE(doc->at("account").at("billing_address").as_string().find("12 Quay Street"),
            std::string::npos);
  EXPECT_EQ(doc->at("users").as_array().at(0).at("email").as_string(), kEmail);
  EXPECT_EQ(doc->at("campaigns").as_array().at(0).at("name").as_string(), "Quayside CRM buyers");
  EXPECT_EQ(doc->at("campaign_revisions").as_array().size(), 1u);
  EXPECT_EQ(doc->at("api_keys").as_array().at(0).at("name").as_string(), "ci key");
  EXPECT_EQ(doc->at("webhook_endpoints").as_array().at(0).at("url").as_string(),
            "https://hooks.quayside.example/leados");
  EXPECT_EQ(doc->at("billing_profile").at("vat_id").as_string(), "IE1234567X");
  EXPECT_FALSE(doc->at("audit_events").as_array().empty());
  for (const std::string& secret :
       {std::string("$argon2id$"), std::string("v1.x.y"), api_key_.substr(12)}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(text.find("key_hash"), std::string::npos);
  EXPECT_EQ(text.find("password_hash"), std::string::npos);
  EXPECT_EQ(exporter.Export("acct_nope").error().code, core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClosureTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace leados::retention
