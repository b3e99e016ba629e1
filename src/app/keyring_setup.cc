#include "app/keyring_setup.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"
#include "privacy/aws_secrets_manager.h"
#include "privacy/keyring_store.h"
#include "privacy/master_key_source.h"
#include "store/database.h"

namespace leados::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHowToMakeOne =
    "make one with `openssl rand -base64 32 > /etc/leados/master.key && chmod 600 "
    "/etc/leados/master.key` and set security.master_key_file = \"/etc/leados/master.key\" (or "
    "security.master_key_source = \"aws-secretsmanager:<secret id>\"); keep a copy somewhere safe: "
    "without it the encrypted fields cannot be read";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

core::Result<privacy::MasterKey> Prefixed(core::Result<privacy::MasterKey> key,
                                          std::string_view config_key) {
  if (key) return key;
  return core::Fail(key.error().code, fmt::format("{}: {}", config_key, key.error().message));
}

core::Result<privacy::MasterKey> FromSourceSpec(const std::string& spec, const core::Config& config,
                                                const core::Clock& clock) {
  auto source = privacy::ParseMasterKeySource(spec);
  if (!source) return core::Fail(source.error());
  if (source->kind != privacy::MasterKeySourceKind::kAwsSecretsManager) {
    return privacy::LoadMasterKey(*source, nullptr);
  }
  std::string region = config.GetString("security.aws_region");
  if (region.empty()) region = Env("AWS_REGION");
  if (region.empty()) region = Env("AWS_DEFAULT_REGION");
  if (region.empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the master key is in AWS Secrets Manager but no region is set: set "
                      "security.aws_region or AWS_REGION");
  }
  std::map<std::string, std::string> env;
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
    if (std::string v = Env(name); !v.empty()) env[name] = v;
  }
  auto credentials = privacy::AwsCredentialsFromEnvironment(env);
  if (!credentials) return core::Fail(credentials.error());
  privacy::SecretsManagerOptions options;
  options.region = region;
  options.endpoint = config.GetString("security.aws_secretsmanager_endpoint");
  privacy::AwsSecretsManagerClient client(std::move(options), std::move(*credentials), clock);
  return privacy::LoadMasterKey(*source, &client);
}

// <data.dir>/master.key: read it when it exists, else write a fresh key to a private temporary
// file and link() it into place. link fails with EEXIST when another process won the race, and
// the file only ever appears complete, so every process ends up reading the same key.
core::Result<privacy::MasterKey> GeneratedKey(const fs::path& data_dir) {
  const fs::path file = data_dir / "master.key";
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    return core::Internal(
        fmt::format("cannot create the data folder '{}': {}", data_dir.string(), ec.message()));
  }
  bool created = false;
  if (!fs::exists(file, ec)) {
    const fs::path tmp = data_dir / fmt::format("master.key.tmp-{}-{}", ::getpid(),
                                                core::HexEncode(core::RandomBytes(6)));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return core::Internal(
          fmt::format("cannot create '{}': {}", tmp.string(), std::strerror(errno)));
    }
    const std::string text = core::Base64Encode(core::RandomBytes(32)) + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    int saved_errno = errno;
    ::close(fd);
    if (!ok) {
      ::unlink(tmp.c_str());
      return core::Internal(
          fmt::format("cannot write '{}': {}", tmp.string(), std::strerror(saved_errno)));
    }
    int linked = ::link(tmp.c_str(), file.c_str());
    saved_errno = errno;
    ::unlink(tmp.c_str());
    if (linked != 0 && saved_errno != EEXIST) {
      return core::Internal(
          fmt::format("cannot create '{}': {}", file.string(), std::strerror(saved_errno)));
    }
    created = linked == 0;
    if (created) {
      // Make the new directory entry durable before any data is encrypted under this key.
      int dir = ::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
      }
    }
  }
  core::log::Warn(created ? "privacy.master_key_generated" : "privacy.master_key_from_data_dir",
                  {{"file", file.string()},
                   {"advice",
                    "the field-encryption master key lives next to the data it protects; in "
                    "production set security.master_key_file (openssl rand -base64 32) and keep "
                    "a copy of this key"}});
  return privacy::LoadMasterKey({privacy::MasterKeySourceKind::kFile, file.string()}, nullptr);
}

}  // namespace

core::Result<privacy::MasterKey> LoadConfiguredMasterKey(const core::Config& config,
                                                         const core::Clock& clock) {
  if (const std::string& spec = config.GetString("security.master_key_source"); !spec.empty()) {
    return Prefixed(FromSourceSpec(spec, config, clock), "security.master_key_source");
  }
  if (const std::string& value = config.GetString("security.master_key"); !value.empty()) {
    return Prefixed(privacy::MasterKey::FromBase64(value), "security.master_key");
  }
  if (const std::string& path = config.GetString("security.master_key_file"); !path.empty()) {
    return Prefixed(privacy::LoadMasterKey({privacy::MasterKeySourceKind::kFile, path}, nullptr),
                    "security.master_key_file");
  }
  if (config.GetString("database.url").empty()) {
    return GeneratedKey(config.GetString("data.dir"));
  }
  return core::Fail(core::ErrorCode::kFailedPrecondition,
                    fmt::format("security.master_key_file is not set: a database other than the "
                                "embedded SQLite default needs a master key for the encrypted "
                                "fields; {}",
                                kHowToMakeOne));
}

core::Result<std::unique_ptr<privacy::Keyring>> OpenKeyring(const core::Config& config,
                                                            store::Database& db,
                                                            const core::Clock& clock) {
  auto master = LoadConfiguredMasterKey(config, clock);
  if (!master) return core::Fail(master.error());
  return privacy::LoadOrCreateKeyring(db, std::move(*master), clock);
}

}  // namespace leados::app
