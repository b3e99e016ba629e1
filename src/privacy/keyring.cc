#include "privacy/keyring.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/json.h"
#include "privacy/aes_gcm.h"

namespace leados::privacy {
namespace {

constexpr std::string_view kFormat = "leados-keyring-v1";

std::string WrapAd(uint32_t id) {
  return fmt::format("{}/key/{}", kFormat, id);
}

void Wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

core::Result<MasterKey> MasterKey::FromBytes(std::string bytes) {
  if (bytes.size() != kAesKeyBytes) {
    size_t n = bytes.size();
    Wipe(bytes);
    return core::InvalidArgument(fmt::format(
        "the master key must be 32 bytes (got {}): make one with `openssl rand -base64 32`", n));
  }
  return MasterKey(std::move(bytes));
}

core::Result<MasterKey> MasterKey::FromBase64(std::string_view text) {
  auto bytes = core::Base64Decode(Trim(text));
  if (!bytes) {
    return core::InvalidArgument(
        "the master key is not valid base64: make one with `openssl rand -base64 32`");
  }
  return FromBytes(std::move(*bytes));
}

MasterKey::~MasterKey() {
  Wipe(bytes_);
}

Keyring::Keyring(MasterKey master, const core::Clock& clock)
    : master_(std::move(master)), clock_(clock) {}

Keyring::~Keyring() {
  for (auto& [id, key] : keys_) Wipe(key.bytes);
}

core::Status Keyring::AddKey(uint32_t id, std::string bytes, core::TimePoint created_at) {
  auto wrapped = GcmSeal(master_.bytes(), bytes, WrapAd(id));
  if (!wrapped) return core::Fail(wrapped.error());
  keys_[id] = DataKey{std::move(bytes), core::Base64Encode(*wrapped), created_at};
  current_ = std::max(current_, id);
  return core::Ok();
}

core::Result<std::unique_ptr<Keyring>> Keyring::Create(MasterKey master, const core::Clock& clock) {
  std::unique_ptr<Keyring> ring(new Keyring(std::move(master), clock));
  auto status = ring->AddKey(1, core::RandomBytes(kAesKeyBytes), clock.Now());
  if (!status) return core::Fail(status.error());
  return ring;
}

core::Result<std::unique_ptr<Keyring>> Keyring::FromJson(std::string_view json, MasterKey master,
                                                         const core::Clock& clock) {
  auto doc = core::ParseJsonObject(json);
  if (!doc) return core::Fail(doc.error());
  auto format = core::ReqString(*doc, "format");
  if (!format) return core::Fail(format.error());
  if (*format != kFormat) {
    return core::InvalidArgument(
        fmt::format("keyring format '{}' is not supported: expected '{}'", *format, kFormat));
  }
  auto current = core::ReqInt(*doc, "current");
  if (!current) return core::Fail(current.error());
  const auto* keys = doc->if_contains("keys");
  if (keys == nullptr || !keys->is_array() || keys->as_array().empty()) {
    return core::InvalidArgument("field 'keys' must be a non-empty array");
  }
  std::unique_ptr<Keyring> ring(new Keyring(std::move(master), clock));
  for (const auto& entry : keys->as_array()) {
    if (!entry.is_object()) return core::InvalidArgument("every entry of 'keys' must be an object");
    const auto& obj = entry.as_object();
    auto id = core::ReqInt(obj, "id");
    if (!id) return core::Fail(id.error());
    if (*id < 1 || *id > UINT32_MAX) return core::InvalidArgument("key ids must be positive");
    auto wrapped_text = core::ReqString(obj, "wrapped");
    if (!wrapped_text) return core::Fail(wrapped_text.error());
    auto created_text = core::ReqString(obj, "created_at");
    if (!created_text) return core::Fail(created_text.error());
    auto created = core::ParseRfc3339(*created_text);
    if (!created) {
      return core::InvalidArgument(fmt::format("key {}: created_at is not RFC 3339", *id));
    }
    auto wrapped = core::Base64Decode(*wrapped_text);
    if (!wrapped) return core::InvalidArgument(fmt::format("key {}: wrapped is not base64", *id));
    uint32_t key_id = static_cast<uint32_t>(*id);
    auto bytes = GcmOpen(ring->master_.bytes(), *wrapped, WrapAd(key_id));
    if (!bytes) {
      return core::Fail(core::ErrorCode::kPermissionDenied,
                        fmt::format("cannot unwrap data key {}: the master key is not the one this "
                                    "keyring was made with (or the keyring was altered)",
                                    key_id));
    }
    if (bytes->size() != kAesKeyBytes) {
      return core::InvalidArgument(fmt::format("data key {} is not 32 bytes", key_id));
    }
    // Keep the stored wrapping rather than re-wrapping, so ToJson() round-trips unchanged.
    ring->keys_[key_id] = DataKey{std::move(*bytes), *wrapped_text, *created};
  }
  if (!ring->keys_.contains(static_cast<uint32_t>(*current))) {
    return core::InvalidArgument(
        fmt::format("field 'current' names key {}, which is not in 'keys'", *current));
  }
  ring->current_ = static_cast<uint32_t>(*current);
  return ring;
}

std::string Keyring::ToJson() const {
  std::shared_lock lock(mu_);
  core::json::array keys;
  for (const auto& [id, key] : keys_) {
    keys.push_back(core::json::object{
        {"id", id}, {"created_at", core::FormatRfc3339(key.created_at)}, {"wrapped", key.wrapped}});
  }
  return core::ToJson(
      core::json::object{{"format", kFormat}, {"current", current_}, {"keys", std::move(keys)}});
}

core::Result<uint32_t> Keyring::Rotate() {
  std::unique_lock lock(mu_);
  uint32_t id = keys_.empty() ? 1 : keys_.rbegin()->first + 1;
  auto status = AddKey(id, core::RandomBytes(kAesKeyBytes), clock_.Now());
  if (!status) return core::Fail(status.error());
  current_ = id;
  return id;
}

core::Result<std::unique_ptr<Keyring>> Keyring::Rewrap(MasterKey new_master) const {
  std::shared_lock lock(mu_);
  std::unique_ptr<Keyring> ring(new Keyring(std::move(new_master), clock_));
  for (const auto& [id, key] : keys_) {
    auto status = ring->AddKey(id, key.bytes, key.created_at);
    if (!status) return core::Fail(status.error());
  }
  ring->current_ = current_;
  return ring;
}

uint32_t Keyring::current_key_id() const {
  std::shared_lock lock(mu_);
  return current_;
}

std::vector<uint32_t> Keyring::key_ids() const {
  std::shared_lock lock(mu_);
  std::vector<uint32_t> ids;
  for (const auto& [id, key] : keys_) ids.push_back(id);
  return ids;
}

std::pair<uint32_t, std::string> Keyring::CurrentKey() const {
  MaybeReload(60'000);  // a rotation elsewhere becomes the key for new values within a minute
  std::shared_lock lock(mu_);
  return {current_, keys_.at(current_).bytes};
}

void Keyring::SetReloadSource(std::function<core::Result<std::string>()> source) {
  reload_source_ = std::move(source);
}

core::Status Keyring::Adopt(std::string_view json) {
  auto master = MasterKey::FromBytes(std::string(master_.bytes()));
  if (!master) return core::Fail(master.error());
  auto fresh = FromJson(json, std::move(*master), clock_);
  if (!fresh) return core::Fail(fresh.error());
  std::unique_lock lock(mu_);
  std::shared_lock other((*fresh)->mu_);
  for (const auto& [id, key] : (*fresh)->keys_) {
    if (!keys_.contains(id)) keys_[id] = key;
  }
  if ((*fresh)->current_ > current_) current_ = (*fresh)->current_;
  return core::Ok();
}

void Keyring::MaybeReload(int64_t min_interval_ms) const {
  if (!reload_source_) return;
  std::lock_guard reload(reload_mu_);
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
          .count();
  if (now - last_reload_ms_ < min_interval_ms) return;
  last_reload_ms_ = now;
  if (auto json = reload_source_()) {
    // Adopt only adds keys under mu_; the keyring stays the same keyring (same master key).
    (void)const_cast<Keyring*>(this)->Adopt(*json);
  }
}

core::Result<std::string> Keyring::KeyById(uint32_t id) const {
  {
    std::shared_lock lock(mu_);
    auto it = keys_.find(id);
    if (it != keys_.end()) return it->second.bytes;
  }
  MaybeReload(1000);
  std::shared_lock lock(mu_);
  auto it = keys_.find(id);
  if (it == keys_.end()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("data key {} is not in the keyring: was the keyring restored "
                                  "from an older backup than the data?",
                                  id));
  }
  return it->second.bytes;
}

}  // namespace leados::privacy
