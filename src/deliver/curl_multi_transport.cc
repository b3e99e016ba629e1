#include "deliver/curl_multi_transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <deque>
#include <mutex>
#include <set>
#include <unordered_map>

namespace leados::deliver {
namespace {

using ingest::HttpErrorKind;
using ingest::MakeHttpError;

// "15 s", "0.3 s": how a timeout reads in an error message.
std::string FormatSeconds(std::chrono::milliseconds ms) {
  return fmt::format("{:g} s", static_cast<double>(ms.count()) / 1000.0);
}

class SList {
 public:
  SList() = default;
  SList(const SList&) = delete;
  SList& operator=(const SList&) = delete;
  ~SList() { curl_slist_free_all(list_); }
  void Append(const std::string& s) { list_ = curl_slist_append(list_, s.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace

// One request on the wire. Owned by Impl::active until it finishes.
struct Transfer {
  WebhookRequest request;  // keeps the body alive: curl reads it in place
  WebhookTransport::Done done;
  std::string host;  // without brackets
  uint16_t port = 0;
  std::set<std::string> vetted;  // the only addresses the socket callback accepts
  SList headers;
  SList resolve;
  char errbuf[CURL_ERROR_SIZE] = {};
  // What arrived.
  ingest::HttpHeaders response_headers;
  std::string excerpt;
  std::size_t received = 0;
  std::size_t max_response = 0;
  bool cut = false;  // body larger than max_response: the transfer was ended on purpose
  bool blocked = false;
  std::string blocked_address;
  std::chrono::steady_clock::time_point started;
};

namespace {

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) {
    t->response_headers = ingest::HttpHeaders();  // a new response (after 1xx) starts
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name(line.substr(0, colon));
  boost::algorithm::trim(name);
  // Only what the dispatcher reads; the rest may be large and is not kept.
  if (boost::algorithm::iequals(name, "Retry-After")) {
    std::string value(line.substr(colon + 1));
    boost::algorithm::trim(value);  // also drops the CRLF
    t->response_headers.Add(std::move(name), std::move(value));
  }
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  if (t->excerpt.size() < kKeptResponseBytes) {
    t->excerpt.append(data, std::min(len, kKeptResponseBytes - t->excerpt.size()));
  }
  t->received += len;
  if (t->received > t->max_response) {
    t->cut = true;
    return 0;  // ends the transfer; the connection is closed, not reused
  }
  return len;
}

// Socket-level check: curl may only connect to an address vetted for this request.
curl_socket_t OnOpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  char buf[INET6_ADDRSTRLEN] = {};
  if (address->family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&address->addr);
    inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
  } else if (address->family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
    inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
  }
  std::string ip(buf);
  if (ip.empty() || !t->vetted.contains(ip)) {
    t->blocked = true;
    t->blocked_address = ip;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::string ResolveEntry(const Transfer& t) {
  std::string entry = fmt::format("{}:{}:", t.host, t.port);
  bool first = true;
  for (const auto& a : t.request.addresses) {
    if (!first) entry += ',';
    first = false;
    entry += a.find(':') != std::string::npos ? "[" + a + "]" : a;
  }
  return entry;
}

core::Error TransferError(CURLcode rc, const Transfer& t) {
  const std::string where = "POST " + t.request.url;
  if (t.blocked) {
    return MakeHttpError(HttpErrorKind::kBlockedPrivate,
                         fmt::format("{}: refusing to connect to {} (not vetted by the SSRF guard)",
                                     where, t.blocked_address));
  }
  std::string detail = t.errbuf[0] != '\0' ? std::string(t.errbuf) : curl_easy_strerror(rc);
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeHttpError(HttpErrorKind::kTimeout, fmt::format("{} timed out after {}", where,
                                                                FormatSeconds(t.request.timeout)));
    case CURLE_COULDNT_RESOLVE_HOST:
      return MakeHttpError(HttpErrorKind::kDns,
                           fmt::format("{}: could not resolve host {}", where, t.host));
    case CURLE_COULDNT_CONNECT:
      return MakeHttpError(
          HttpErrorKind::kRefused,
          fmt::format("{}: could not connect to {}:{} ({})", where, t.host, t.port, detail));
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return MakeHttpError(HttpErrorKind::kTruncated,
                           fmt::format("{}: the connection ended early ({})", where, detail));
    default: return ingest::CurlFailure(rc, where, detail);
  }
}

}  // namespace

struct CurlMultiTransport::Impl {
  CurlMultiTransportOptions options;
  CURLM* multi = nullptr;
  std::vector<CURL*> idle;                                      // handles ready for reuse
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;  // on the wire
  // Requests refused before reaching curl; reported by the next Poll.
  std::deque<std::pair<WebhookTransport::Done, core::Error>> refused;

  CURL* Handle() {
    if (!idle.empty()) {
      CURL* h = idle.back();
      idle.pop_back();
      curl_easy_reset(h);  // options only: the connection cache belongs to the multi handle
      return h;
    }
    return curl_easy_init();
  }

  void Release(CURL* h) {
    if (idle.size() < options.max_idle_handles) {
      idle.push_back(h);
    } else {
      curl_easy_cleanup(h);
    }
  }
};

CurlMultiTransport::CurlMultiTransport(CurlMultiTransportOptions options)
    : impl_(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->options = std::move(options);
  impl_->multi = curl_multi_init();
  curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(impl_->options.max_connections));
}

CurlMultiTransport::~CurlMultiTransport() {
  CancelAll();
  for (CURL* h : impl_->idle) curl_easy_cleanup(h);
  curl_multi_cleanup(impl_->multi);
}

void CurlMultiTransport::Start(WebhookRequest request, Done done) {
  auto t = std::make_unique<Transfer>();
  t->started = std::chrono::steady_clock::now();
  auto parsed = boost::urls::parse_uri(request.url);
  const std::string scheme = parsed ? std::string(parsed->scheme()) : "";
  if (!parsed || (scheme != "http" && scheme != "https") || parsed->encoded_host().empty()) {
    impl_->refused.emplace_back(
        std::move(done), MakeHttpError(HttpErrorKind::kInvalidUrl,
                                       fmt::format("'{}' is not an http(s) URL", request.url)));
    return;
  }
  t->host = std::string(parsed->encoded_host_address());
  if (t->host.size() >= 2 && t->host.front() == '[')
    t->host = t->host.substr(1, t->host.size() - 2);
  t->port = parsed->has_port() ? parsed->port_number() : (scheme == "https" ? 443 : 80);
  if (request.addresses.empty()) {
    impl_->refused.emplace_back(
        std::move(done),
        MakeHttpError(HttpErrorKind::kBlockedPrivate,
                      fmt::format("POST {}: no address vetted by the SSRF guard", request.url)));
    return;
  }
  CURL* h = impl_->Handle();
  if (h == nullptr) {
    impl_->refused.emplace_back(std::move(done),
                                MakeHttpError(HttpErrorKind::kNetwork, "curl_easy_init failed"));
    return;
  }
  t->request = std::move(request);
  t->done = std::move(done);
  t->max_response = impl_->options.max_response_bytes;
  t->vetted.insert(t->request.addresses.begin(), t->request.addresses.end());
  // Pin the name to the vetted addresses (curl does no lookup of its own); a literal needs none.
  if (!ingest::ClassifyAddress(t->host)) {
    t->resolve.Append(fmt::format("-{}:{}", t->host, t->port));
    t->resolve.Append(ResolveEntry(*t));
  }
  for (const auto& [name, value] : t->request.headers.fields()) {
    t->headers.Append(value.empty() ? name + ";" : name + ": " + value);
  }
  t->headers.Append("Expect:");  // no 100-continue round trip
  const long timeout_ms = static_cast<long>(std::max<int64_t>(1, t->request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_URL, t->request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // ignore *_proxy environment variables
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min(timeout_ms, static_cast<long>(impl_->options.connect_timeout.count())));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  if (t->resolve.get() != nullptr) curl_easy_setopt(h, CURLOPT_RESOLVE, t->resolve.get());
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, t.get());
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, t->headers.get());
  if (!impl_->options.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, impl_->options.ca_file.c_str());
  }
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->request.body.size()));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, t->request.body.c_str());
  if (CURLMcode mc = curl_multi_add_handle(impl_->multi, h); mc != CURLM_OK) {
    impl_->Release(h);
    impl_->refused.emplace_back(
        std::move(t->done),
        MakeHttpError(HttpErrorKind::kNetwork,
                      fmt::format("POST {}: {}", t->request.url, curl_multi_strerror(mc))));
    return;
  }
  impl_->active.emplace(h, std::move(t));
}

std::size_t CurlMultiTransport::Poll(std::chrono::milliseconds wait) {
  std::size_t finished = 0;
  while (!impl_->refused.empty()) {
    auto [done, error] = std::move(impl_->refused.front());
    impl_->refused.pop_front();
    done(core::Fail(std::move(error)));
    ++finished;
  }
  auto collect = [&] {
    int running = 0;
    curl_multi_perform(impl_->multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      const CURLcode rc = msg->data.result;
      curl_multi_remove_handle(impl_->multi, h);
      auto it = impl_->active.find(h);
      if (it == impl_->active.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      impl_->active.erase(it);
      long status = 0;
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      impl_->Release(h);
      core::Result<ingest::HttpResponse> result;
      // A body cut on purpose still carries the status that arrived before it.
      if (rc == CURLE_OK || (t->cut && rc == CURLE_WRITE_ERROR && status > 0)) {
        ingest::HttpResponse r;
        r.status = static_cast<int>(status);
        r.headers = std::move(t->response_headers);
        r.body = std::move(t->excerpt);
        r.effective_url = t->request.url;
        r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - t->started);
        result = std::move(r);
      } else {
        result = core::Fail(TransferError(rc, *t));
      }
      t->done(std::move(result));
      ++finished;
    }
  };
  collect();
  if (finished == 0 && wait.count() > 0) {
    curl_multi_poll(impl_->multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
    collect();
  }
  return finished;
}

std::size_t CurlMultiTransport::in_flight() const {
  return impl_->active.size() + impl_->refused.size();
}

void CurlMultiTransport::CancelAll() {
  for (auto& [h, t] : impl_->active) {
    curl_multi_remove_handle(impl_->multi, h);
    curl_easy_cleanup(h);  // its connection may be mid-request: never reuse it
  }
  impl_->active.clear();
  impl_->refused.clear();
}

void CurlMultiTransport::Wakeup() {
  curl_multi_wakeup(impl_->multi);
}

}  // namespace leados::deliver
