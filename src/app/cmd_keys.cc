#include "app/cmd_keys.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli_options.h"
#include "app/commands.h"
#include "app/keyring_setup.h"
#include "app/serve.h"
#include "core/config.h"
#include "core/log.h"
#include "privacy/field_cipher.h"
#include "privacy/keyring_store.h"
#include "privacy/master_key_source.h"
#include "store/migrations.h"

namespace leados::app {
namespace {

// Every column that holds privacy::FieldCipher text. A new encrypted column MUST be added here,
// or `leados keys rotate` leaves its values under the old key (and retiring that key would make
// them unreadable). These names are spliced into SQL: code constants only.
const std::vector<privacy::EncryptedColumn>& EncryptedColumns() {
  static const std::vector<privacy::EncryptedColumn> columns = {
      {"accounts", "id", "billing_address_enc", "billing_address"},
      {"admins", "id", "totp_seed_enc", "totp_seed"},
      {"webhook_endpoints", "id", "secret_enc", "secret"},
      {"webhook_endpoints", "id", "previous_secret_enc", "previous_secret"},
      {"privacy_requests", "id", "identifier_enc", "identifier"},
  };
  return columns;
}

struct KeysOptions {
  CommonOptions common;
  bool no_reencrypt = false;
  std::string new_master_key_file;
};

int Failed(const core::Error& error) {
  std::cerr << "leados: " << error.message << "\n";
  return 1;
}

// The database named by the configuration, opened and migrated as `leados migrate` does.
core::Result<std::unique_ptr<store::Database>> OpenMigrated(const core::Config& config,
                                                            const core::Clock& clock) {
  core::log::SetLevel(core::log::ParseLevel(config.GetString("log.level")));
  auto db = OpenDatabase(config);
  if (!db) return core::Fail(db.error());
  if (auto st = store::Migrate(**db, clock); !st) {
    return core::Fail(st.error().code, "migration failed: " + st.error().message);
  }
  return std::move(*db);
}

// Re-encrypts every column to the keyring's current key; prints the summary after `prefix`.
int ReencryptAll(store::Database& db, const privacy::Keyring& ring, std::string_view prefix) {
  privacy::FieldCipher cipher(ring);
  int64_t total = 0;
  std::vector<std::string> parts;
  for (const auto& col : EncryptedColumns()) {
    auto changed = privacy::ReencryptColumn(db, cipher, col);
    if (!changed) {
      if (!parts.empty()) {
        std::cerr << "leados: re-encrypted so far: " << fmt::format("{}", fmt::join(parts, ", "))
                  << "\n";
      }
      std::cerr << "leados: re-encrypting " << col.table << "." << col.column
                << " failed: " << changed.error().message << "\n"
                << "leados: values already re-encrypted stay so; fix the cause and run `leados "
                   "keys reencrypt` to finish\n";
      return 1;
    }
    total += *changed;
    parts.push_back(fmt::format("{}.{} {}", col.table, col.column, *changed));
  }
  std::cout << prefix << fmt::format("re-encrypted {} values ({})", total, fmt::join(parts, ", "))
            << "\n";
  return 0;
}

// The configured master key (checked before the database is opened, so a missing key is reported
// first), the migrated database and the keyring stored in it.
struct Opened {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<privacy::Keyring> ring;
  privacy::MasterKey master;  // a copy, for rotate and rewrap (the keyring owns the other)
};
core::Result<Opened> OpenAll(const core::Config& config, const core::Clock& clock) {
  auto master = LoadConfiguredMasterKey(config, clock);
  if (!master) return core::Fail(master.error());
  auto copy = privacy::MasterKey::FromBytes(std::string(master->bytes()));
  if (!copy) return core::Fail(copy.error());
  auto db = OpenMigrated(config, clock);
  if (!db) return core::Fail(db.error());
  auto ring = privacy::LoadOrCreateKeyring(**db, std::move(*master), clock);
  if (!ring) return core::Fail(ring.error());
  return Opened{std::move(*db), std::move(*ring), std::move(*copy)};
}

int RunStatus(const CommonOptions& opts) {
  core::SystemClock clock;
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  auto opened = OpenAll(*config, clock);
  if (!opened) return Failed(opened.error());
  std::cout << fmt::format("keys: {}\ncurrent key: {}\n", fmt::join(opened->ring->key_ids(), ", "),
                           opened->ring->current_key_id());
  return 0;
}

int RunRotate(const CommonOptions& opts, bool reencrypt) {
  core::SystemClock clock;
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  // Creates the keyring when there is none yet and checks the master key before rotating.
  auto opened = OpenAll(*config, clock);
  if (!opened) return Failed(opened.error());
  // Rotate and save in one locked transaction: two concurrent rotations make two keys.
  auto ring = privacy::RotateStoredKeyring(*opened->db, std::move(opened->master), clock);
  if (!ring) return Failed(ring.error());
  const std::string rotated = fmt::format("rotated to key {}", (*ring)->current_key_id());
  if (!reencrypt) {
    std::cout << rotated << "; values not re-encrypted (run `leados keys reencrypt`)\n";
    return 0;
  }
  return ReencryptAll(*opened->db, **ring, rotated + "; ");
}

int RunReencrypt(const CommonOptions& opts) {
  core::SystemClock clock;
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  auto opened = OpenAll(*config, clock);
  if (!opened) return Failed(opened.error());
  return ReencryptAll(*opened->db, *opened->ring,
                      fmt::format("key {}: ", opened->ring->current_key_id()));
}

int RunRewrap(const CommonOptions& opts, const std::string& new_master_key_file) {
  core::SystemClock clock;
  auto config = LoadConfig(opts);
  if (!config) return ConfigError(config.error());
  auto fresh =
      privacy::LoadMasterKey({privacy::MasterKeySourceKind::kFile, new_master_key_file}, nullptr);
  if (!fresh) return Failed(fresh.error());
  // Opening checks the old master key (and creates the keyring on a fresh database).
  auto opened = OpenAll(*config, clock);
  if (!opened) return Failed(opened.error());
  if (opened->master.bytes() == fresh->bytes()) {
    return Failed({core::ErrorCode::kInvalidArgument,
                   "the new master key is the one already in use: make a new one with "
                   "`openssl rand -base64 32`"});
  }
  auto ring = privacy::RewrapStoredKeyring(*opened->db, std::move(opened->master),
                                           std::move(*fresh), clock);
  if (!ring) return Failed(ring.error());
  std::cout << fmt::format(
      "re-wrapped keys {} with the new master key; the old master key no longer opens the "
      "keyring: set security.master_key_file = \"{}\" (and clear security.master_key / "
      "security.master_key_source) before the next start\n",
      fmt::join((*ring)->key_ids(), ", "), new_master_key_file);
  return 0;
}

}  // namespace

void AddKeysCommands(CLI::App& app) {
  auto opts = std::make_shared<KeysOptions>();

  auto* keys = app.add_subcommand("keys", "Manage the field-encryption keys");
  keys->require_subcommand(1);

  auto* status = keys->add_subcommand("status", "Print the data key ids and the current key");
  AddCommonOptions(*status, opts->common);
  status->callback([opts] { SetExitCode(RunStatus(opts->common)); });

  auto* rotate = keys->add_subcommand(
      "rotate", "Add a new data key, make it current and re-encrypt every encrypted value");
  AddCommonOptions(*rotate, opts->common);
  rotate->add_flag("--no-reencrypt", opts->no_reencrypt,
                   "Only add the key; re-encrypt later with `leados keys reencrypt`");
  rotate->callback([opts] { SetExitCode(RunRotate(opts->common, !opts->no_reencrypt)); });

  auto* reencrypt = keys->add_subcommand(
      "reencrypt", "Re-encrypt every value not yet under the current data key");
  AddCommonOptions(*reencrypt, opts->common);
  reencrypt->callback([opts] { SetExitCode(RunReencrypt(opts->common)); });

  auto* rewrap = keys->add_subcommand(
      "rewrap", "Wrap the data keys with a new master key (changes the master key)");
  AddCommonOptions(*rewrap, opts->common);
  rewrap
      ->add_option("--new-master-key-file", opts->new_master_key_file,
                   "File holding the new master key (base64 of 32 bytes)")
      ->required();
  rewrap->callback([opts] { SetExitCode(RunRewrap(opts->common, opts->new_master_key_file)); });
}

}  // namespace leados::app
