#pragma once
// The keyring's home in the database (table privacy_keyring, one row with id 1, created by
// migration 0020) and the batch re-encryption that follows a rotation (`leados keys rotate`).
//
// The stored JSON is Keyring::ToJson(): wrapped keys only, useless without the master key.

#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "privacy/keyring.h"

namespace leados::store {
class Database;
}

namespace leados::privacy {

class FieldCipher;

// Reads the keyring row; when there is none, creates a keyring with one data key and inserts it
// in a transaction (when another process inserted first, theirs is read back and returned, so
// every process ends up with the same keys). `clock` must outlive the keyring.
// Errors: kPermissionDenied from Keyring::FromJson, message passed through, when `master` is not
// the key the stored keyring was made with; kInvalidArgument for a malformed stored keyring; the
// database's errors (kUnavailable, kInternal — e.g. the table is missing: run migrations first).
// Thread-safe (the Database is).
core::Result<std::unique_ptr<Keyring>> LoadOrCreateKeyring(store::Database& db, MasterKey master,
                                                           const core::Clock& clock);

// The stored keyring JSON as it is now (for Keyring::SetReloadSource). kNotFound when there is
// none; the database's errors. Thread-safe.
core::Result<std::string> ReadStoredKeyringJson(store::Database& db);

// Overwrites the keyring row with keyring.ToJson() (after Rotate or a rewrap). Errors:
// kFailedPrecondition when there is no keyring row (LoadOrCreateKeyring makes it); the
// database's errors. Thread-safe.
core::Status SaveKeyring(store::Database& db, const Keyring& keyring, const core::Clock& clock);

// Adds a data key to the stored keyring and saves it, in one transaction holding the row's lock
// (SELECT … FOR UPDATE on PostgreSQL; SQLite transactions are exclusive), so two concurrent
// rotations make two keys instead of one overwriting the other (which would lose a data key that
// values may already use). Returns the rotated keyring. Errors: as LoadOrCreateKeyring, plus
// kFailedPrecondition when there is no stored keyring yet. Thread-safe.
core::Result<std::unique_ptr<Keyring>> RotateStoredKeyring(store::Database& db, MasterKey master,
                                                           const core::Clock& clock);

// Re-wraps every stored data key with `new_master` (the data keys and every ciphertext stay as
// they are) and saves it, in one locked transaction like RotateStoredKeyring. Afterwards only
// `new_master` opens the keyring: switch the configuration to it before the next start.
// Errors: kPermissionDenied when `old_master` is not the stored keyring's master key; as
// RotateStoredKeyring otherwise. Thread-safe.
core::Result<std::unique_ptr<Keyring>> RewrapStoredKeyring(store::Database& db,
                                                           MasterKey old_master,
                                                           MasterKey new_master,
                                                           const core::Clock& clock);

// One encrypted column: `table`.`column` holds FieldCipher text for the row whose primary key is
// `id_column`, encrypted with AssociatedData{table, ad_column, id} (ad_column is the logical name,
// e.g. "billing_address" for column "billing_address_enc").
// These names are spliced into SQL: they must come from code constants, never from user input.
struct EncryptedColumn {
  std::string table;
  std::string id_column;
  std::string column;
  std::string ad_column;
};

// Re-encrypts, with the cipher's current key, every non-null value of `col` made with an older
// key (FieldCipher::NeedsRotation), in batches of 500 rows, each batch in its own transaction
// (a value changed concurrently between read and write is left for the next run). Returns how
// many values it rewrote; a second run returns 0. Stops at the first value that does not decrypt
// (kPermissionDenied / kFailedPrecondition / kInvalidArgument from FieldCipher::Reencrypt, the
// message naming table, column and row) — batches committed before it stay committed.
// Thread-safe; safe to run in several processes at once (each write checks the old value).
core::Result<int64_t> ReencryptColumn(store::Database& db, const FieldCipher& cipher,
                                      const EncryptedColumn& col);

}  // namespace leados::privacy
