#pragma once
// Opening the field-encryption keyring from the configuration: where the master key comes from
// (security.master_key_source, security.master_key, security.master_key_file, or a key generated
// once into the data folder for the embedded SQLite default) and the keyring row in the database.

#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "privacy/keyring.h"

namespace leados::core {
class Config;
}
namespace leados::store {
class Database;
}

namespace leados::app {

// The master key the configuration names, first match wins:
//   security.master_key_source  "base64:…", "file:…" or "aws-secretsmanager:<id>" (the AWS region
//                               from security.aws_region, else AWS_REGION / AWS_DEFAULT_REGION;
//                               credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
//                               optional AWS_SESSION_TOKEN)
//   security.master_key         the base64 key itself
//   security.master_key_file    a file holding the base64 key
// With none of them and the embedded SQLite default (database.url empty), a random key is
// generated once into <data.dir>/master.key (mode 0600; created atomically, so processes starting
// together agree on one key) and reused afterwards; a warning is logged each time that production
// should set security.master_key_file. `clock` signs AWS requests.
// Errors: kFailedPrecondition "security.master_key_file is not set: …" when no key is configured
// and the database is not the embedded default; kFailedPrecondition when AWS region or
// credentials are missing; the source's own errors (kInvalidArgument bad key, kNotFound unreadable
// file, AWS errors), each prefixed by the configuration key. Never echoes key material.
// Thread-compatible (call at start-up).
core::Result<privacy::MasterKey> LoadConfiguredMasterKey(const core::Config& config,
                                                         const core::Clock& clock);

// LoadConfiguredMasterKey, then privacy::LoadOrCreateKeyring: the keyring stored in `db` (made on
// first use). `db` must be migrated (table privacy_keyring); `clock` must outlive the keyring.
// Errors: those of LoadConfiguredMasterKey; kPermissionDenied "cannot unwrap data key N: the
// master key is not the one this keyring was made with …" when the configured key is wrong; the
// database's errors.
core::Result<std::unique_ptr<privacy::Keyring>> OpenKeyring(const core::Config& config,
                                                            store::Database& db,
                                                            const core::Clock& clock);

}  // namespace leados::app
