#include "privacy/aws_sigv4.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <ctime>
#include <map>
#include <optional>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::privacy {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses runs of spaces, as SigV4's canonical header values require.
std::string CanonicalHeaderValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      auto hex = core::HexDecode(s.substr(i + 1, 2));
      if (hex) {
        out += *hex;
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Removes "." and ".." segments and empty segments (RFC 3986 5.2.4 plus AWS's collapsing of
// "//"), keeping a trailing slash.
std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos, end - pos);
    pos = end + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(seg);
  }
  std::string out;
  for (std::string_view seg : segments) {
    out += '/';
    out += seg;
  }
  bool trailing =
      !path.empty() && (path.back() == '/' || path.ends_with("/.") || path.ends_with("/.."));
  if (out.empty() || (trailing && !segments.empty())) out += '/';
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    pos = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    params.emplace_back(AwsUriEncode(PercentDecode(name), false),
                        AwsUriEncode(PercentDecode(value), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

}  // namespace

core::Result<AwsCredentials> AwsCredentialsFromEnvironment(
    const std::map<std::string, std::string>& env) {
  auto get = [&](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  AwsCredentials creds;
  for (auto [name, field] :
       {std::pair{std::string("AWS_ACCESS_KEY_ID"), &creds.access_key_id},
        std::pair{std::string("AWS_SECRET_ACCESS_KEY"), &creds.secret_access_key}}) {
    auto v = get(name);
    if (!v) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        fmt::format("the environment variable {} is not set: AWS credentials are "
                                    "needed to read the master key from Secrets Manager",
                                    name));
    }
    *field = *v;
  }
  creds.session_token = get("AWS_SESSION_TOKEN").value_or("");
  return creds;
}

std::string AmzDate(core::TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string AwsUriEncode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

core::Result<SigV4Signature> SignV4(const SigV4Request& request, const AwsCredentials& credentials,
                                    const SigV4Scope& scope, const SigV4Options& options) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return core::InvalidArgument("AWS credentials are missing: set an access key id and secret");
  }
  if (scope.region.empty() || scope.service.empty()) {
    return core::InvalidArgument("SigV4 needs a region and a service name");
  }
  auto parsed = boost::urls::parse_uri(request.url);
  if (!parsed) {
    return core::InvalidArgument(fmt::format("cannot sign: '{}' is not a URL", request.url));
  }
  const boost::urls::url_view& url = *parsed;
  std::string host(url.encoded_host());
  if (url.has_port()) host += ":" + std::string(url.port());

  const std::string amz_date = AmzDate(scope.time);
  const std::string date = amz_date.substr(0, 8);

  SigV4Signature sig;
  // Lowercased name -> values in order; std::map sorts the names.
  std::map<std::string, std::vector<std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    headers[Lower(name)].push_back(CanonicalHeaderValue(value));
  }
  auto add = [&](const std::string& name, const std::string& value) {
    if (headers.contains(name)) return;
    headers[name].push_back(value);
    sig.headers_to_add.emplace_back(name, value);
  };
  add("host", host);
  add("x-amz-date", amz_date);
  if (!credentials.session_token.empty()) add("x-amz-security-token", credentials.session_token);
  if (options.s3) add("x-amz-content-sha256", request.payload_sha256_hex);

  std::string canonical_headers;
  std::string signed_headers;
  for (const auto& [name, values] : headers) {
    canonical_headers += name + ":";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) canonical_headers += ',';
      canonical_headers += values[i];
    }
    canonical_headers += '\n';
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }

  std::string path(url.encoded_path());
  if (path.empty()) path = "/";
  // Non-S3 services: normalise, then encode the wire form once more (AWS's "encode twice").
  // S3: the path as sent, re-encoded from its decoded form so that it is encoded exactly once.
  std::string canonical_uri = options.s3 ? AwsUriEncode(PercentDecode(path), true)
                                         : AwsUriEncode(NormalizePath(path), true);

  sig.canonical_request = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method, canonical_uri,
                                      CanonicalQuery(url.encoded_query()), canonical_headers,
                                      signed_headers, request.payload_sha256_hex);
  const std::string credential_scope =
      fmt::format("{}/{}/{}/aws4_request", date, scope.region, scope.service);
  sig.string_to_sign = fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, credential_scope,
                                   core::Sha256Hex(sig.canonical_request));
  std::string k = core::HmacSha256("AWS4" + credentials.secret_access_key, date);
  k = core::HmacSha256(k, scope.region);
  k = core::HmacSha256(k, scope.service);
  k = core::HmacSha256(k, "aws4_request");
  sig.signature = core::HexEncode(core::HmacSha256(k, sig.string_to_sign));
  sig.authorization =
      fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                  credentials.access_key_id, credential_scope, signed_headers, sig.signature);
  sig.headers_to_add.emplace_back("Authorization", sig.authorization);
  return sig;
}

}  // namespace leados::privacy
