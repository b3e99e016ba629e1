#include "http/static_files.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace leados::http {
namespace {

namespace fs = std::filesystem;

void SetIfAbsent(Response& r, std::string_view name, std::string_view value) {
  if (r.Header(name).empty()) r.WithHeader(std::string(name), std::string(value));
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix);
}

// True when some segment of `path` is empty (other than a trailing slash), "." or "..", or the
// path holds a backslash or NUL: none of these names a file we serve.
bool Suspicious(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return true;
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return true;
    if (seg.empty() && end != path.size()) return true;  // "//"
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.ends_with(ext)) return std::string(type);
  }
  return "application/octet-stream";
}

Middleware SecurityHeaders() {
  return [](Request& req, const Handler& next) {
    Response r = next(req);
    SetIfAbsent(r, "Content-Security-Policy", kContentSecurityPolicy);
    SetIfAbsent(r, "X-Content-Type-Options", "nosniff");
    SetIfAbsent(r, "Referrer-Policy", "no-referrer");
    return r;
  };
}

core::Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(StaticFilesOptions options) {
  std::error_code ec;
  if (!fs::is_directory(options.root, ec)) {
    return core::InvalidArgument("static files: " + options.root.string() + " is not a folder");
  }
  if (!fs::is_regular_file(options.root / "index.html", ec)) {
    return core::InvalidArgument("static files: " + options.root.string() +
                                 " has no index.html (build the portal: make build)");
  }
  std::unique_ptr<StaticFiles> out(new StaticFiles(options));
  const fs::path root = options.root;
  for (auto it = fs::recursive_directory_iterator(
           root, fs::directory_options::follow_directory_symlink, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const size_t size = static_cast<size_t>(it->file_size(ec));
    out->total_bytes_ += size;
    if (out->total_bytes_ > options.max_total_bytes) {
      return core::InvalidArgument("static files: " + root.string() + " holds more than " +
                                   std::to_string(options.max_total_bytes) +
                                   " bytes; point it at the portal's built folder (web/dist)");
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) {
      return core::Fail(core::ErrorCode::kUnavailable,
                        "static files: cannot read " + it->path().string());
    }
    const std::string rel = "/" + it->path().lexically_relative(root).generic_string();
    out->files_[rel] = File{body.str(), ContentTypeFor(rel)};
  }
  if (ec) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "static files: cannot list " + root.string() + ": " + ec.message());
  }
  return out;
}

Response StaticFiles::Answer(const File& file, bool immutable) const {
  Response r = Response::Text(200, file.body, file.content_type);
  r.WithHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

std::optional<Response> StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  const std::string_view path = req.path;
  if (path.empty() || path[0] != '/') return std::nullopt;
  for (const auto& prefix : options_.api_prefixes) {
    if (StartsWith(path, prefix) || path == std::string_view(prefix).substr(0, prefix.size() - 1)) {
      return std::nullopt;
    }
  }
  if (Suspicious(path)) {
    return Response::Error(
        core::Error{core::ErrorCode::kInvalidArgument,
                    "the path must not contain '.', '..' or empty segments or backslashes"});
  }
  const bool hashed = StartsWith(path, options_.hashed_prefix);
  const std::string key = path == "/" ? "/index.html" : std::string(path);
  if (auto it = files_.find(key); it != files_.end()) return Answer(it->second, hashed);
  const std::string_view last = path.substr(path.rfind('/') + 1);
  if (hashed || last.find('.') != std::string_view::npos) return std::nullopt;
  return Answer(files_.at("/index.html"), false);
}

Middleware StaticFiles::Fallback() const {
  return [this](Request& req, const Handler& next) {
    Response r = next(req);
    if (req.operation != nullptr || r.status != 404) return r;
    if (auto file = Serve(req)) return std::move(*file);
    return r;
  };
}

}  // namespace leados::http
