#include "privacy/keyring_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "privacy/field_cipher.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_support.h"

namespace leados::privacy {
namespace {

MasterKey Master(char fill = 'm') {
  return *MasterKey::FromBytes(std::string(32, fill));
}

const EncryptedColumn kBilling{"accounts", "id", "billing_address_enc", "billing_address"};

// Each test gets its own migrated database (store::testing::FreshDatabase).
class KeyringStoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto fresh = store::testing::FreshDatabase::Open(GetParam(), clock_, 3);
    if (!fresh && fresh.error().code == core::ErrorCode::kUnavailable) {
      GTEST_SKIP() << fresh.error().message;
    }
    ASSERT_TRUE(fresh) << fresh.error().message;
    fresh_ = std::move(*fresh);
    db_ = &fresh_->db();
  }

  // Inserts `n` accounts whose billing address is encrypted with `cipher`'s current key.
  void InsertAccounts(const FieldCipher& cipher, int n) {
    auto status = db_->Transact([&](store::SqlSession& tx) -> core::Status {
      for (int i = 0; i < n; ++i) {
        std::string id = fmt::format("acct_{:05}", i);
        auto enc =
            cipher.Encrypt(fmt::format("{} Main Street", i), {"accounts", "billing_address", id});
        if (!enc) return core::Fail(enc.error());
        auto ins = tx.Exec(
            "INSERT INTO accounts (id, company_name, billing_address_enc, created_at) "
            "VALUES (?, ?, ?, ?)",
            {id, fmt::format("Company {}", i), *enc, clock_.NowUnixMillis()});
        if (!ins) return core::Fail(ins.error());
      }
      return core::Ok();
    });
    ASSERT_TRUE(status) << status.error().message;
  }

  // How many billing addresses use key `key_id`; every one must decrypt to what was inserted.
  int CountUnderKey(const FieldCipher& cipher, uint32_t key_id) {
    auto rows = db_->Query("SELECT id, billing_address_enc FROM accounts ORDER BY id");
    EXPECT_TRUE(rows) << rows.error().message;
    if (!rows) return -1;
    int count = 0;
    for (const auto& row : *rows) {
      std::string id = row.Text(0);
      auto plain = cipher.Decrypt(row.Text(1), {"accounts", "billing_address", id});
      EXPECT_TRUE(plain) << id << ": " << plain.error().message;
      if (plain) {
        EXPECT_EQ(*plain, fmt::format("{} Main Street", std::stoi(id.substr(5))));
      }
      if (*FieldCipher::KeyIdOf(row.Text(1)) == key_id) ++count;
    }
    return count;
  }

  core::ManualClock clock_;
  std::unique_ptr<store::testing::FreshDatabase> fresh_;
  store::Database* db_ = nullptr;
};

TEST_P(KeyringStoreTest, CreateThenLoadGivesTheSameKeys) {
  auto created = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ((*created)->key_ids(), std::vector<uint32_t>{1});
  auto rows = db_->Query("SELECT keyring_json, updated_at FROM privacy_keyring WHERE id = 1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), (*created)->ToJson());
  EXPECT_EQ((*rows)[0].Int(1), clock_.NowUnixMillis());

  auto loaded = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(*(*loaded)->KeyById(1), *(*created)->KeyById(1));
  EXPECT_EQ((*loaded)->ToJson(), (*created)->ToJson());

  // A value encrypted by the first process decrypts in the second.
  FieldCipher first(**created), second(**loaded);
  auto enc = first.Encrypt("1 Main Street", {"accounts", "billing_address", "acct_1"});
  ASSERT_TRUE(enc);
  EXPECT_EQ(*second.Decrypt(*enc, {"accounts", "billing_address", "acct_1"}), "1 Main Street");
}

TEST_P(KeyringStoreTest, WrongMasterKeyIsRefused) {
  ASSERT_TRUE(LoadOrCreateKeyring(*db_, Master('a'), clock_));
  auto loaded = LoadOrCreateKeyring(*db_, Master('b'), clock_);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(loaded.error().message.find("cannot unwrap data key 1: the master key is not the one"),
            std::string::npos)
      << loaded.error().message;
  // The stored keyring is untouched: the right key still opens it.
  EXPECT_TRUE(LoadOrCreateKeyring(*db_, Master('a'), clock_));
  auto rotated = RotateStoredKeyring(*db_, Master('b'), clock_);
  ASSERT_FALSE(rotated);
  EXPECT_EQ(rotated.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(KeyringStoreTest, RotateSaveReloadKeepsBothKeys) {
  auto ring = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(ring);
  std::string key1 = *(*ring)->KeyById(1);
  auto id = (*ring)->Rotate();
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, 2u);
  clock_.Advance(std::chrono::seconds(5));
  auto saved = SaveKeyring(*db_, **ring, clock_);
  ASSERT_TRUE(saved) << saved.error().message;

  auto reloaded = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(reloaded) << reloaded.error().message;
  EXPECT_EQ((*reloaded)->key_ids(), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ((*reloaded)->current_key_id(), 2u);
  EXPECT_EQ(*(*reloaded)->KeyById(1), key1);
  EXPECT_EQ(*(*reloaded)->KeyById(2), *(*ring)->KeyById(2));
  auto rows = db_->Query("SELECT updated_at FROM privacy_keyring");
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0].Int(0), clock_.NowUnixMillis());
}

TEST_P(KeyringStoreTest, ARunningKeyringPicksUpARotationMadeElsewhere) {
  // The server's keyring, loaded at start.
  auto server = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(server);
  (*server)->SetReloadSource([this] { return ReadStoredKeyringJson(*db_); });
  // `leados keys rotate` in another process, which then encrypts under key 2.
  auto cli = RotateStoredKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(cli);
  FieldCipher cli_cipher(**cli);
  auto value = cli_cipher.Encrypt("Rua 1", {"accounts", "billing_address", "acct_1"});
  ASSERT_TRUE(value);
  // The server decrypts it: the unknown key 2 makes it reread the stored keyring.
  FieldCipher server_cipher(**server);
  auto plain = server_cipher.Decrypt(*value, {"accounts", "billing_address", "acct_1"});
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(*plain, "Rua 1");
  EXPECT_EQ((*server)->current_key_id(), 2u);
  // Without a reload source the same situation is an error naming the key.
  auto stale = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(stale);
  ASSERT_TRUE(RotateStoredKeyring(*db_, Master(), clock_));
  auto v3 = FieldCipher(**RotateStoredKeyring(*db_, Master(), clock_))
                .Encrypt("x", {"accounts", "billing_address", "acct_1"});
  ASSERT_TRUE(v3);
  EXPECT_FALSE(FieldCipher(**stale).Decrypt(*v3, {"accounts", "billing_address", "acct_1"}));
}

TEST_P(KeyringStoreTest, SaveWithoutAStoredKeyringIsAFailedPrecondition) {
  auto ring = Keyring::Create(Master(), clock_);
  ASSERT_TRUE(ring);
  auto saved = SaveKeyring(*db_, **ring, clock_);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_P(KeyringStoreTest, RotateStoredKeyringTwiceMakesTwoNewKeys) {
  auto ring = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(ring);
  // A second process holding the old keyring rotates after us: it must not overwrite our key 2.
  auto a = RotateStoredKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(a) << a.error().message;
  auto b = RotateStoredKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ((*a)->current_key_id(), 2u);
  EXPECT_EQ((*b)->current_key_id(), 3u);
  auto reloaded = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ((*reloaded)->key_ids(), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(*(*reloaded)->KeyById(2), *(*a)->KeyById(2));
}

TEST_P(KeyringStoreTest, RewrapChangesTheMasterKeyAndKeepsTheDataKeys) {
  auto ring = LoadOrCreateKeyring(*db_, Master('o'), clock_);
  ASSERT_TRUE(ring);
  FieldCipher old_cipher(**ring);
  auto enc = old_cipher.Encrypt("seed", {"admins", "totp_seed", "adm_1"});
  ASSERT_TRUE(enc);

  auto wrong = RewrapStoredKeyring(*db_, Master('x'), Master('n'), clock_);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kPermissionDenied);

  auto rewrapped = RewrapStoredKeyring(*db_, Master('o'), Master('n'), clock_);
  ASSERT_TRUE(rewrapped) << rewrapped.error().message;
  auto with_old = LoadOrCreateKeyring(*db_, Master('o'), clock_);
  ASSERT_FALSE(with_old);
  EXPECT_EQ(with_old.error().code, core::ErrorCode::kPermissionDenied);
  auto with_new = LoadOrCreateKeyring(*db_, Master('n'), clock_);
  ASSERT_TRUE(with_new) << with_new.error().message;
  FieldCipher new_cipher(**with_new);
  EXPECT_EQ(*new_cipher.Decrypt(*enc, {"admins", "totp_seed", "adm_1"}), "seed");
}

TEST_P(KeyringStoreTest, ReencryptColumnMovesEveryRowToTheNewKeyOnce) {
  auto ring = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(ring);
  FieldCipher cipher(**ring);
  // More than two batches of 500, so the keyset cursor is exercised.
  constexpr int kRows = 1203;
  InsertAccounts(cipher, kRows);
  EXPECT_EQ(CountUnderKey(cipher, 1), kRows);

  // Nothing to do before a rotation.
  auto none = ReencryptColumn(*db_, cipher, kBilling);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, 0);

  ASSERT_TRUE((*ring)->Rotate());
  ASSERT_TRUE(SaveKeyring(*db_, **ring, clock_));
  auto changed = ReencryptColumn(*db_, cipher, kBilling);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, kRows);
  EXPECT_EQ(CountUnderKey(cipher, 2), kRows);

  auto again = ReencryptColumn(*db_, cipher, kBilling);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);

  // A keyring loaded fresh from the database still reads every value.
  auto reloaded = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(reloaded);
  FieldCipher fresh(**reloaded);
  EXPECT_EQ(CountUnderKey(fresh, 2), kRows);
}

TEST_P(KeyringStoreTest, ReencryptColumnSkipsNullsAndStopsAtAValueThatDoesNotDecrypt) {
  ASSERT_TRUE(db_->Exec("CREATE TABLE secrets (id BIGINT PRIMARY KEY, secret_enc TEXT)"));
  auto ring = LoadOrCreateKeyring(*db_, Master(), clock_);
  ASSERT_TRUE(ring);
  FieldCipher cipher(**ring);
  const EncryptedColumn col{"secrets", "id", "secret_enc", "secret"};
  auto enc = cipher.Encrypt("s1", {"secrets", "secret", "1"});
  ASSERT_TRUE(enc);
  ASSERT_TRUE(db_->Exec("INSERT INTO secrets (id, secret_enc) VALUES (1, ?), (2, NULL)", {*enc}));
  ASSERT_TRUE((*ring)->Rotate());
  auto changed = ReencryptColumn(*db_, cipher, col);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, 1);
  auto rows = db_->Query("SELECT secret_enc FROM secrets ORDER BY id");
  ASSERT_TRUE(rows);
  EXPECT_TRUE((*rows)[0].Text(0).starts_with("v1.2."));
  EXPECT_TRUE((*rows)[1].IsNull(0));

  // A value copied from another row does not decrypt: the run stops and names it.
  ASSERT_TRUE(db_->Exec("INSERT INTO secrets (id, secret_enc) VALUES (3, ?)", {*enc}));
  auto refused = ReencryptColumn(*db_, cipher, col);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message.find("secrets.secret of row 3"), std::string::npos)
      << refused.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyringStoreTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return std::string(store::DialectName(info.param));
                         });

}  // namespace
}  // namespace leados::privacy
