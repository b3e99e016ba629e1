#include "privacy/keyring_store.h"

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "privacy/field_cipher.h"
#include "store/database.h"

namespace leados::privacy {
namespace {

constexpr std::string_view kSelect = "SELECT keyring_json FROM privacy_keyring WHERE id = 1";
constexpr int64_t kBatchRows = 500;

// MasterKey is move-only (it wipes itself); a path that may need it twice copies it first.
core::Result<MasterKey> CopyOf(const MasterKey& master) {
  return MasterKey::FromBytes(std::string(master.bytes()));
}

// The stored JSON, or nullopt when the row does not exist yet.
template <typename Session>
core::Result<std::optional<std::string>> ReadJson(Session& session, std::string_view sql) {
  auto rows = session.Query(sql);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0].Text(0));
}

core::Result<std::unique_ptr<Keyring>> ReloadStored(store::Database& db, MasterKey master,
                                                    const core::Clock& clock) {
  auto json = ReadJson(db, kSelect);
  if (!json) return core::Fail(json.error());
  if (!*json) {
    return core::Fail(core::ErrorCode::kInternal,
                      "the keyring row vanished after a concurrent insert");
  }
  return Keyring::FromJson(**json, std::move(master), clock);
}

core::Status WriteJson(store::SqlSession& tx, const Keyring& keyring, const core::Clock& clock) {
  auto changed = tx.Exec("UPDATE privacy_keyring SET keyring_json = ?, updated_at = ? WHERE id = 1",
                         {keyring.ToJson(), clock.NowUnixMillis()});
  if (!changed) return core::Fail(changed.error());
  if (*changed == 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "there is no stored keyring yet: start leados once (or run `leados keys "
                      "status`) to create it");
  }
  return core::Ok();
}

// Loads the stored keyring under the row's lock, lets `change` make the new one, and saves it,
// all in one transaction. `master_bytes` opens the stored keyring (copied per attempt: Transact
// may run the function again on PostgreSQL).
core::Result<std::unique_ptr<Keyring>> UpdateStored(
    store::Database& db, const MasterKey& master, const core::Clock& clock,
    const std::function<core::Result<std::unique_ptr<Keyring>>(Keyring&)>& change) {
  std::unique_ptr<Keyring> result;
  auto status = db.Transact([&](store::SqlSession& tx) -> core::Status {
    result.reset();
    std::string sql(kSelect);
    if (tx.dialect() == store::Dialect::kPostgres) sql += " FOR UPDATE";
    auto json = ReadJson(tx, sql);
    if (!json) return core::Fail(json.error());
    if (!*json) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "there is no stored keyring yet: start leados once (or run `leados keys "
                        "status`) to create it");
    }
    auto copy = CopyOf(master);
    if (!copy) return core::Fail(copy.error());
    auto stored = Keyring::FromJson(**json, std::move(*copy), clock);
    if (!stored) return core::Fail(stored.error());
    auto changed = change(**stored);
    if (!changed) return core::Fail(changed.error());
    if (auto st = WriteJson(tx, **changed, clock); !st) return st;
    result = std::move(*changed);
    return core::Ok();
  });
  if (!status) return core::Fail(status.error());
  return result;
}

}  // namespace

core::Result<std::unique_ptr<Keyring>> LoadOrCreateKeyring(store::Database& db, MasterKey master,
                                                           const core::Clock& clock) {
  auto json = ReadJson(db, kSelect);
  if (!json) return core::Fail(json.error());
  if (*json) return Keyring::FromJson(**json, std::move(master), clock);

  auto spare = CopyOf(master);
  if (!spare) return core::Fail(spare.error());
  auto created = Keyring::Create(std::move(master), clock);
  if (!created) return core::Fail(created.error());
  const std::string created_json = (*created)->ToJson();
  std::optional<std::string> theirs;
  auto status = db.Transact([&](store::SqlSession& tx) -> core::Status {
    // Read again inside the transaction: on SQLite it is exclusive, so this settles the race.
    auto existing = ReadJson(tx, kSelect);
    if (!existing) return core::Fail(existing.error());
    theirs = *existing;
    if (theirs) return core::Ok();
    auto inserted =
        tx.Exec("INSERT INTO privacy_keyring (id, keyring_json, updated_at) VALUES (1, ?, ?)",
                {created_json, clock.NowUnixMillis()});
    if (!inserted) return core::Fail(inserted.error());
    return core::Ok();
  });
  if (!status) {
    // PostgreSQL: another process inserted between our read and our insert. Use its keyring.
    if (status.error().code == core::ErrorCode::kAlreadyExists) {
      return ReloadStored(db, std::move(*spare), clock);
    }
    return core::Fail(status.error());
  }
  if (theirs) return Keyring::FromJson(*theirs, std::move(*spare), clock);
  return std::move(*created);
}

core::Status SaveKeyring(store::Database& db, const Keyring& keyring, const core::Clock& clock) {
  return db.Transact(
      [&](store::SqlSession& tx) -> core::Status { return WriteJson(tx, keyring, clock); });
}

core::Result<std::unique_ptr<Keyring>> RotateStoredKeyring(store::Database& db, MasterKey master,
                                                           const core::Clock& clock) {
  return UpdateStored(db, master, clock,
                      [&](Keyring& ring) -> core::Result<std::unique_ptr<Keyring>> {
                        auto id = ring.Rotate();
                        if (!id) return core::Fail(id.error());
                        // Hand back a keyring that owns its own master copy.
                        auto copy = CopyOf(master);
                        if (!copy) return core::Fail(copy.error());
                        return ring.Rewrap(std::move(*copy));
                      });
}

core::Result<std::unique_ptr<Keyring>> RewrapStoredKeyring(store::Database& db,
                                                           MasterKey old_master,
                                                           MasterKey new_master,
                                                           const core::Clock& clock) {
  return UpdateStored(db, old_master, clock,
                      [&](Keyring& ring) -> core::Result<std::unique_ptr<Keyring>> {
                        auto copy = CopyOf(new_master);
                        if (!copy) return core::Fail(copy.error());
                        return ring.Rewrap(std::move(*copy));
                      });
}

core::Result<int64_t> ReencryptColumn(store::Database& db, const FieldCipher& cipher,
                                      const EncryptedColumn& col) {
  // Values already under the current key are filtered out in SQL ('.' is not special in LIKE;
  // key ids are digits), so each batch holds only work and the loop ends when none is left.
  const std::string current_prefix = fmt::format("v1.{}.%", cipher.current_key_id());
  const std::string select = fmt::format(
      "SELECT {id}, {c} FROM {t} WHERE {c} IS NOT NULL AND {c} NOT LIKE ? AND {id} > ? "
      "ORDER BY {id} LIMIT {n}",
      fmt::arg("id", col.id_column), fmt::arg("c", col.column), fmt::arg("t", col.table),
      fmt::arg("n", kBatchRows));
  const std::string select_first = fmt::format(
      "SELECT {id}, {c} FROM {t} WHERE {c} IS NOT NULL AND {c} NOT LIKE ? ORDER BY {id} LIMIT {n}",
      fmt::arg("id", col.id_column), fmt::arg("c", col.column), fmt::arg("t", col.table),
      fmt::arg("n", kBatchRows));
  // The old value in the WHERE: a value rewritten meanwhile by the application is left alone.
  const std::string update = fmt::format("UPDATE {t} SET {c} = ? WHERE {id} = ? AND {c} = ?",
                                         fmt::arg("id", col.id_column), fmt::arg("c", col.column),
                                         fmt::arg("t", col.table));
  int64_t total = 0;
  std::optional<store::SqlValue> after;  // keyset cursor: the last id of the previous batch
  while (true) {
    int64_t changed_in_batch = 0;
    size_t rows_in_batch = 0;
    std::optional<store::SqlValue> last;
    auto status = db.Transact([&](store::SqlSession& tx) -> core::Status {
      changed_in_batch = 0;
      rows_in_batch = 0;
      last.reset();
      auto rows = after ? tx.Query(select, {current_prefix, *after})
                        : tx.Query(select_first, {current_prefix});
      if (!rows) return core::Fail(rows.error());
      rows_in_batch = rows->size();
      for (const store::Row& row : *rows) {
        const std::string id = row.Text(0);
        const std::string old_value = row.Text(1);
        last = row.Value(0);
        if (!cipher.NeedsRotation(old_value)) continue;
        auto fresh = cipher.Reencrypt(old_value, {col.table, col.ad_column, id});
        if (!fresh) return core::Fail(fresh.error());
        auto n = tx.Exec(update, {*fresh, row.Value(0), old_value});
        if (!n) return core::Fail(n.error());
        changed_in_batch += *n;
      }
      return core::Ok();
    });
    if (!status) return core::Fail(status.error());
    total += changed_in_batch;
    if (rows_in_batch < static_cast<size_t>(kBatchRows)) break;
    after = last;
  }
  return total;
}

core::Result<std::string> ReadStoredKeyringJson(store::Database& db) {
  auto rows = db.Query(kSelect);
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return core::NotFound("no stored keyring (run leados migrate and start once)");
  return rows->front().Text(0);
}

}  // namespace leados::privacy
