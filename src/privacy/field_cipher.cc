#include "privacy/field_cipher.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <charconv>

#include "core/encoding.h"
#include "privacy/aes_gcm.h"

namespace leados::privacy {
namespace {

constexpr std::string_view kVersion = "v1";

core::Result<std::string> AdText(const AssociatedData& ad) {
  for (std::string_view part : {ad.table, ad.column}) {
    if (part.empty() || part.find('/') != std::string_view::npos) {
      return core::InvalidArgument(fmt::format(
          "field encryption needs a table and column name without '/', got '{}'", part));
    }
  }
  return fmt::format("leados-field-v1/{}/{}/{}", ad.table, ad.column, ad.row);
}

struct Parsed {
  uint32_t key_id;
  std::string_view data;
};

core::Result<Parsed> Parse(std::string_view text) {
  auto bad = [] {
    return core::InvalidArgument("the value is not an encrypted field (expected v1.<key>.<data>)");
  };
  if (!text.starts_with(kVersion) || text.size() < kVersion.size() + 4 ||
      text[kVersion.size()] != '.') {
    return bad();
  }
  std::string_view rest = text.substr(kVersion.size() + 1);
  size_t dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0) return bad();
  uint32_t id = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + dot, id);
  if (ec != std::errc() || ptr != rest.data() + dot || id == 0) return bad();
  return Parsed{id, rest.substr(dot + 1)};
}

struct WipedString {
  std::string s;
  ~WipedString() {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  }
};

}  // namespace

core::Result<std::string> FieldCipher::Encrypt(std::string_view plaintext,
                                               const AssociatedData& ad) const {
  auto ad_text = AdText(ad);
  if (!ad_text) return core::Fail(ad_text.error());
  auto [id, key_bytes] = keyring_.CurrentKey();
  WipedString key{std::move(key_bytes)};
  auto box = GcmSeal(key.s, plaintext, *ad_text);
  if (!box) return core::Fail(box.error());
  return fmt::format("{}.{}.{}", kVersion, id, core::Base64UrlEncode(*box));
}

core::Result<std::string> FieldCipher::Decrypt(std::string_view ciphertext,
                                               const AssociatedData& ad) const {
  auto ad_text = AdText(ad);
  if (!ad_text) return core::Fail(ad_text.error());
  auto parsed = Parse(ciphertext);
  if (!parsed) return core::Fail(parsed.error());
  auto box = core::Base64UrlDecode(parsed->data);
  if (!box || box->size() < kGcmNonceBytes + kGcmTagBytes) {
    return core::InvalidArgument("the encrypted field's data is truncated or not base64url");
  }
  auto key_bytes = keyring_.KeyById(parsed->key_id);
  if (!key_bytes) return core::Fail(key_bytes.error());
  WipedString key{std::move(*key_bytes)};
  auto plain = GcmOpen(key.s, *box, *ad_text);
  if (!plain) {
    if (plain.error().code != core::ErrorCode::kPermissionDenied) return plain;
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      fmt::format("cannot decrypt {}.{} of row {}: the value was altered or "
                                  "belongs to another row, column or table",
                                  ad.table, ad.column, ad.row));
  }
  return plain;
}

bool FieldCipher::NeedsRotation(std::string_view ciphertext) const {
  auto parsed = Parse(ciphertext);
  return !parsed || parsed->key_id != keyring_.current_key_id();
}

core::Result<std::string> FieldCipher::Reencrypt(std::string_view ciphertext,
                                                 const AssociatedData& ad) const {
  auto plain = Decrypt(ciphertext, ad);
  if (!plain) return core::Fail(plain.error());
  WipedString wiped{std::move(*plain)};
  return Encrypt(wiped.s, ad);
}

core::Result<uint32_t> FieldCipher::KeyIdOf(std::string_view ciphertext) {
  auto parsed = Parse(ciphertext);
  if (!parsed) return core::Fail(parsed.error());
  return parsed->key_id;
}

}  // namespace leados::privacy
