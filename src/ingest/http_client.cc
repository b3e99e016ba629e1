#include "ingest/http_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <charconv>
#include <mutex>
#include <set>

namespace leados::ingest {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

constexpr std::pair<HttpErrorKind, std::string_view> kKindNames[] = {
    {HttpErrorKind::kTimeout, "timeout"},
    {HttpErrorKind::kDns, "dns"},
    {HttpErrorKind::kRefused, "refused"},
    {HttpErrorKind::kTls, "tls"},
    {HttpErrorKind::kTooLarge, "too_large"},
    {HttpErrorKind::kTruncated, "truncated"},
    {HttpErrorKind::kRedirect, "redirect"},
    {HttpErrorKind::kBlockedPrivate, "blocked_private"},
    {HttpErrorKind::kInvalidUrl, "invalid_url"},
    {HttpErrorKind::kNetwork, "network"},
};

std::string FormatSeconds(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return fmt::format("{} s", ms.count() / 1000);
  return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

// ---- HttpHeaders ----------------------------------------------------------------------------

HttpHeaders::HttpHeaders(std::initializer_list<std::pair<std::string, std::string>> fields)
    : fields_(fields) {}

void HttpHeaders::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::Set(std::string name, std::string value) {
  Remove(name);
  Add(std::move(name), std::move(value));
}

void HttpHeaders::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const auto& f) { return IEquals(f.first, name); });
}

std::optional<std::string> HttpHeaders::Get(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (IEquals(n, name)) return v;
  }
  return std::nullopt;
}

// ---- errors ---------------------------------------------------------------------------------

std::string_view HttpErrorKindName(HttpErrorKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "network";
}

core::Error MakeHttpError(HttpErrorKind kind, std::string_view message) {
  core::ErrorCode code = core::ErrorCode::kUnavailable;
  switch (kind) {
    case HttpErrorKind::kTimeout: code = core::ErrorCode::kDeadlineExceeded; break;
    case HttpErrorKind::kTooLarge: code = core::ErrorCode::kPayloadTooLarge; break;
    case HttpErrorKind::kBlockedPrivate: code = core::ErrorCode::kPermissionDenied; break;
    case HttpErrorKind::kInvalidUrl: code = core::ErrorCode::kInvalidArgument; break;
    case HttpErrorKind::kRedirect: code = core::ErrorCode::kFailedPrecondition; break;
    default: break;
  }
  return core::Error{code, fmt::format("{}: {}", HttpErrorKindName(kind), message)};
}

HttpErrorKind HttpErrorKindOf(const core::Error& error) {
  std::string_view m = error.message;
  auto colon = m.find(": ");
  if (colon == std::string_view::npos) return HttpErrorKind::kNetwork;
  for (const auto& [k, name] : kKindNames) {
    if (m.substr(0, colon) == name) return k;
  }
  return HttpErrorKind::kNetwork;
}

std::string_view HttpErrorDetail(const core::Error& error) {
  std::string_view m = error.message;
  auto colon = m.find(": ");
  if (colon == std::string_view::npos) return m;
  for (const auto& [k, name] : kKindNames) {
    if (m.substr(0, colon) == name) return m.substr(colon + 2);
  }
  return m;
}

// ---- CurlHttpClient -------------------------------------------------------------------------

struct CurlHttpClient::Pool {
  std::mutex mu;
  std::vector<CURL*> idle;  // guarded by mu
};

namespace {

struct Target {
  std::string url;  // normalised text
  std::string scheme;
  std::string host;  // without brackets
  uint16_t port = 0;
};

core::Result<Target> ParseTarget(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    return core::Fail(MakeHttpError(HttpErrorKind::kInvalidUrl,
                                    fmt::format("'{}' is not an absolute URL", text)));
  }
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  Target t;
  t.scheme = std::string(u.scheme());
  if (t.scheme != "http" && t.scheme != "https") {
    return core::Fail(MakeHttpError(
        HttpErrorKind::kInvalidUrl,
        fmt::format("'{}' uses scheme '{}'; only http and https are fetched", text, t.scheme)));
  }
  t.host = std::string(u.encoded_host_address());
  if (t.host.size() >= 2 && t.host.front() == '[') t.host = t.host.substr(1, t.host.size() - 2);
  if (t.host.empty()) {
    return core::Fail(
        MakeHttpError(HttpErrorKind::kInvalidUrl, fmt::format("'{}' has no host", text)));
  }
  if (u.has_port()) {
    if (u.port_number() == 0) {
      return core::Fail(
          MakeHttpError(HttpErrorKind::kInvalidUrl, fmt::format("'{}' has a bad port", text)));
    }
    t.port = u.port_number();
  } else {
    t.port = t.scheme == "https" ? 443 : 80;
  }
  u.remove_fragment();
  t.url = std::string(u.buffer());
  return t;
}

// What one curl transfer collects.
struct Transfer {
  std::size_t max_body = 0;
  bool head = false;
  bool too_large = false;
  bool blocked = false;
  std::string blocked_address;
  HttpHeaders headers;
  std::string body;
  const SsrfGuard* guard = nullptr;
  std::set<std::string> vetted;  // addresses curl may connect to
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    t->headers = HttpHeaders();  // a new response (after 1xx) starts
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view name = Trim(line.substr(0, colon));
  std::string_view value = Trim(line.substr(colon + 1));
  if (!t->head && IEquals(name, "Content-Length")) {
    std::size_t declared = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), declared);
    if (ec == std::errc() && declared > t->max_body) {
      t->too_large = true;  // refuse before downloading anything
      return 0;
    }
  }
  t->headers.Add(std::string(name), std::string(value));
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (t->body.size() + size * n > t->max_body) {
    t->too_large = true;
    return 0;
  }
  t->body.append(data, size * n);
  return size * n;
}

// Socket-level second check: curl may only connect to an address vetted for this hop.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  char buf[INET6_ADDRSTRLEN] = {};
  uint16_t port = 0;
  if (address->family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&address->addr);
    inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
    port = ntohs(sin->sin_port);
  } else if (address->family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
    inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
    port = ntohs(sin6->sin6_port);
  }
  std::string ip(buf);
  if (ip.empty() || !t->vetted.contains(ip) || !t->guard->Allows(ip, port)) {
    t->blocked = true;
    t->blocked_address = ip;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

class SList {
 public:
  ~SList() { curl_slist_free_all(list_); }
  void Append(const std::string& s) { list_ = curl_slist_append(list_, s.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

std::string ResolveEntry(const Target& t, const std::vector<std::string>& addresses) {
  std::string entry = fmt::format("{}:{}:", t.host, t.port);
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) entry += ',';
    if (addresses[i].find(':') != std::string::npos) {
      entry += "[" + addresses[i] + "]";
    } else {
      entry += addresses[i];
    }
  }
  return entry;
}

// `where` names the request as the user sent it ("GET <url>", plus the hop when redirected).
}  // namespace

core::Error CurlFailure(int code, std::string_view where, std::string_view detail) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return MakeHttpError(HttpErrorKind::kTls, fmt::format("{}: TLS failed: {}", where, detail));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return MakeHttpError(HttpErrorKind::kInvalidUrl, fmt::format("{}: {}", where, detail));
    default: return MakeHttpError(HttpErrorKind::kNetwork, fmt::format("{}: {}", where, detail));
  }
}

namespace {

core::Error CurlError(CURLcode rc, const Transfer& tr, CURL* h, const std::string& where,
                      const Target& target, std::chrono::milliseconds timeout, const char* errbuf) {
  if (tr.too_large) {
    return MakeHttpError(HttpErrorKind::kTooLarge,
                         fmt::format("{}: response body exceeds {} bytes", where, tr.max_body));
  }
  if (tr.blocked) {
    return MakeHttpError(HttpErrorKind::kBlockedPrivate,
                         fmt::format("{}: refusing to connect to {} (not vetted by the SSRF guard)",
                                     where, tr.blocked_address));
  }
  std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeHttpError(HttpErrorKind::kTimeout,
                           fmt::format("{} timed out after {}", where, FormatSeconds(timeout)));
    case CURLE_COULDNT_RESOLVE_HOST:
      return MakeHttpError(HttpErrorKind::kDns,
                           fmt::format("{}: could not resolve host {}", where, target.host));
    case CURLE_COULDNT_CONNECT:
      return MakeHttpError(HttpErrorKind::kRefused,
                           fmt::format("{}: could not connect to {}:{} ({})", where, target.host,
                                       target.port, detail));
    case CURLE_PARTIAL_FILE: {
      curl_off_t got = 0, announced = -1;
      curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
      curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
      if (announced >= 0) {
        return MakeHttpError(
            HttpErrorKind::kTruncated,
            fmt::format("{}: the server closed the connection after {} of the {} announced bytes",
                        where, got, announced));
      }
      return MakeHttpError(HttpErrorKind::kTruncated,
                           fmt::format("{}: the body ended early ({})", where, detail));
    }
    case CURLE_BAD_CONTENT_ENCODING:
      return MakeHttpError(
          HttpErrorKind::kTruncated,
          fmt::format("{}: the body does not decode as its Content-Encoding ({})", where, detail));
    default: return CurlFailure(rc, where, detail);
  }
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHttpClient::~CurlHttpClient() {
  for (CURL* h : pool_->idle) curl_easy_cleanup(h);
}

core::Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline = start + request.timeout;
  SsrfGuard guard(options_.ssrf);

  auto first = ParseTarget(request.url);
  if (!first) return core::Fail(first.error());
  Target target = std::move(*first);
  std::string method = request.method.empty() ? "GET" : request.method;
  std::string body = request.body;
  HttpHeaders headers = request.headers;
  std::vector<std::string> visited{target.url};
  int redirects = 0;

  // One easy handle from the pool for the whole exchange (connections stay alive in it).
  CURL* h = nullptr;
  {
    std::lock_guard lock(pool_->mu);
    if (!pool_->idle.empty()) {
      h = pool_->idle.back();
      pool_->idle.pop_back();
    }
  }
  if (h == nullptr) h = curl_easy_init();
  if (h == nullptr) return core::Internal("curl_easy_init failed");
  struct Return {
    CurlHttpClient::Pool* pool;
    CURL* h;
    std::size_t max;
    ~Return() {
      std::lock_guard lock(pool->mu);
      if (pool->idle.size() < max) {
        pool->idle.push_back(h);
      } else {
        curl_easy_cleanup(h);
      }
    }
  } give_back{pool_.get(), h, options_.max_idle_handles};

  while (true) {
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) {
      return core::Fail(MakeHttpError(
          HttpErrorKind::kTimeout, fmt::format("{} {} timed out after {}", method, visited.front(),
                                               FormatSeconds(request.timeout))));
    }
    // Errors name the URL the caller asked for, and the hop when a redirect led elsewhere.
    const std::string where = redirects == 0 ? fmt::format("{} {}", method, target.url)
                                             : fmt::format("{} {} (redirect hop {} to {})", method,
                                                           visited.front(), redirects, target.url);
    auto vetted = guard.Vet(target.host, target.port);
    if (!vetted) {
      HttpErrorKind kind = vetted.error().code == core::ErrorCode::kPermissionDenied
                               ? HttpErrorKind::kBlockedPrivate
                               : HttpErrorKind::kDns;
      return core::Fail(MakeHttpError(kind, fmt::format("{}: {}", where, vetted.error().message)));
    }

    Transfer tr;
    tr.max_body = request.max_body_bytes;
    tr.head = method == "HEAD";
    tr.guard = &guard;
    tr.vetted.insert(vetted->begin(), vetted->end());

    curl_easy_reset(h);
    char errbuf[CURL_ERROR_SIZE] = {};
    // Pin a host name to the vetted addresses (curl does no lookup of its own); an address
    // literal needs no pin.
    SList resolve;
    if (!ClassifyAddress(target.host)) {
      resolve.Append(fmt::format("-{}:{}", target.host, target.port));
      resolve.Append(ResolveEntry(target, *vetted));
    }
    SList header_list;
    for (const auto& [name, value] : headers.fields()) {
      header_list.Append(value.empty() ? name + ";" : name + ": " + value);
    }
    if (!body.empty() && !headers.Has("Expect")) header_list.Append("Expect:");

    curl_easy_setopt(h, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");  // ignore *_proxy environment variables
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<int64_t>(remaining.count(), 10'000)));
    if (resolve.get() != nullptr) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &tr);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &tr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &tr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    }

    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
      return core::Fail(CurlError(rc, tr, h, where, target, request.timeout, errbuf));
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);

    auto location = tr.headers.Get("Location");
    if (request.max_redirects > 0 && IsRedirect(static_cast<int>(status)) && location) {
      if (redirects >= request.max_redirects) {
        return core::Fail(
            MakeHttpError(HttpErrorKind::kRedirect,
                          fmt::format("{} {}: more than {} redirects (last Location: {})", method,
                                      visited.front(), request.max_redirects, *location)));
      }
      auto ref = boost::urls::parse_uri_reference(*location);
      boost::urls::url next;
      auto base = boost::urls::parse_uri(target.url);
      if (!ref || !base || !boost::urls::resolve(*base, *ref, next)) {
        return core::Fail(
            MakeHttpError(HttpErrorKind::kRedirect,
                          fmt::format("{}: invalid Location header '{}'", where, *location)));
      }
      auto next_target = ParseTarget(next.buffer());
      if (!next_target) {
        return core::Fail(MakeHttpError(HttpErrorKind::kRedirect,
                                        fmt::format("{}: cannot follow redirect: {}", where,
                                                    HttpErrorDetail(next_target.error()))));
      }
      if (std::find(visited.begin(), visited.end(), next_target->url) != visited.end()) {
        std::string chain;
        for (const auto& v : visited) chain += v + " -> ";
        chain += next_target->url;
        return core::Fail(
            MakeHttpError(HttpErrorKind::kRedirect, fmt::format("redirect loop: {}", chain)));
      }
      // Credentials do not travel to another origin.
      if (next_target->host != target.host || next_target->port != target.port ||
          next_target->scheme != target.scheme) {
        headers.Remove("Authorization");
        headers.Remove("Cookie");
      }
      if (status == 303 || ((status == 301 || status == 302) && method == "POST")) {
        method = "GET";
        body.clear();
      }
      visited.push_back(next_target->url);
      target = std::move(*next_target);
      ++redirects;
      continue;
    }

    HttpResponse response;
    response.status = static_cast<int>(status);
    response.headers = std::move(tr.headers);
    response.body = std::move(tr.body);
    response.effective_url = target.url;
    response.redirects = redirects;
    response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return response;
  }
}

// ---- FakeHttpClient -------------------------------------------------------------------------

void FakeHttpClient::Enqueue(std::string url, core::Result<HttpResponse> answer) {
  std::lock_guard lock(mu_);
  for (auto& [u, q] : script_) {
    if (u == url) {
      q.push_back(std::move(answer));
      return;
    }
  }
  script_.emplace_back(std::move(url), std::deque<core::Result<HttpResponse>>{std::move(answer)});
}

void FakeHttpClient::EnqueueResponse(std::string url, int status, std::string body,
                                     HttpHeaders headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.effective_url = url;
  Enqueue(std::move(url), std::move(r));
}

void FakeHttpClient::SetHandler(Handler handler) {
  std::lock_guard lock(mu_);
  handler_ = std::move(handler);
}

core::Result<HttpResponse> FakeHttpClient::Send(const HttpRequest& request) {
  Handler handler;
  {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    for (const std::string& key : {request.url, std::string()}) {
      for (auto& [u, q] : script_) {
        if (u != key || q.empty()) continue;
        core::Result<HttpResponse> answer = q.front();
        if (q.size() > 1) q.pop_front();
        if (answer && answer->effective_url.empty()) answer->effective_url = request.url;
        return answer;
      }
    }
    handler = handler_;
  }
  if (handler) return handler(request);
  return core::Fail(MakeHttpError(
      HttpErrorKind::kRefused,
      fmt::format("FakeHttpClient has no answer for {} {}", request.method, request.url)));
}

std::vector<HttpRequest> FakeHttpClient::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

}  // namespace leados::ingest
