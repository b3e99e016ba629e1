#pragma once
// The retention module wired as src/app wires it, on a fresh database of either backend (SQLite,
// PostgreSQL), a manual clock, an in-memory KV store, the real accounts service and outbox.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "accounts/account_service.h"
#include "accounts/audit_log.h"
#include "accounts/password_hasher.h"
#include "accounts/session_store.h"
#include "core/clock.h"
#include "notify/outbox.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring.h"
#include "retention/retention_engine.h"
#include "store/memory_key_value.h"
#include "store/test_support.h"

namespace leados::retention::testing {

inline constexpr const char* kPassword = "Plover-Xylem-Quartz-51";

class RetentionFixture : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 4);
    if (!fresh) {
      if (fresh.error().code == core::ErrorCode::kUnavailable)
        GTEST_SKIP() << fresh.error().message;
      FAIL() << fresh.error().message;
    }
    fresh_ = std::move(*fresh);
    kv_ = std::make_unique<store::MemoryKeyValue>(clock_);
    hasher_ =
        std::make_unique<accounts::PasswordHasher>(accounts::PasswordHasherOptions{1, 8192, 4});
    auto master = privacy::MasterKey::FromBytes(std::string(32, 'k'));
    ASSERT_TRUE(master.has_value());
    auto keyring = privacy::Keyring::Create(std::move(*master), clock_);
    ASSERT_TRUE(keyring.has_value()) << keyring.error().message;
    keyring_ = std::move(*keyring);
    cipher_ = std::make_unique<privacy::FieldCipher>(*keyring_);
    audit_ = std::make_unique<accounts::AuditLog>(clock_);
    sessions_ = std::make_unique<accounts::SessionStore>(db(), clock_);
    accounts_ =
        std::make_unique<accounts::AccountService>(db(), *kv_, clock_, *hasher_, *cipher_, *audit_,
                                                   *sessions_, accounts::AccountServiceOptions{});
    outbox_ = std::make_unique<notify::Outbox>(clock_);
  }

  store::Database& db() { return fresh_->db(); }

  RetentionEngine Engine(RetentionPeriods periods = {}, int batch = 500) {
    return RetentionEngine(db(), clock_, *audit_, periods, KvTtls{}, RetentionOptions{batch});
  }

  // Signs up a verified owner; returns the account id.
  std::string NewAccount(const std::string& email, const std::string& name,
                         const std::string& company) {
    accounts::SignupRequest r;
    r.name = name;
    r.email = email;
    r.company_name = company;
    r.billing_address = company + " HQ, 12 Quay Street, Galway";
    r.password = kPassword;
    r.terms_version = std::string(accounts::kTermsVersion);
    r.privacy_version = std::string(accounts::kPrivacyVersion);
    r.confirm_business = true;
    r.confirm_adult = true;
    auto done = accounts_->Signup(r, {"192.0.2.1", "test"});
    EXPECT_TRUE(done.has_value()) << done.error().message;
    auto user = accounts_->ConfirmEmailAsOperator(email, "test");
    EXPECT_TRUE(user.has_value()) << (user ? "" : user.error().message);
    return user ? user->account_id : "";
  }

  // One value of one row.
  std::string Scalar(const std::string& sql, const std::vector<store::SqlValue>& p = {}) {
    auto rows = db().Query(sql, p);
    EXPECT_TRUE(rows.has_value()) << sql << ": " << (rows ? "" : rows.error().message);
    if (!rows || rows->empty()) return "";
    return rows->front().Text(0);
  }
  void Exec(const std::string& sql, const std::vector<store::SqlValue>& p = {}) {
    auto done = db().Exec(sql, p);
    ASSERT_TRUE(done.has_value()) << sql << ": " << done.error().message;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  std::unique_ptr<store::MemoryKeyValue> kv_;
  std::unique_ptr<accounts::PasswordHasher> hasher_;
  std::unique_ptr<privacy::Keyring> keyring_;
  std::unique_ptr<privacy::FieldCipher> cipher_;
  std::unique_ptr<accounts::AuditLog> audit_;
  std::unique_ptr<accounts::SessionStore> sessions_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<notify::Outbox> outbox_;
};

inline std::string DialectName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace leados::retention::testing
