// Object keys, the folder store and the in-memory fake (see object_store.h).
#include "billing/object_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::billing {
namespace {

namespace fs = std::filesystem;

bool KeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '/';
}

std::string ContentTypeFor(std::string_view key) {
  return key.ends_with(".pdf") ? "application/pdf" : "application/octet-stream";
}

core::Error IoError(std::string_view what, const fs::path& path, int err) {
  return core::Error{
      core::ErrorCode::kUnavailable,
      fmt::format("object store: cannot {} {}: {}", what, path.string(), std::strerror(err))};
}

}  // namespace

core::Status ValidateObjectKey(std::string_view key) {
  if (key.empty()) return core::InvalidArgument("object key must not be empty");
  if (key.size() > 512) return core::InvalidArgument("object key must be at most 512 characters");
  if (key.front() == '/') {
    return core::InvalidArgument(
        fmt::format("object key must be relative (no leading '/'): '{}'", key));
  }
  for (char c : key) {
    if (!KeyChar(c)) {
      return core::InvalidArgument(fmt::format(
          "object key '{}' may contain only letters, digits, '.', '_', '-' and '/'", key));
    }
  }
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(start, end - start);
    if (segment.empty()) {
      return core::InvalidArgument(fmt::format("object key '{}' has an empty segment", key));
    }
    if (segment == "." || segment == "..") {
      return core::InvalidArgument(
          fmt::format("object key '{}' may not contain '.' or '..' segments", key));
    }
    start = end + 1;
  }
  return core::Ok();
}

FolderObjectStore::FolderObjectStore(fs::path root) : root_(std::move(root)) {}

core::Status FolderObjectStore::Put(std::string_view key, std::string_view bytes,
                                    std::string_view) {
  if (auto st = ValidateObjectKey(key); !st) return st;
  const fs::path target = root_ / fs::path(std::string(key));
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return core::Fail(IoError("create the folder", target.parent_path(), ec.value()));
  // A unique temporary name in the same folder, so rename() is atomic (same file system).
  const fs::path temp = target.parent_path() / fmt::format(".{}.{}.tmp", target.filename().string(),
                                                           core::HexEncode(core::RandomBytes(8)));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return core::Fail(IoError("create", temp, errno));
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return core::Fail(IoError("write", temp, err));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return core::Fail(IoError("fsync", temp, err));
  }
  ::close(fd);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return core::Fail(IoError("rename into", target, err));
  }
  // The rename is durable once the folder's entry is on disk.
  int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return core::Ok();
}

core::Result<StoredObject> FolderObjectStore::Get(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return core::Fail(st.error());
  const fs::path path = root_ / fs::path(std::string(key));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || !fs::exists(path)) {
      return core::NotFound(fmt::format("no object '{}'", key));
    }
    return core::Fail(IoError("read", path, errno));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return StoredObject{out.str(), ContentTypeFor(key)};
}

core::Result<bool> FolderObjectStore::Exists(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return core::Fail(st.error());
  std::error_code ec;
  bool exists = fs::is_regular_file(root_ / fs::path(std::string(key)), ec);
  return exists;
}

core::Status FolderObjectStore::Delete(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return st;
  const fs::path path = root_ / fs::path(std::string(key));
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return core::Fail(IoError("delete", path, errno));
  }
  return core::Ok();
}

std::string FolderObjectStore::Describe() const {
  return "folder:" + root_.string();
}

core::Status MemoryObjectStore::Put(std::string_view key, std::string_view bytes,
                                    std::string_view content_type) {
  if (auto st = ValidateObjectKey(key); !st) return st;
  std::lock_guard lock(mu_);
  if (fail_puts_) return core::Unavailable("object store: memory store set to fail");
  objects_[std::string(key)] = StoredObject{std::string(bytes), std::string(content_type)};
  return core::Ok();
}

core::Result<StoredObject> MemoryObjectStore::Get(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return core::NotFound(fmt::format("no object '{}'", key));
  return it->second;
}

core::Result<bool> MemoryObjectStore::Exists(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  return objects_.contains(key);
}

core::Status MemoryObjectStore::Delete(std::string_view key) {
  if (auto st = ValidateObjectKey(key); !st) return st;
  std::lock_guard lock(mu_);
  if (auto it = objects_.find(key); it != objects_.end()) objects_.erase(it);
  return core::Ok();
}

void MemoryObjectStore::set_fail_puts(bool fail) {
  std::lock_guard lock(mu_);
  fail_puts_ = fail;
}

size_t MemoryObjectStore::size() const {
  std::lock_guard lock(mu_);
  return objects_.size();
}

}  // namespace leados::billing
