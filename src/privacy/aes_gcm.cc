#include "privacy/aes_gcm.h"

#include <openssl/evp.h>

#include <memory>

#include "core/crypto.h"

namespace leados::privacy {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

}  // namespace

core::Result<std::string> GcmSeal(std::string_view key, std::string_view plaintext,
                                  std::string_view associated_data) {
  if (key.size() != kAesKeyBytes) return core::InvalidArgument("AES-256 keys are 32 bytes");
  std::string box = core::RandomBytes(kGcmNonceBytes);
  box.resize(kGcmNonceBytes + plaintext.size() + kGcmTagBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  unsigned char* out = Bytes(box) + kGcmNonceBytes;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(box)) != 1 ||
      (!associated_data.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), out, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagBytes, out + plaintext.size()) !=
          1) {
    return core::Internal("AES-256-GCM encryption failed in OpenSSL");
  }
  return box;
}

core::Result<std::string> GcmOpen(std::string_view key, std::string_view box,
                                  std::string_view associated_data) {
  if (key.size() != kAesKeyBytes) return core::InvalidArgument("AES-256 keys are 32 bytes");
  if (box.size() < kGcmNonceBytes + kGcmTagBytes) {
    return core::InvalidArgument("sealed data is too short to hold a nonce and a tag");
  }
  std::string_view body = box.substr(kGcmNonceBytes, box.size() - kGcmNonceBytes - kGcmTagBytes);
  std::string tag(box.substr(box.size() - kGcmTagBytes));
  std::string plain(body.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(box)) != 1 ||
      (!associated_data.empty() &&
       EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), Bytes(plain), &len, Bytes(body),
                        static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagBytes, tag.data()) != 1) {
    return core::Internal("AES-256-GCM decryption failed in OpenSSL");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), Bytes(plain) + len, &len) != 1) {
    return core::Fail(core::ErrorCode::kPermissionDenied, "authentication failed");
  }
  return plain;
}

}  // namespace leados::privacy
