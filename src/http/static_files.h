#pragma once
// StaticFiles: serves a built single-page application (the portal's web/dist) from memory, with
// SPA fallback to index.html, long cache lifetimes for hashed assets, and SecurityHeaders: the
// strict Content-Security-Policy and companions every response of `leados serve` carries.
//
// The files are read once, at Load, so a request never touches the file system (no traversal is
// possible by construction; paths with `.`/`..` segments are refused anyway). Rebuilding the
// portal therefore needs a restart of the server. Thread-safe after Load (read-only).

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace leados::http {

// The Content-Security-Policy of every response: only same-origin scripts, styles, fonts and
// fetches, images also from data: URLs, no frames, no plugins, no <base>, forms post only here.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

// A middleware that adds Content-Security-Policy (kContentSecurityPolicy),
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer to every response that does not
// already set them. Register it first (outermost) so it also covers answers made by other
// middleware (401, the admin allow-list's 404).
Middleware SecurityHeaders();

struct StaticFilesOptions {
  // The folder of the built files (index.html at its top).
  std::filesystem::path root;
  // Paths under these prefixes are the API's: never answered with a file or the fallback, so an
  // unknown API path stays a JSON 404.
  std::vector<std::string> api_prefixes = {"/v1/", "/admin/api/"};
  // Files under this prefix have content hashes in their names (Vite's `assets/`): they are
  // cached for a year (`immutable`), and a missing one is a 404, never the HTML fallback.
  std::string hashed_prefix = "/assets/";
  // Load refuses a folder holding more than this (a misconfigured root such as `/`).
  size_t max_total_bytes = 64u << 20;
};

class StaticFiles {
 public:
  // Reads every regular file under options.root (hidden files and folders are skipped; symlinks
  // are followed). Errors: kInvalidArgument when root is not a folder, has no index.html, or holds
  // more than max_total_bytes; kUnavailable when a file cannot be read.
  static core::Result<std::unique_ptr<StaticFiles>> Load(StaticFilesOptions options);

  // The answer for `req`, or nullopt when the request is not for a static file (not GET/HEAD, an
  // API path, or a missing file that must stay 404: under hashed_prefix or with a file extension
  // in its last segment). Otherwise: the file (200, its Content-Type, Cache-Control immutable for
  // hashed assets and no-cache for the rest); for other paths index.html (the SPA route); a path
  // with an empty, `.` or `..` segment or a backslash: 400 invalid_argument.
  std::optional<Response> Serve(const Request& req) const;

  // A middleware that answers unmatched requests (the router's 404) with Serve when it has an
  // answer; everything else passes through. `this` must outlive the router.
  Middleware Fallback() const;

  // How many files were loaded, and their total size (for the start-up log).
  size_t file_count() const { return files_.size(); }
  size_t total_bytes() const { return total_bytes_; }

 private:
  struct File {
    std::string body;
    std::string content_type;
  };
  explicit StaticFiles(StaticFilesOptions options) : options_(std::move(options)) {}
  Response Answer(const File& file, bool immutable) const;

  StaticFilesOptions options_;
  std::map<std::string, File, std::less<>> files_;  // "/index.html" → file
  size_t total_bytes_ = 0;
};

// The Content-Type for a file name by its extension (text types with charset=utf-8);
// application/octet-stream when unknown.
std::string ContentTypeFor(std::string_view file_name);

}  // namespace leados::http
