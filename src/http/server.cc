#include "http/server.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/log.h"
#include "http/url.h"

namespace leados::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr size_t kMaxRequestIdLength = 128;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 4 * 1024 * 1024;

// An incoming X-Request-Id is kept when it is short and printable ASCII without spaces.
bool AcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Keeps the `method` metric label bounded: unknown method tokens count as "other".
std::string_view MethodLabel(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET",    "HEAD",    "POST",  "PUT",    "PATCH",
                                                "DELETE", "OPTIONS", "TRACE", "CONNECT"};
  for (auto k : kKnown) {
    if (m == k) return k;
  }
  return "other";
}

// Parses "host:port", "[v6]:port".
core::Result<tcp::endpoint> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return core::InvalidArgument(
        fmt::format("listen address '{}' must be host:port, e.g. 127.0.0.1:8080", listen));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = -1;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    return core::InvalidArgument(
        fmt::format("listen address '{}' has no valid port (0-65535)", listen));
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  auto addr = net::ip::make_address(host, ec);
  if (ec) {
    return core::InvalidArgument(fmt::format(
        "listen address '{}': '{}' is not an IP address (use e.g. 0.0.0.0 or 127.0.0.1)", listen,
        host));
  }
  return tcp::endpoint(addr, static_cast<uint16_t>(port));
}

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection if it is waiting for a next request. Thread-safe (posts to the strand).
  virtual void CloseIfIdle() = 0;
  // Closes the connection whatever it is doing. Thread-safe (posts to the strand).
  virtual void ForceClose() = 0;
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Router& router, core::Metrics& metrics, const core::Clock& clock)
      : options_(std::move(options)),
        router_(router),
        ids_(clock),
        requests_(metrics.CounterFamily("leados_http_requests_total",
                                        "HTTP requests answered, by route pattern, method and "
                                        "status.",
                                        {"route", "method", "status"})),
        durations_(metrics.HistogramFamily(
            "leados_http_request_duration_seconds",
            "Time from a complete request to its response, by route pattern.", {"route"})),
        connections_(metrics.Gauge("leados_http_open_connections", "Open HTTP connections.")) {}

  ~Impl() {
    if (started_) {
      BeginStop();
      Wait();
    }
    // Pending handlers own sessions, and sessions use the members below: destroy them first.
    finished_.store(true);
    signals_.reset();
    grace_timer_.reset();
    retry_timer_.reset();
    acceptor_.reset();
    ioc_.reset();
  }

  core::Status Start();
  void BeginStop();
  void Wait();
  void StopOnSignals(std::initializer_list<int> signals);
  uint16_t port() const { return port_.load(); }

  // --- used by sessions ---
  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  void Register(const std::shared_ptr<SessionBase>& s) {
    std::lock_guard lock(sessions_mu_);
    sessions_.emplace(s.get(), s);
    connections_.Add(1);
  }
  void Unregister(SessionBase* s) {
    bool drained = false;
    {
      std::lock_guard lock(sessions_mu_);
      sessions_.erase(s);
      drained = sessions_.empty() && stopping_.load();
    }
    connections_.Sub(1);
    if (drained && !finished_.load()) net::post(*ioc_, [this] { Finish(); });
  }
  std::string RequestId(std::optional<std::string_view> incoming) {
    if (incoming && AcceptableRequestId(*incoming)) return std::string(*incoming);
    return ids_.NewId("req");
  }
  // Dispatches to the router with the request id scope, the catch-all, metrics and access log.
  Response Handle(Request& req, SteadyTime started);
  // Records metrics and the access log line for a response the server made itself (400, 408,
  // 413, 431) before any route was involved.
  void RecordRejected(const Request& req, const Response& res, SteadyTime started);

 private:
  void Accept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void Finish();
  void Record(const Request& req, const Response& res, SteadyTime started);

  ServerOptions options_;
  Router& router_;
  core::IdGenerator ids_;
  core::CounterFamily& requests_;
  core::HistogramFamily& durations_;
  core::Gauge& connections_;

  std::unique_ptr<net::io_context> ioc_;
  std::optional<ssl::context> ssl_ctx_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<net::steady_timer> grace_timer_;
  std::unique_ptr<net::steady_timer> retry_timer_;
  std::unique_ptr<net::signal_set> signals_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::atomic<uint16_t> port_{0};
  bool started_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};

  std::mutex sessions_mu_;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>>
      sessions_;  // guarded by sessions_mu_

  std::mutex wait_mu_;  // serialises Wait (joining the threads)
};

namespace {

// One connection: reads requests in order, answers each, and keeps the connection alive when the
// client wants and the server is not stopping. All of its work runs on its own strand.
template <class Stream>
class Session final : public SessionBase {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  Session(Server::Impl& server, std::string remote_ip, Args&&... args)
      : server_(server),
        stream_(std::forward<Args>(args)...),
        remote_ip_(std::move(remote_ip)),
        deadline_(stream_.get_executor()) {}
  ~Session() override { server_.Unregister(this); }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = Self()] { self->Begin(); });
  }

  void CloseIfIdle() override {
    net::post(stream_.get_executor(), [self = Self()] {
      if (self->state_ == State::kIdle) self->Lowest().close();
    });
  }
  void ForceClose() override {
    net::post(stream_.get_executor(), [self = Self()] { self->Lowest().close(); });
  }

 private:
  enum class State { kHandshake, kIdle, kReading, kHandling, kWriting, kClosing };

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  const ServerOptions& opts() const { return server_.options(); }

  void Begin() {
    if constexpr (kTls) {
      state_ = State::kHandshake;
      Lowest().expires_after(opts().read_timeout);
      stream_.async_handshake(
          ssl::stream_base::server, [self = Self()](boost::system::error_code ec) {
            if (ec) {
              // Plain HTTP on the TLS port, a bad client hello, a timeout.
              core::log::Debug("http.tls_handshake_failed",
                               {{"remote_ip", self->remote_ip_}, {"error", ec.message()}});
              self->Lowest().close();
              return;
            }
            self->StartRequest(true);
          });
    } else {
      StartRequest(true);
    }
  }

  void StartRequest(bool first) {
    if (server_.stopping() && !first) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opts().max_header_bytes));
    parser_->body_limit(boost::none);  // checked against Content-Length after the header
    if (buffer_.size() == 0 && !first) {
      // Between requests: wait for the first byte with the idle timeout.
      state_ = State::kIdle;
      Lowest().expires_after(opts().idle_timeout);
      stream_.async_read_some(buffer_.prepare(4096),
                              [self = Self()](boost::system::error_code ec, size_t n) {
                                if (ec) return self->Close();
                                self->buffer_.commit(n);
                                self->ReadHeader();
                              });
      return;
    }
    ReadHeader();
  }

  void ReadHeader() {
    state_ = State::kReading;
    // One deadline for the whole request, headers and body (slowloris protection). Our own timer
    // rather than the stream's expiry: that one closes the socket, and we want to answer 408.
    Lowest().expires_never();
    timed_out_ = false;
    deadline_.expires_after(opts().read_timeout);
    deadline_.async_wait([self = Self()](boost::system::error_code ec) {
      if (ec || self->state_ != State::kReading) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->Lowest().socket().cancel(ignored);
    });
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = Self()](boost::system::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(boost::system::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    if (ec) return OnReadError(ec);
    const auto& msg = parser_->get();
    if (auto len = parser_->content_length(); len && *len > opts().max_body_bytes) {
      return Reject(
          413, core::ErrorCode::kPayloadTooLarge,
          fmt::format("request body is {} bytes; the limit is {}", *len, opts().max_body_bytes));
    }
    parser_->body_limit(opts().max_body_bytes);
    if (parser_->is_done()) return HandleRequest();
    auto expect = msg[bhttp::field::expect];
    if (msg.version() >= 11 && EqualsIgnoreCase(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = Self()](boost::system::error_code wec, size_t) {
                         if (wec) return self->Close();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = Self()](boost::system::error_code ec, size_t) {
                        if (ec) return self->OnReadError(ec);
                        self->HandleRequest();
                      });
  }

  void OnReadError(boost::system::error_code ec) {
    deadline_.cancel();
    if (ec == net::error::operation_aborted && !timed_out_) return Close();
    if (timed_out_ || ec == beast::error::timeout) {
      // Nothing received yet: an idle connection, close quietly. Otherwise tell the client.
      if (!parser_->got_some()) return Close();
      return Reject(408, core::ErrorCode::kDeadlineExceeded,
                    fmt::format("the request did not arrive completely within {} s",
                                opts().read_timeout.count()));
    }
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof) return Close();
    if (ec == bhttp::error::header_limit) {
      return Reject(431, core::ErrorCode::kPayloadTooLarge,
                    fmt::format("request line and headers are larger than the limit of {} bytes",
                                opts().max_header_bytes));
    }
    if (ec == bhttp::error::body_limit) {
      return Reject(
          413, core::ErrorCode::kPayloadTooLarge,
          fmt::format("request body is larger than the limit of {} bytes", opts().max_body_bytes));
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return Reject(400, core::ErrorCode::kInvalidArgument,
                    fmt::format("malformed HTTP request: {}", ec.message()));
    }
    // Connection reset, TLS errors and the like: nobody to answer.
    Close();
  }

  void FillRequest(Request& req) {
    auto& msg = parser_->get();
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.remote_ip = remote_ip_;
    for (const auto& field : msg) {
      req.headers.Add(std::string(field.name_string()), std::string(field.value()));
    }
    req.request_id = server_.RequestId(req.headers.Get("X-Request-Id"));
  }

  void HandleRequest() {
    deadline_.cancel();
    state_ = State::kHandling;
    auto& msg = parser_->get();
    Request req;
    FillRequest(req);
    req.body = std::move(msg.body());
    const std::string_view target = req.target;
    const size_t q = target.find('?');
    std::optional<std::string> path = PercentDecode(target.substr(0, q));
    if (target.empty() || target.front() != '/' || !path) {
      const std::string why = !path && !target.empty() && target.front() == '/'
                                  ? "has a malformed percent-escape"
                                  : "must be an absolute path such as /v1/leads";
      return Reject(400, core::ErrorCode::kInvalidArgument,
                    fmt::format("request target '{}' {}", target.substr(0, 200), why),
                    std::move(req));
    }
    req.path = std::move(*path);
    if (q != std::string_view::npos) req.query = ParseQuery(target.substr(q + 1));
    head_ = msg.method() == bhttp::verb::head;
    version_ = msg.version();
    const bool keep_alive = msg.keep_alive();
    Response res = server_.Handle(req, started_);
    Write(std::move(res), req.request_id, keep_alive && !server_.stopping(), false);
  }

  // Answers with a JSON error and closes the connection (the rest of the request is unread).
  void Reject(int status, core::ErrorCode code, std::string message, Request req = {}) {
    deadline_.cancel();
    if (req.request_id.empty()) {
      if (parser_ && parser_->is_header_done()) {
        FillRequest(req);
      } else {
        req.request_id = server_.RequestId(std::nullopt);
        req.remote_ip = remote_ip_;
      }
    }
    req.route = "rejected";
    Response res = Response::Error(status, core::Error{code, std::move(message)});
    server_.RecordRejected(req, res, started_);
    head_ = false;
    version_ = 11;
    Write(std::move(res), req.request_id, false, true);
  }

  void Write(Response r, const std::string& request_id, bool keep_alive, bool linger) {
    state_ = State::kWriting;
    close_after_write_ = !keep_alive;
    linger_ = linger;
    res_ = {};
    res_.version(version_);
    res_.result(static_cast<unsigned>(r.status));
    bool nosniff = false;
    for (auto& [name, value] : r.headers) {
      if (EqualsIgnoreCase(name, "X-Content-Type-Options")) nosniff = true;
      res_.insert(name, value);
    }
    if (!nosniff) res_.set("X-Content-Type-Options", "nosniff");
    res_.set("X-Request-Id", request_id);
    if (head_) {
      res_.content_length(r.body.size());
    } else {
      res_.body() = std::move(r.body);
      res_.prepare_payload();
    }
    res_.keep_alive(keep_alive);
    Lowest().expires_after(opts().read_timeout);
    bhttp::async_write(stream_, res_, [self = Self()](boost::system::error_code ec, size_t) {
      if (ec) return self->Lowest().close();
      if (self->close_after_write_) return self->Close();
      self->StartRequest(false);
    });
  }

  // Ends the connection: TLS close_notify when TLS; for plain TCP after an error answer, a short
  // lingering read so that unread request bytes do not turn our answer into a connection reset.
  void Close() {
    if (state_ == State::kClosing) return;
    state_ = State::kClosing;
    deadline_.cancel();
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown(
          [self = Self()](boost::system::error_code) { self->Lowest().close(); });
    } else {
      boost::system::error_code ignored;
      if (!linger_) {
        Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        Lowest().close();
        return;
      }
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      Lowest().expires_after(kLingerTime);
      Drain();
    }
  }

  void Drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(64 * 1024),
                            [self = Self()](boost::system::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerMaxBytes) {
                                return self->Lowest().close();
                              }
                              self->Drain();
                            });
  }

  Server::Impl& server_;
  Stream stream_;
  std::string remote_ip_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;  // alive during async_write
  net::steady_timer deadline_;               // the read deadline of the current request
  bool timed_out_ = false;                   // deadline_ fired and cancelled the read
  State state_ = State::kHandshake;
  SteadyTime started_{};
  unsigned version_ = 11;
  bool head_ = false;
  bool close_after_write_ = false;
  bool linger_ = false;
  size_t drained_ = 0;
};

}  // namespace

Response Server::Impl::Handle(Request& req, SteadyTime started) {
  core::log::RequestScope scope(req.request_id);
  Response res;
  try {
    res = router_.Dispatch(req);
  } catch (const std::exception& e) {
    core::log::Error("http.handler_exception",
                     {{"method", req.method}, {"route", req.route}, {"error", e.what()}});
    res = Response::Error(
        core::Error{core::ErrorCode::kInternal, "internal error; request id " + req.request_id});
  } catch (...) {
    core::log::Error(
        "http.handler_exception",
        {{"method", req.method}, {"route", req.route}, {"error", "non-standard exception"}});
    res = Response::Error(
        core::Error{core::ErrorCode::kInternal, "internal error; request id " + req.request_id});
  }
  Record(req, res, started);
  return res;
}

void Server::Impl::RecordRejected(const Request& req, const Response& res, SteadyTime started) {
  core::log::RequestScope scope(req.request_id);
  Record(req, res, started);
}

void Server::Impl::Record(const Request& req, const Response& res, SteadyTime started) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char status[8];
  auto [end, errc] = std::to_chars(status, status + sizeof(status), res.status);
  (void)errc;
  const std::string_view method = MethodLabel(req.method);
  requests_.With({req.route, method, std::string_view(status, end - status)}).Inc();
  durations_.With({req.route}).Observe(seconds);
  if (options_.access_log) {
    // Never the query string, headers or bodies: they may carry personal data or credentials.
    core::log::Info("http.request", {{"method", method},
                                     {"route", req.route},
                                     {"status", res.status},
                                     {"duration_ms", seconds * 1000.0},
                                     {"bytes", static_cast<int64_t>(res.body.size())},
                                     {"remote_ip", req.remote_ip}});
  }
}

core::Status Server::Impl::Start() {
  if (started_) return core::Fail(core::ErrorCode::kFailedPrecondition, "server already started");
  auto endpoint = ParseListen(options_.listen);
  if (!endpoint) return core::Fail(endpoint.error());
  if (options_.threads < 1) {
    return core::InvalidArgument(
        fmt::format("server threads is {}; it must be at least 1", options_.threads));
  }
  if (options_.tls) {
    try {
      ssl_ctx_.emplace(ssl::context::tls_server);
      ssl_ctx_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
      SSL_CTX_set_min_proto_version(ssl_ctx_->native_handle(), TLS1_2_VERSION);
    } catch (const std::exception& e) {
      return core::Internal(fmt::format("cannot set up TLS: {}", e.what()));
    }
    boost::system::error_code ec;
    ssl_ctx_->use_certificate_chain_file(options_.tls->cert_file, ec);
    if (ec) {
      return core::InvalidArgument(fmt::format(
          "cannot load TLS certificate chain '{}': {} (a PEM file, leaf certificate first)",
          options_.tls->cert_file, ec.message()));
    }
    ssl_ctx_->use_private_key_file(options_.tls->key_file, ssl::context::pem, ec);
    if (ec) {
      return core::InvalidArgument(
          fmt::format("cannot load TLS private key '{}': {} (a PEM file matching the certificate)",
                      options_.tls->key_file, ec.message()));
    }
  }
  router_.Freeze();
  ioc_ = std::make_unique<net::io_context>(options_.threads);
  acceptor_ = std::make_unique<tcp::acceptor>(*ioc_);
  boost::system::error_code ec;
  acceptor_->open(endpoint->protocol(), ec);
  if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(*endpoint, ec);
  if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.reset();
    return core::Unavailable(fmt::format("cannot listen on {}: {}", options_.listen, ec.message()));
  }
  port_.store(acceptor_->local_endpoint().port());
  grace_timer_ = std::make_unique<net::steady_timer>(*ioc_);
  retry_timer_ = std::make_unique<net::steady_timer>(*ioc_);
  work_.emplace(ioc_->get_executor());
  started_ = true;
  Accept();
  for (int i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] { ioc_->run(); });
  }
  return core::Ok();
}

void Server::Impl::Accept() {
  acceptor_->async_accept(net::make_strand(*ioc_),
                          [this](boost::system::error_code ec, tcp::socket socket) {
                            OnAccept(ec, std::move(socket));
                          });
}

void Server::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (stopping_.load() || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors and the like: log, back off briefly, keep accepting.
    core::log::Warn("http.accept_failed", {{"error", ec.message()}});
    retry_timer_->expires_after(std::chrono::milliseconds(50));
    retry_timer_->async_wait([this](boost::system::error_code tec) {
      if (!tec && !stopping_.load()) Accept();
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::string remote_ip = socket.remote_endpoint(ignored).address().to_string();
  if (ssl_ctx_) {
    auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
        *this, std::move(remote_ip), std::move(socket), *ssl_ctx_);
    Register(s);
    s->Run();
  } else {
    auto s = std::make_shared<Session<beast::tcp_stream>>(*this, std::move(remote_ip),
                                                          std::move(socket));
    Register(s);
    s->Run();
  }
  Accept();
}

void Server::Impl::BeginStop() {
  if (!started_ || stopping_.exchange(true)) return;
  net::post(*ioc_, [this] {
    core::log::Info("http.stopping",
                    {{"grace_seconds", static_cast<int64_t>(options_.shutdown_grace.count())}});
    boost::system::error_code ignored;
    acceptor_->close(ignored);
    retry_timer_->cancel();
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(sessions_mu_);
      for (auto& [ptr, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
      if (live.empty() && sessions_.empty()) {
        net::post(*ioc_, [this] { Finish(); });
        return;
      }
    }
    for (auto& s : live) s->CloseIfIdle();
    grace_timer_->expires_after(options_.shutdown_grace);
    grace_timer_->async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      size_t left = 0;
      {
        std::lock_guard lock(sessions_mu_);
        left = sessions_.size();
      }
      core::log::Warn("http.shutdown_grace_expired",
                      {{"open_connections", static_cast<int64_t>(left)}});
      Finish();
    });
  });
}

void Server::Impl::Finish() {
  if (finished_.exchange(true)) return;
  grace_timer_->cancel();
  if (signals_) {
    boost::system::error_code ignored;
    signals_->cancel(ignored);
  }
  work_.reset();
  ioc_->stop();
}

void Server::Impl::Wait() {
  std::lock_guard lock(wait_mu_);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void Server::Impl::StopOnSignals(std::initializer_list<int> signals) {
  if (!started_) return;
  signals_ = std::make_unique<net::signal_set>(*ioc_);
  for (int sig : signals) signals_->add(sig);
  signals_->async_wait([this](boost::system::error_code ec, int sig) {
    if (ec) return;
    core::log::Info("http.signal", {{"signal", sig}});
    BeginStop();
  });
}

Server::Server(ServerOptions options, Router& router, core::Metrics& metrics,
               const core::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics, clock)) {}
Server::~Server() = default;
core::Status Server::Start() {
  return impl_->Start();
}
uint16_t Server::port() const {
  return impl_->port();
}
void Server::Stop() {
  impl_->BeginStop();
  impl_->Wait();
}
void Server::BeginStop() {
  impl_->BeginStop();
}
void Server::Wait() {
  impl_->Wait();
}
void Server::StopOnSignals(std::initializer_list<int> signals) {
  impl_->StopOnSignals(signals);
}

}  // namespace leados::http
