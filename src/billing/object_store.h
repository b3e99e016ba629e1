#pragma once
// ObjectStore: where billing documents (invoice and statement PDFs) are kept. One interface, three
// implementations: FolderObjectStore (the default: files under one folder), S3ObjectStore
// (object_store_s3.h: any S3-compatible service, SigV4-signed over libcurl) and MemoryObjectStore
// (a fake for unit tests). Thread-safe implementations.
//
// Keys are relative paths such as "invoices/2026/LO-2026-000001.pdf": segments of
// A-Z a-z 0-9 . _ - separated by single '/'; no leading '/', no empty, "." or ".." segment, at
// most 512 characters. ValidateObjectKey refuses anything else, so a key can never leave the
// folder (or the bucket prefix) it is meant for.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::billing {

// Ok for a key of the shape above; kInvalidArgument saying why otherwise ("object key must be
// relative …", "… may not contain '..'").
core::Status ValidateObjectKey(std::string_view key);

struct StoredObject {
  std::string bytes;
  std::string content_type;  // as given to Put ("" when the store does not keep it)
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // Stores `bytes` under `key`, replacing any object there; readers see the old or the new object,
  // never a part. Errors: kInvalidArgument (bad key), kUnavailable / kDeadlineExceeded (the store
  // cannot be reached), kFailedPrecondition (misconfigured: bucket missing, credentials refused).
  virtual core::Status Put(std::string_view key, std::string_view bytes,
                           std::string_view content_type) = 0;
  // The object under `key`. kNotFound "no object 'key'" when there is none; other errors as Put.
  virtual core::Result<StoredObject> Get(std::string_view key) = 0;
  // Whether an object is stored under `key`.
  virtual core::Result<bool> Exists(std::string_view key) = 0;
  // Removes the object; Ok when there was none (idempotent).
  virtual core::Status Delete(std::string_view key) = 0;
  // "folder:/var/lib/leados/objects", "s3:http://host/bucket" — for logs and `leados config`;
  // never holds a secret.
  virtual std::string Describe() const = 0;
};

// Files under `root` (created on first Put, mode 0700 folders). Put writes a temporary file in the
// target folder, fsyncs it and rename()s it into place, so a crash leaves the old object or the
// new one. The content type is not kept (Get returns "application/pdf" for ".pdf" keys,
// "application/octet-stream" otherwise).
class FolderObjectStore final : public ObjectStore {
 public:
  explicit FolderObjectStore(std::filesystem::path root);
  core::Status Put(std::string_view key, std::string_view bytes,
                   std::string_view content_type) override;
  core::Result<StoredObject> Get(std::string_view key) override;
  core::Result<bool> Exists(std::string_view key) override;
  core::Status Delete(std::string_view key) override;
  std::string Describe() const override;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// In memory, for unit tests; `fail_puts` makes every Put fail with kUnavailable (to test that a
// failed upload leaves no half-issued invoice).
class MemoryObjectStore final : public ObjectStore {
 public:
  core::Status Put(std::string_view key, std::string_view bytes,
                   std::string_view content_type) override;
  core::Result<StoredObject> Get(std::string_view key) override;
  core::Result<bool> Exists(std::string_view key) override;
  core::Status Delete(std::string_view key) override;
  std::string Describe() const override { return "memory:"; }

  void set_fail_puts(bool fail);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, StoredObject, std::less<>> objects_;  // guarded by mu_
  bool fail_puts_ = false;                                    // guarded by mu_
};

}  // namespace leados::billing
