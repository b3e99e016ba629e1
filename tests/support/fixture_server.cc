#include "fixture_server.h"

#include <zlib.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace leados::test_support {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string Head(int status, const Fields& headers, const Fields& extra) {
  std::string out =
      "HTTP/1.1 " + std::to_string(status) + " " + std::string(Reason(status)) + "\r\n";
  for (const auto& [n, v] : headers) out += n + ": " + v + "\r\n";
  for (const auto& [n, v] : extra) out += n + ": " + v + "\r\n";
  out += "\r\n";
  return out;
}

}  // namespace

std::string GzipCompress(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    std::abort();
  }
  std::string out(deflateBound(&zs, bytes.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  if (rc != Z_STREAM_END) std::abort();
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return "";
}

struct FixtureServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  uint16_t port = 0;

  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::map<std::string, std::pair<std::vector<FixtureResponse>, size_t>> routes;  // guarded by mu
  std::vector<RecordedRequest> log;                                               // guarded by mu
  size_t connections = 0;                                                         // guarded by mu

  FixtureResponse Pick(const std::string& target) {
    std::lock_guard lock(mu);
    auto it = routes.find(target);
    if (it == routes.end() || it->second.first.empty()) {
      FixtureResponse nf;
      nf.status = 404;
      nf.headers = {{"Content-Type", "text/plain"}};
      nf.body = "no route for " + target;
      return nf;
    }
    auto& [script, next] = it->second;
    FixtureResponse r = script[std::min(next, script.size() - 1)];
    if (next < script.size()) ++next;
    return r;
  }

  void Record(RecordedRequest req) {
    {
      std::lock_guard lock(mu);
      log.push_back(std::move(req));
    }
    cv.notify_all();
  }

  // Writes one response; returns whether the connection may carry another request.
  asio::awaitable<bool> Respond(tcp::socket& sock, const RecordedRequest& req, FixtureResponse r) {
    if (r.delay.count() > 0) {
      asio::steady_timer t(io, r.delay);
      co_await t.async_wait(kTuple);
    }
    const bool head_only = req.method == "HEAD";
    bool keep = !IEquals(req.Header("Connection"), "close");
    Fields validators;
    if (!r.etag.empty()) validators.emplace_back("ETag", r.etag);
    if (!r.last_modified.empty()) validators.emplace_back("Last-Modified", r.last_modified);
    // RFC 9110 13.2.2: If-None-Match, when present, decides alone.
    const std::string inm = req.Header("If-None-Match");
    const bool not_modified = !inm.empty() ? (!r.etag.empty() && inm == r.etag)
                                           : (!r.last_modified.empty() &&
                                              req.Header("If-Modified-Since") == r.last_modified);
    if (not_modified) {
      std::string out = Head(304, validators, {});
      auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), kTuple);
      co_return !ec && keep;
    }

    switch (r.mode) {
      case FixtureResponse::Mode::kNormal:
      case FixtureResponse::Mode::kGzip: {
        std::string body = r.body;
        Fields extra = validators;
        if (r.mode == FixtureResponse::Mode::kGzip) {
          body = GzipCompress(body);
          extra.emplace_back("Content-Encoding", "gzip");
        }
        extra.emplace_back("Content-Length", std::to_string(body.size()));
        std::string out = Head(r.status, r.headers, extra);
        if (!head_only) out += body;
        auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), kTuple);
        co_return !ec && keep;
      }
      case FixtureResponse::Mode::kTruncated: {
        std::string out =
            Head(r.status, r.headers, {{"Content-Length", std::to_string(r.declared_length)}});
        out += r.body;
        co_await asio::async_write(sock, asio::buffer(out), kTuple);
        co_return false;
      }
      case FixtureResponse::Mode::kStall: {
        uint64_t declared = r.declared_length > 0 ? r.declared_length : r.body.size() + 1000;
        std::string out = Head(r.status, r.headers, {{"Content-Length", std::to_string(declared)}});
        out += r.body;
        auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), kTuple);
        if (ec) co_return false;
        asio::steady_timer t(io, r.stall);
        co_await t.async_wait(kTuple);
        co_return false;
      }
      case FixtureResponse::Mode::kHuge: {
        Fields extra;
        if (r.chunked) {
          extra.emplace_back("Transfer-Encoding", "chunked");
        } else {
          extra.emplace_back("Content-Length", std::to_string(r.huge_bytes));
        }
        std::string out = Head(r.status, r.headers, extra);
        auto [ec, n] = co_await asio::async_write(sock, asio::buffer(out), kTuple);
        if (ec || head_only) co_return false;
        const std::string block(64 * 1024, 'x');
        uint64_t left = r.huge_bytes;
        while (left > 0) {
          size_t len = static_cast<size_t>(std::min<uint64_t>(left, block.size()));
          std::string piece;
          if (r.chunked) {
            char hex[32];
            std::snprintf(hex, sizeof hex, "%zx\r\n", len);
            piece = hex + block.substr(0, len) + "\r\n";
          } else {
            piece = block.substr(0, len);
          }
          auto [wec, wn] = co_await asio::async_write(sock, asio::buffer(piece), kTuple);
          if (wec) co_return false;  // the client gave up, as it should
          left -= len;
        }
        if (r.chunked) {
          co_await asio::async_write(sock, asio::buffer(std::string("0\r\n\r\n")), kTuple);
        }
        co_return false;
      }
    }
    co_return false;
  }

  asio::awaitable<void> Session(tcp::socket sock) {
    std::string buf;
    while (true) {
      auto [ec, n] =
          co_await asio::async_read_until(sock, asio::dynamic_buffer(buf), "\r\n\r\n", kTuple);
      if (ec) break;
      std::string head = buf.substr(0, n);
      buf.erase(0, n);
      RecordedRequest req;
      std::istringstream lines(head);
      std::string line;
      std::getline(lines, line);
      {
        std::istringstream first(line);
        first >> req.method >> req.target;
      }
      size_t content_length = 0;
      while (std::getline(lines, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name(Trim(std::string_view(line).substr(0, colon)));
        std::string value(Trim(std::string_view(line).substr(colon + 1)));
        if (IEquals(name, "Content-Length")) {
          std::from_chars(value.data(), value.data() + value.size(), content_length);
        }
        req.headers.emplace_back(std::move(name), std::move(value));
      }
      while (buf.size() < content_length) {
        auto [rec, rn] = co_await asio::async_read(sock, asio::dynamic_buffer(buf),
                                                   asio::transfer_at_least(1), kTuple);
        if (rec) co_return;
      }
      req.body = buf.substr(0, content_length);
      buf.erase(0, content_length);
      FixtureResponse response = Pick(req.target);
      RecordedRequest copy = req;
      Record(std::move(copy));
      bool keep = co_await Respond(sock, req, std::move(response));
      if (!keep) break;
    }
    boost::system::error_code ignored;
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
  }

  asio::awaitable<void> Listen() {
    while (true) {
      auto [ec, sock] = co_await acceptor.async_accept(kTuple);
      if (ec) co_return;
      {
        std::lock_guard lock(mu);
        ++connections;
      }
      asio::co_spawn(io, Session(std::move(sock)), asio::detached);
    }
  }
};

FixtureServer::FixtureServer() : impl_(std::make_unique<Impl>()) {
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "FixtureServer: cannot listen on 127.0.0.1: %s\n", ec.message().c_str());
    std::abort();
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->Listen(), asio::detached);
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

FixtureServer::~FixtureServer() {
  // Stopping the loop abandons every pending accept, read, write and timer; their coroutine
  // frames (and sockets) are destroyed with the io_context.
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

uint16_t FixtureServer::port() const {
  return impl_->port;
}

std::string FixtureServer::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

std::string FixtureServer::Url(std::string_view path) const {
  return BaseUrl() + std::string(path);
}

void FixtureServer::Route(std::string target, std::vector<FixtureResponse> script) {
  std::lock_guard lock(impl_->mu);
  impl_->routes[std::move(target)] = {std::move(script), 0};
}

void FixtureServer::ServeBytes(std::string target, std::string bytes, std::string content_type,
                               int status) {
  FixtureResponse r;
  r.status = status;
  r.headers = {{"Content-Type", std::move(content_type)}};
  r.body = std::move(bytes);
  Route(std::move(target), std::move(r));
}

bool FixtureServer::ServeFile(std::string target, const std::filesystem::path& file,
                              std::string content_type) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ServeBytes(std::move(target), std::move(bytes), std::move(content_type));
  return true;
}

void FixtureServer::ServeRedirect(std::string target, std::string location, int status) {
  FixtureResponse r;
  r.status = status;
  r.headers = {{"Location", std::move(location)}};
  Route(std::move(target), std::move(r));
}

size_t FixtureServer::ConnectionsAccepted() const {
  std::lock_guard lock(impl_->mu);
  return impl_->connections;
}

std::vector<RecordedRequest> FixtureServer::Requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

std::vector<RecordedRequest> FixtureServer::RequestsFor(std::string_view target) const {
  std::lock_guard lock(impl_->mu);
  std::vector<RecordedRequest> out;
  for (const auto& r : impl_->log) {
    if (r.target == target) out.push_back(r);
  }
  return out;
}

bool FixtureServer::WaitForRequests(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->log.size() >= n; });
}

}  // namespace leados::test_support
