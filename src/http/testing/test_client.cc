#include "http/testing/test_client.h"

#include <fmt/format.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace leados::http::testing {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using boost::system::error_code;

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return "";
}

struct TestConnection::Impl {
  net::io_context ioc;
  std::optional<ssl::context> ctx;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  ClientOptions options;

  beast::tcp_stream& Lowest() { return plain ? *plain : beast::get_lowest_layer(*tls); }

  // Starts `start(stream, done)` and runs the loop until it completes (the stream's deadline
  // bounds it).
  // A timeout cancels the operation but keeps the connection usable (the stream's own expiry
  // would close the socket) and is reported as beast::error::timeout.
  template <class Start>
  error_code Run(Start start) {
    error_code result;
    bool timed_out = false;
    Lowest().expires_never();
    net::steady_timer timer(ioc);
    timer.expires_after(options.timeout);
    timer.async_wait([&](error_code ec) {
      if (ec) return;
      timed_out = true;
      error_code ignored;
      Lowest().socket().cancel(ignored);
    });
    auto done = [&result, &timer](error_code ec, auto&&...) {
      result = ec;
      timer.cancel();
    };
    if (plain) {
      start(*plain, done);
    } else {
      start(*tls, done);
    }
    ioc.restart();
    ioc.run();
    if (timed_out && result == net::error::operation_aborted) return beast::error::timeout;
    return result;
  }
};

TestConnection::TestConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TestConnection::~TestConnection() = default;

core::Result<std::unique_ptr<TestConnection>> TestConnection::Connect(uint16_t port,
                                                                      ClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
  if (options.tls) {
    impl->ctx.emplace(ssl::context::tls_client);
    if (!options.ca_file.empty()) {
      error_code ec;
      impl->ctx->load_verify_file(options.ca_file, ec);
      if (ec) return core::InvalidArgument("cannot load CA file: " + ec.message());
      impl->ctx->set_verify_mode(ssl::verify_peer);
    } else {
      impl->ctx->set_verify_mode(ssl::verify_none);
    }
    impl->tls.emplace(impl->ioc, *impl->ctx);
    if (!options.ca_file.empty()) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(impl->tls->native_handle()), "127.0.0.1");
    }
  } else {
    impl->plain.emplace(impl->ioc);
  }
  error_code ec = impl->Run([&](auto&, auto done) { impl->Lowest().async_connect(ep, done); });
  if (ec) return core::Unavailable(fmt::format("connect to port {}: {}", port, ec.message()));
  if (options.tls) {
    ec = impl->Run(
        [&](auto&, auto done) { impl->tls->async_handshake(ssl::stream_base::client, done); });
    if (ec) return core::Unavailable("TLS handshake: " + ec.message());
  }
  return std::unique_ptr<TestConnection>(new TestConnection(std::move(impl)));
}

core::Status TestConnection::Send(std::string_view raw) {
  error_code ec = impl_->Run([&](auto& stream, auto done) {
    net::async_write(stream, net::buffer(raw.data(), raw.size()), done);
  });
  if (ec) return core::Unavailable("send: " + ec.message());
  return core::Ok();
}

core::Result<ClientResponse> TestConnection::ReadResponse(bool head) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  error_code ec = impl_->Run(
      [&](auto& stream, auto done) { bhttp::async_read(stream, impl_->buffer, parser, done); });
  if (ec) return core::Unavailable("read response: " + ec.message());
  auto& msg = parser.get();
  ClientResponse out;
  out.status = static_cast<int>(msg.result_int());
  for (const auto& f : msg) out.headers.emplace_back(f.name_string(), f.value());
  out.body = std::move(msg.body());
  out.keep_alive = msg.keep_alive();
  return out;
}

core::Result<ClientResponse> TestConnection::Request(std::string_view method,
                                                     std::string_view target, std::string_view body,
                                                     const HeaderList& headers) {
  std::string raw = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, target);
  for (const auto& [n, v] : headers) raw += fmt::format("{}: {}\r\n", n, v);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    raw += fmt::format("Content-Length: {}\r\n", body.size());
  }
  raw += "\r\n";
  raw += body;
  if (auto st = Send(raw); !st) return core::Fail(st.error());
  return ReadResponse(method == "HEAD");
}

bool TestConnection::WaitClosed(std::chrono::milliseconds within) {
  struct Restore {
    ClientOptions& o;
    std::chrono::milliseconds saved;
    ~Restore() { o.timeout = saved; }
  } restore{impl_->options, impl_->options.timeout};
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    impl_->options.timeout = std::max(left, std::chrono::milliseconds(1));
    char scratch[4096];
    error_code ec = impl_->Run(
        [&](auto& stream, auto done) { stream.async_read_some(net::buffer(scratch), done); });
    if (ec == beast::error::timeout) return false;
    if (ec) return true;  // EOF, reset, TLS truncation: closed
  }
  return false;
}

core::Result<ClientResponse> Fetch(uint16_t port, std::string_view method, std::string_view target,
                                   std::string_view body, const HeaderList& headers,
                                   ClientOptions options) {
  auto conn = TestConnection::Connect(port, options);
  if (!conn) return core::Fail(conn.error());
  return (*conn)->Request(method, target, body, headers);
}

}  // namespace leados::http::testing
