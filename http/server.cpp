// The server plumbing on Beast: the listener and its sessions (server.hpp).

#include "http/server.hpp"

#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

// Asio's and Beast's inlined internals trip -Wnull-dereference at -O2 (false
// positives located in their headers); the warning stays on for our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop

#include "http/cookies.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"

namespace throng::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;

// A buffer that grew for a large request shrinks back before the connection
// idles, so that an idle connection costs little more than its socket.
constexpr std::size_t idle_buffer_bytes = 8 * 1024;

// How long the listener waits before accepting again after a failed accept
// (typically: out of file descriptors).
constexpr std::chrono::milliseconds accept_retry_delay{50};

// What every session of one server shares. Immutable once the server runs.
// `workers` is null when the handler runs on the I/O threads; the server
// owns the pool and joins it before the sessions go.
struct settings {
  handler handle;
  std::size_t max_body_bytes;
  std::uint32_t max_header_bytes;
  std::chrono::milliseconds read_timeout;
  net::thread_pool* workers = nullptr;
  std::function<bool(const server_request&)> on_worker;
  std::string shard_header;
};

std::string error_json(std::string message) {
  return protocol::encode(protocol::error_body{std::move(message)});
}

// Statuses whose answers carry neither a body nor a Content-Length
// (RFC 9110, 8.6 and 15.4.5).
bool is_bodiless(int status) {
  return status < 200 || status == 204 || status == 304;
}

bool is_parse_error(const error_code& ec) {
  static const auto& category
    = bhttp::make_error_code(bhttp::error::bad_target).category();
  return ec.category() == category;
}

// One connection: reads a request, hands it to the handler (on a worker
// when the server has them), holds the answer if it asks for a delay,
// writes it, and starts over until either side closes. Owned by the
// completion handlers of its pending operation (or the worker's job);
// runs on its own strand, to which a worker posts the answer back.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, std::shared_ptr<const settings> cfg)
    : stream_(std::move(socket)), hold_(stream_.get_executor()),
      cfg_(std::move(cfg)) {
  }

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&session::do_read,
                                            shared_from_this()));
  }

private:
  void do_read() {
    if (buffer_.size() == 0 && buffer_.capacity() > idle_buffer_bytes)
      buffer_.shrink_to_fit();
    parser_.emplace();
    parser_->body_limit(cfg_->max_body_bytes);
    parser_->header_limit(cfg_->max_header_bytes);
    stream_.expires_after(cfg_->read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&session::on_read,
                                                shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream
        || ec == bhttp::error::partial_message)
      return shut_down();
    if (ec == bhttp::error::body_limit)
      return refuse(413, "request body too large");
    if (ec == bhttp::error::header_limit)
      return refuse(431, "request header too large");
    if (ec && is_parse_error(ec))
      return refuse(400, "malformed HTTP request");
    if (ec == net::error::operation_aborted || ec == beast::error::timeout)
      return; // the server is stopping, or the client was too slow
    if (ec)
      return drop();
    auto req = parser_->release();
    parser_.reset();
    server_request in;
    in.method = req.method_string();
    in.target = req.target();
    in.authorization = req[bhttp::field::authorization];
    in.cookie = req[bhttp::field::cookie];
    in.body = std::move(req.body());
    // The answer speaks HTTP/1.1 to all but HTTP/1.0 clients (RFC 9110,
    // 6.2); the parser lets through any "HTTP/d.d".
    unsigned version = req.version() == 10 ? 10 : 11;
    if (cfg_->workers == nullptr || (cfg_->on_worker && !on_worker(in)))
      return on_handled(version, req.keep_alive(), call_handler(in));
    net::post(*cfg_->workers,
              beast::bind_front_handler(&session::do_handle,
                                        shared_from_this(), std::move(in),
                                        version, req.keep_alive()));
  }

  // Runs on a worker: calls the handler and posts the answer back to the
  // connection's strand.
  void do_handle(const server_request& in, unsigned version,
                 bool keep_alive) {
    net::post(stream_.get_executor(),
              beast::bind_front_handler(&session::on_handled,
                                        shared_from_this(), version,
                                        keep_alive, call_handler(in)));
  }

  void on_handled(unsigned version, bool keep_alive, server_response out) {
    if (out.drop)
      return drop();
    if (out.delay.count() <= 0)
      return answer(std::move(out), version, keep_alive);
    auto delay = out.delay;
    held_.emplace(held{std::move(out), version, keep_alive});
    hold_.expires_after(delay);
    hold_.async_wait(beast::bind_front_handler(&session::on_hold,
                                               shared_from_this()));
  }

  void on_hold(error_code ec) {
    if (ec == net::error::operation_aborted)
      return; // the server is stopping
    if (ec)
      return drop();
    auto h = std::move(*held_);
    held_.reset();
    answer(std::move(h.out), h.version, h.keep_alive);
  }

  bool on_worker(const server_request& in) {
    try {
      return cfg_->on_worker(in);
    } catch (...) {
      return true;
    }
  }

  server_response call_handler(const server_request& in) {
    try {
      return cfg_->handle(in);
    } catch (...) {
      return server_response{500, error_json("internal error"), {}, false};
    }
  }

  // Answers a request the plumbing could not read whole, then closes.
  void refuse(int status, std::string message) {
    parser_.reset();
    answer(server_response{status, error_json(std::move(message)), {}, true},
           11, false);
  }

  void answer(server_response out, unsigned version, bool keep_alive) {
    if (out.status < 100 || out.status > 599)
      out = server_response{500, error_json("invalid status"), {}, out.close};
    bool close = out.close || !keep_alive;
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(out.status));
    if (!out.shard.empty())
      res_.set(cfg_->shard_header, out.shard);
    if (!out.set_cookie.empty())
      res_.set(bhttp::field::set_cookie, out.set_cookie);
    if (!out.allow.empty())
      res_.set(bhttp::field::allow, out.allow);
    if (!is_bodiless(out.status)) {
      if (!out.body.empty())
        res_.set(bhttp::field::content_type, out.content_type);
      res_.body() = std::move(out.body);
      res_.content_length(res_.body().size());
    }
    res_.keep_alive(!close);
    stream_.expires_after(cfg_->read_timeout);
    bhttp::async_write(stream_, res_,
                       beast::bind_front_handler(&session::on_write,
                                                 shared_from_this(), close));
  }

  void on_write(bool close, error_code ec, std::size_t) {
    res_ = {};
    if (ec == net::error::operation_aborted || ec == beast::error::timeout)
      return;
    if (ec)
      return drop();
    if (close)
      return shut_down();
    do_read();
  }

  // Closes gracefully: sends FIN, then reads and discards what the client
  // still sends until it closes too or the read timeout passes. Closing with
  // unread input would make the kernel send a reset, which can destroy the
  // answer just written before the client reads it (a 413 sent while the
  // client is still uploading, for one).
  void shut_down() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec)
      return drop();
    buffer_.clear();
    stream_.expires_after(cfg_->read_timeout);
    do_drain();
  }

  void do_drain() {
    stream_.async_read_some(buffer_.prepare(idle_buffer_bytes),
                            beast::bind_front_handler(&session::on_drain,
                                                      shared_from_this()));
  }

  void on_drain(error_code ec, std::size_t) {
    if (ec == net::error::eof || ec == net::error::operation_aborted
        || ec == beast::error::timeout)
      return;
    if (ec)
      return drop();
    do_drain();
  }

  // After a transport failure nothing can be answered: the connection is
  // dropped. Whatever close() reports changes nothing for the client.
  void drop() {
    error_code ignored;
    stream_.socket().close(ignored);
  }

  // An answer waiting for its delay.
  struct held {
    server_response out;
    unsigned version;
    bool keep_alive;
  };

  beast::tcp_stream stream_;
  net::steady_timer hold_;
  std::optional<held> held_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
  std::shared_ptr<const settings> cfg_;
};

// Accepts connections and starts a session for each. Owned by the completion
// handler of its pending accept or retry.
class listener : public std::enable_shared_from_this<listener> {
public:
  listener(net::io_context& ioc, std::shared_ptr<const settings> cfg)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      retry_(acceptor_.get_executor()),
      cfg_(std::move(cfg)) {
  }

  // Opens, binds and listens; returns a message naming the failing step.
  std::optional<std::string> listen(const tcp::endpoint& ep) {
    error_code ec;
    if (acceptor_.open(ep.protocol(), ec); ec)
      return "open: " + ec.message();
    if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec)
      return "set_option: " + ec.message();
    if (acceptor_.bind(ep, ec); ec)
      return "bind: " + ec.message();
    if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec)
      return "listen: " + ec.message();
    return std::nullopt;
  }

  std::uint16_t port() const {
    error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
  }

  void run() {
    net::dispatch(acceptor_.get_executor(),
                  beast::bind_front_handler(&listener::do_accept,
                                            shared_from_this()));
  }

private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept,
                                                     shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted)
      return;
    if (ec) {
      // Out of descriptors or a connection reset while queued: keep serving
      // the open connections and try again a little later.
      retry_.expires_after(accept_retry_delay);
      retry_.async_wait(beast::bind_front_handler(&listener::on_retry,
                                                  shared_from_this()));
      return;
    }
    std::make_shared<session>(std::move(socket), cfg_)->run();
    do_accept();
  }

  void on_retry(error_code ec) {
    if (ec == net::error::operation_aborted)
      return;
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::shared_ptr<const settings> cfg_;
};

class server_impl final : public server {
public:
  server_impl(std::size_t threads, std::size_t workers)
    : ioc_(std::make_unique<net::io_context>(static_cast<int>(threads))),
      work_(net::make_work_guard(*ioc_)) {
    if (workers > 0)
      workers_ = std::make_unique<net::thread_pool>(workers);
  }

  // The worker pool, or null when the handler runs on the I/O threads.
  net::thread_pool* workers() const noexcept {
    return workers_.get();
  }

  ~server_impl() override {
    stop();
  }

  std::optional<std::string> listen(const server_options& opts,
                                    std::shared_ptr<const settings> cfg) {
    error_code ec;
    auto addr = net::ip::make_address(opts.address, ec);
    if (ec)
      return "invalid address '" + opts.address + "': " + ec.message();
    auto l = std::make_shared<listener>(*ioc_, std::move(cfg));
    if (auto err = l->listen(tcp::endpoint{addr, opts.port}))
      return "cannot listen on " + opts.address + ":"
             + std::to_string(opts.port) + ": " + *err;
    port_ = l->port();
    l->run();
    return std::nullopt;
  }

  void run_threads(std::size_t n) {
    threads_.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      threads_.emplace_back([this] { ioc_->run(); });
  }

  std::uint16_t port() const noexcept override {
    return port_;
  }

  void stop() override {
    std::lock_guard guard{stop_mutex_};
    if (!ioc_)
      return;
    ioc_->stop();
    for (auto& t : threads_)
      t.join();
    threads_.clear();
    work_.reset();
    // The handler calls under way finish (their answers are posted to the
    // stopped context and never run); the jobs not started yet go with the
    // pool, before the context their sessions' sockets belong to.
    if (workers_) {
      workers_->stop();
      workers_->join();
      workers_.reset();
    }
    // Destroying the context destroys the pending handlers, which own the
    // listener and the sessions, and so closes every socket.
    ioc_.reset();
  }

private:
  std::unique_ptr<net::io_context> ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::unique_ptr<net::thread_pool> workers_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::mutex stop_mutex_;
};

} // namespace

protocol::result<std::unique_ptr<server>>
server::start(const server_options& opts, handler h) {
  using error = protocol::decode_error;
  if (opts.threads == 0)
    return error{"server: threads must be at least 1"};
  if (!h)
    return error{"server: no handler"};
  if (opts.max_header_bytes == 0
      || opts.max_header_bytes > std::numeric_limits<std::uint32_t>::max())
    return error{"server: max_header_bytes out of range"};
  if (opts.read_timeout.count() <= 0)
    return error{"server: read_timeout must be positive"};
  if (!token_valid(opts.shard_header))
    return error{"server: shard_header '" + opts.shard_header + "' is not a valid header name"};
  try {
    auto impl = std::make_unique<server_impl>(opts.threads, opts.workers);
    auto cfg = std::make_shared<const settings>(
      settings{std::move(h), opts.max_body_bytes,
               static_cast<std::uint32_t>(opts.max_header_bytes),
               opts.read_timeout, impl->workers(), opts.on_worker, opts.shard_header});
    if (auto err = impl->listen(opts, std::move(cfg)))
      return error{*err};
    impl->run_threads(opts.threads);
    return std::unique_ptr<server>{std::move(impl)};
  } catch (const std::exception& e) {
    return error{std::string{"server: cannot start: "} + e.what()};
  }
}

} // namespace throng::http
