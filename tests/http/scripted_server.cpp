// The scripted test server, plain and TLS, on Asio coroutines
// (scripted_server.hpp).

#include "tests/http/scripted_server.hpp"

#include <cctype>
#include <charconv>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>
#pragma GCC diagnostic pop

namespace throng::http::test {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::size_t content_length(std::string_view head) {
  constexpr std::string_view name = "\r\ncontent-length:";
  std::string lower{head};
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lower.find(name);
  if (at == std::string::npos)
    return 0;
  auto first = lower.data() + at + name.size();
  while (*first == ' ')
    ++first;
  std::size_t n = 0;
  std::from_chars(first, lower.data() + lower.size(), n);
  return n;
}

} // namespace

struct scripted_server::impl {
  explicit impl(script s) : run_script(std::move(s)) {
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream, std::size_t id, std::string sni) {
    std::string buffer;
    for (;;) {
      auto [ec, head_size] = co_await asio::async_read_until(
        stream, asio::dynamic_buffer(buffer), "\r\n\r\n", use_tuple);
      if (ec)
        co_return;
      received r;
      r.connection = id;
      r.head = buffer.substr(0, head_size);
      r.sni = sni;
      auto body_size = content_length(r.head);
      if (buffer.size() < head_size + body_size) {
        auto [read_ec, n] = co_await asio::async_read(
          stream, asio::dynamic_buffer(buffer),
          asio::transfer_exactly(head_size + body_size - buffer.size()),
          use_tuple);
        if (read_ec)
          co_return;
      }
      r.body = buffer.substr(head_size, body_size);
      buffer.erase(0, head_size + body_size);
      {
        std::lock_guard<std::mutex> guard{mutex};
        log.push_back(r);
      }
      auto answer = run_script(r);
      if (answer.drip.count() > 0) {
        for (char c : answer.bytes) {
          auto [write_ec, n] = co_await asio::async_write(
            stream, asio::buffer(&c, 1), use_tuple);
          if (write_ec)
            co_return;
          asio::steady_timer pause{io, answer.drip};
          co_await pause.async_wait(use_tuple);
        }
      } else if (!answer.bytes.empty()) {
        auto [write_ec, n] = co_await asio::async_write(
          stream, asio::buffer(answer.bytes), use_tuple);
        if (write_ec)
          co_return;
      }
      if (answer.after == then::close) {
        boost::system::error_code ignored;
        stream.lowest_layer().shutdown(tcp::socket::shutdown_send, ignored);
        stream.lowest_layer().close(ignored);
        co_return;
      }
      if (answer.after == then::stall) {
        asio::steady_timer forever{io, asio::steady_timer::time_point::max()};
        co_await forever.async_wait(use_tuple);
        co_return;
      }
    }
  }

  asio::awaitable<void> serve_plain(tcp::socket socket, std::size_t id) {
    co_await serve(socket, id, "");
  }

  asio::awaitable<void> serve_tls(tcp::socket socket, std::size_t id) {
    ssl::stream<tcp::socket> stream{std::move(socket), *tls};
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server,
                                                use_tuple);
    if (ec)
      co_return;
    const char* sni = SSL_get_servername(stream.native_handle(),
                                         TLSEXT_NAMETYPE_host_name);
    co_await serve(stream, id, sni ? sni : "");
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec)
        co_return;
      std::size_t id = 0;
      {
        std::lock_guard<std::mutex> guard{mutex};
        id = accepted++;
      }
      if (tls)
        asio::co_spawn(io, serve_tls(std::move(socket), id), asio::detached);
      else
        asio::co_spawn(io, serve_plain(std::move(socket), id), asio::detached);
    }
  }

  void start() {
    tcp::endpoint local{asio::ip::make_address("127.0.0.1"), 0};
    acceptor.open(local.protocol());
    acceptor.bind(local);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread{[this] { io.run(); }};
  }

  script run_script;
  // The TLS context outlives the io_context, whose destruction frees the
  // streams of connections still open.
  std::optional<ssl::context> tls;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::thread thread;
  mutable std::mutex mutex;
  std::size_t accepted = 0;
  std::vector<received> log;
};

scripted_server::scripted_server(script s)
  : impl_(std::make_unique<impl>(std::move(s))) {
  impl_->start();
}

scripted_server::scripted_server(script s, const tls_identity& id)
  : impl_(std::make_unique<impl>(std::move(s))) {
  impl_->tls.emplace(ssl::context::tls_server);
  impl_->tls->use_certificate_chain(asio::buffer(id.certificate_pem));
  impl_->tls->use_private_key(asio::buffer(id.key_pem), ssl::context::pem);
  impl_->start();
}

scripted_server::~scripted_server() {
  stop();
}

std::uint16_t scripted_server::port() const noexcept {
  return impl_->port;
}

std::size_t scripted_server::accepts() const {
  std::lock_guard<std::mutex> guard{impl_->mutex};
  return impl_->accepted;
}

std::vector<scripted_server::received> scripted_server::requests() const {
  std::lock_guard<std::mutex> guard{impl_->mutex};
  return impl_->log;
}

void scripted_server::stop() {
  if (!impl_->thread.joinable())
    return;
  impl_->io.stop();
  impl_->thread.join();
}

std::string scripted_server::response(int status, const std::string& body,
                                      const std::string& shard) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n";
  out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (!shard.empty())
    out += "X-Shard: " + shard + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

std::uint16_t unused_port() {
  asio::io_context io;
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  return acceptor.local_endpoint().port();
}

} // namespace throng::http::test
