// The client pool on Beast: keep-alive connections on one I/O thread, a
// bounded response parser, timeouts (client_pool.hpp).

#include "http/client_pool.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

// Asio's and Beast's inlined internals trip -Wnull-dereference at -O2 (false
// positives located in their headers); the warning stays on for our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#pragma GCC diagnostic pop

namespace throng::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// A submitted request and the callback owed for it.
struct pending {
  request req;
  transport::callback done;
  std::int64_t submitted_ns;
};

void fail(transport::callback& done, failure f, std::int64_t sent_ns = 0) {
  response r;
  r.error = f;
  r.sent_ns = sent_ns;
  r.received_ns = now_ns();
  done(std::move(r));
}

// Whether `s` can go into a request line or header as is: a line break or
// a space would let a caller's value forge the rest of the request.
bool header_safe(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f)
      return false;
  }
  return true;
}

failure classify(const beast::error_code& ec) {
  if (ec == beast::error::timeout)
    return failure::timeout;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
    return failure::reset;
  if (ec.category()
      == bhttp::make_error_code(bhttp::error::end_of_stream).category())
    return failure::protocol;
  return failure::reset;
}

// Parses a response into the parts throng reads (status, X-Shard, body),
// sparing the allocation per header field that Beast's message type makes.
class response_reader final : public bhttp::basic_parser<false> {
public:
  int status = 0;
  std::string shard;
  std::string body;

private:
  void on_request_impl(bhttp::verb, beast::string_view, beast::string_view,
                       int, beast::error_code&) override {
  }

  void on_response_impl(int code, beast::string_view, int,
                        beast::error_code&) override {
    status = code;
  }

  void on_field_impl(bhttp::field, beast::string_view name,
                     beast::string_view value, beast::error_code&) override {
    if (beast::iequals(name, "X-Shard"))
      shard.assign(value.data(), value.size());
  }

  void on_header_impl(beast::error_code&) override {
  }

  // The parser has checked the length against the body limit already.
  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         beast::error_code&) override {
    if (length)
      body.reserve(static_cast<std::size_t>(*length));
  }

  std::size_t on_body_impl(beast::string_view s, beast::error_code&) override {
    body.append(s.data(), s.size());
    return s.size();
  }

  void on_chunk_header_impl(std::uint64_t, beast::string_view,
                            beast::error_code&) override {
  }

  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view s,
                                 beast::error_code&) override {
    body.append(s.data(), s.size());
    return s.size();
  }

  void on_finish_impl(beast::error_code&) override {
  }
};

// One keep-alive connection of a pool: carries one request at a time.
class connection {
public:
  virtual ~connection() = default;

  // Sends `p`, opening the connection first if needed; `deadline` bounds
  // the whole exchange.
  virtual void start(pending p, clock_type::time_point deadline) = 0;

  // Fails the request in flight, if any, with failure::reset and closes.
  virtual void abort() = 0;
};

class pool_impl final : public client_pool {
public:
  pool_impl(const client_options& opts, tcp::resolver::results_type endpoints,
            std::optional<ssl::context> tls);

  ~pool_impl() override;

  void submit(request req, callback done) override;

  void post(std::function<void()> fn) override;

  void stop() override;

  // What connections use; I/O thread only.

  asio::io_context& io() noexcept {
    return io_;
  }

  ssl::context& tls() noexcept {
    return *tls_;
  }

  const client_options& options() const noexcept {
    return opts_;
  }

  const tcp::resolver::results_type& endpoints() const noexcept {
    return endpoints_;
  }

  const std::string& host_header() const noexcept {
    return host_header_;
  }

  // The host name to send as SNI; null for an IP address, which SNI cannot
  // carry.
  const char* sni_host() const noexcept {
    return sni_ ? opts_.target.host.c_str() : nullptr;
  }

  // Called by `c` when its request is answered or failed: delivers `r` and
  // gives `c` the next request.
  void finished(connection& c, callback done, response r);

private:
  void accept(pending p);

  void dispatch(connection& c);

  void shut_down();

  client_options opts_;
  std::string host_header_;
  bool sni_ = false;
  asio::io_context io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::optional<ssl::context> tls_;
  tcp::resolver::results_type endpoints_;
  // Declared after io_ and tls_: connections must go first.
  std::vector<std::unique_ptr<connection>> connections_;
  std::vector<connection*> idle_;
  std::deque<pending> queue_;
  bool closed_ = false; // I/O thread: shut_down() ran
  std::atomic<bool> stopped_{false};
  std::mutex stop_mutex_;
  std::thread thread_;
};

// A connection over Stream: beast::tcp_stream, or beast::ssl_stream over
// one. Each step checks its error code first; a step that finds no request
// in flight was overtaken by abort() and does nothing.
template <class Stream>
class stream_connection final : public connection {
public:
  explicit stream_connection(pool_impl& pool) : pool_(pool) {
  }

  void start(pending p, clock_type::time_point deadline) override {
    if (open_ && clock_type::now() - idle_since_ > pool_.options().max_idle)
      close();
    current_.emplace(std::move(p));
    in_flight_ = true;
    deadline_ = deadline;
    sent_ns_ = 0;
    if (open_)
      write();
    else
      run();
  }

  // The request, parser and buffers stay: the step under way still uses
  // them until it completes, cancelled, after this.
  void abort() override {
    if (!in_flight_)
      return;
    in_flight_ = false;
    close();
    fail(current_->done, failure::reset, sent_ns_);
  }

private:
  static constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

  void run() {
    buffer_.clear();
    if constexpr (is_tls)
      stream_.emplace(pool_.io(), pool_.tls());
    else
      stream_.emplace(pool_.io());
    auto& layer = beast::get_lowest_layer(*stream_);
    layer.expires_at(deadline_);
    layer.async_connect(pool_.endpoints(),
                        beast::bind_front_handler(&stream_connection::on_connect,
                                                  this));
  }

  void on_connect(beast::error_code ec, const tcp::endpoint&) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(failure::connect);
    beast::get_lowest_layer(*stream_).socket().set_option(tcp::no_delay{true},
                                                          ec);
    if (ec)
      return finish(failure::connect);
    if constexpr (is_tls) {
      // SSL_set_tlsext_host_name() is a macro with a C cast.
      if (auto host = pool_.sni_host();
          host
          && SSL_ctrl(stream_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                      TLSEXT_NAMETYPE_host_name, const_cast<char*>(host))
               != 1)
        return finish(failure::connect);
      if (!pool_.options().insecure) {
        stream_->set_verify_callback(
          ssl::host_name_verification(pool_.options().target.host), ec);
        if (ec)
          return finish(failure::connect);
      }
      beast::get_lowest_layer(*stream_).expires_at(deadline_);
      stream_->async_handshake(
        ssl::stream_base::client,
        beast::bind_front_handler(&stream_connection::on_handshake, this));
    } else {
      open_ = true;
      write();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(failure::connect);
    open_ = true;
    write();
  }

  // The request goes out as one head built in a buffer that keeps its
  // capacity, followed by the caller's body: no copy of the body, no
  // allocation per header field.
  void write() {
    const auto& req = current_->req;
    head_.clear();
    head_ += to_string(req.verb);
    head_ += ' ';
    head_ += pool_.options().target.base_path;
    head_ += req.target.empty() ? std::string_view{"/"} : req.target;
    head_ += " HTTP/1.1\r\nHost: ";
    head_ += pool_.host_header();
    head_ += "\r\nUser-Agent: throng/0.1\r\n";
    if (!req.token.empty()) {
      head_ += "Authorization: Bearer ";
      head_ += req.token;
      head_ += "\r\n";
    }
    if (!req.body.empty())
      head_ += "Content-Type: application/json\r\n";
    if (!req.body.empty() || req.verb == method::post
        || req.verb == method::put) {
      std::array<char, 24> digits{};
      auto end = std::to_chars(digits.data(), digits.data() + digits.size(),
                               req.body.size())
                   .ptr;
      head_ += "Content-Length: ";
      head_.append(digits.data(), end);
      head_ += "\r\n";
    }
    head_ += "\r\n";
    sent_ns_ = now_ns();
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                              asio::buffer(req.body)};
    asio::async_write(*stream_, buffers,
                      beast::bind_front_handler(&stream_connection::on_write,
                                                this));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(classify(ec));
    auto max = pool_.options().max_response_bytes;
    reader_.emplace();
    reader_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(max, std::numeric_limits<std::uint32_t>::max())));
    reader_->body_limit(max);
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    bhttp::async_read_header(
      *stream_, buffer_, *reader_,
      beast::bind_front_handler(&stream_connection::on_read_header, this));
  }

  // The header is read on its own so that the body limit can be what the
  // header left of max_response_bytes.
  void on_read_header(beast::error_code ec, std::size_t header_bytes) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(classify(ec));
    if (reader_->is_done())
      return complete();
    auto max = pool_.options().max_response_bytes;
    auto length = reader_->content_length();
    if (header_bytes >= max || (length && *length > max - header_bytes))
      return finish(failure::protocol);
    reader_->body_limit(max - header_bytes);
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
    bhttp::async_read(*stream_, buffer_, *reader_,
                      beast::bind_front_handler(&stream_connection::on_read,
                                                this));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(classify(ec));
    complete();
  }

  void complete() {
    response r;
    r.status = reader_->status;
    r.body = std::move(reader_->body);
    r.shard = std::move(reader_->shard);
    r.sent_ns = sent_ns_;
    // Bytes after the answer were never asked for: the stream is out of
    // step, so it is not reused.
    bool reuse = reader_->keep_alive() && buffer_.size() == 0;
    reader_.reset();
    if (reuse)
      idle_since_ = clock_type::now();
    else
      close();
    deliver(std::move(r));
  }

  void finish(failure f) {
    close();
    reader_.reset();
    response r;
    r.error = f;
    r.sent_ns = sent_ns_;
    deliver(std::move(r));
  }

  void deliver(response r) {
    r.received_ns = now_ns();
    in_flight_ = false;
    auto done = std::move(current_->done);
    current_.reset();
    pool_.finished(*this, std::move(done), std::move(r));
  }

  void close() {
    open_ = false;
    if (stream_)
      beast::get_lowest_layer(*stream_).close();
  }

  pool_impl& pool_;
  std::optional<Stream> stream_;
  beast::flat_buffer buffer_;
  std::string head_;
  std::optional<response_reader> reader_;
  std::optional<pending> current_;
  clock_type::time_point deadline_;
  clock_type::time_point idle_since_;
  std::int64_t sent_ns_ = 0;
  bool in_flight_ = false; // a callback is owed for current_
  bool open_ = false;
};

std::string make_host_header(const url& u) {
  std::string out = authority_host(u);
  if (u.port != (u.tls ? 443 : 80)) {
    out += ':';
    out += std::to_string(u.port);
  }
  return out;
}

pool_impl::pool_impl(const client_options& opts,
                     tcp::resolver::results_type endpoints,
                     std::optional<ssl::context> tls)
  : opts_(opts),
    host_header_(make_host_header(opts.target)),
    work_(asio::make_work_guard(io_)),
    tls_(std::move(tls)),
    endpoints_(std::move(endpoints)) {
  beast::error_code ec;
  asio::ip::make_address(opts_.target.host, ec);
  sni_ = static_cast<bool>(ec);
  connections_.reserve(opts_.connections);
  idle_.reserve(opts_.connections);
  for (std::size_t i = 0; i < opts_.connections; ++i) {
    if (tls_)
      connections_.push_back(
        std::make_unique<stream_connection<tls_stream>>(*this));
    else
      connections_.push_back(
        std::make_unique<stream_connection<plain_stream>>(*this));
  }
  // Handed out last first, so that a light load keeps few connections warm.
  for (auto i = connections_.rbegin(); i != connections_.rend(); ++i)
    idle_.push_back(i->get());
  thread_ = std::thread{[this] { io_.run(); }};
}

pool_impl::~pool_impl() {
  stop();
}

void pool_impl::submit(request req, callback done) {
  if (stopped_.load(std::memory_order_acquire)) {
    fail(done, failure::reset);
    return;
  }
  asio::post(io_, [this, p = pending{std::move(req), std::move(done),
                                     now_ns()}]() mutable {
    accept(std::move(p));
  });
}

void pool_impl::post(std::function<void()> fn) {
  asio::post(io_, [this, fn = std::move(fn)] {
    if (!closed_)
      fn();
  });
}

void pool_impl::stop() {
  std::lock_guard<std::mutex> guard{stop_mutex_};
  if (!stopped_.exchange(true)) {
    asio::post(io_, [this] { shut_down(); });
    thread_.join();
  }
  // What shut_down() left queued runs here: the cancelled steps, which find
  // no request in flight, and submits that raced with stop(), which find
  // the pool closed and fail, so none goes unanswered.
  io_.restart();
  io_.poll();
}

void pool_impl::finished(connection& c, callback done, response r) {
  done(std::move(r));
  dispatch(c);
}

void pool_impl::accept(pending p) {
  if (closed_) {
    fail(p.done, failure::reset);
    return;
  }
  queue_.push_back(std::move(p));
  if (!idle_.empty()) {
    auto* c = idle_.back();
    idle_.pop_back();
    dispatch(*c);
  }
}

void pool_impl::dispatch(connection& c) {
  while (!queue_.empty()) {
    auto p = std::move(queue_.front());
    queue_.pop_front();
    auto deadline = clock_type::time_point{
                      std::chrono::nanoseconds{p.submitted_ns}}
                    + opts_.timeout;
    if (clock_type::now() >= deadline) {
      fail(p.done, failure::timeout);
      continue;
    }
    if (!header_safe(p.req.target) || !header_safe(p.req.token)) {
      fail(p.done, failure::protocol);
      continue;
    }
    c.start(std::move(p), deadline);
    return;
  }
  idle_.push_back(&c);
}

void pool_impl::shut_down() {
  closed_ = true;
  for (auto& c : connections_)
    c->abort();
  for (auto& p : queue_)
    fail(p.done, failure::reset);
  queue_.clear();
  idle_.clear();
  io_.stop();
}

} // namespace

protocol::result<std::unique_ptr<client_pool>>
client_pool::create(const client_options& opts) {
  using error = protocol::decode_error;
  if (opts.connections == 0)
    return error{"connections must be at least 1"};
  if (opts.timeout.count() <= 0)
    return error{"timeout must be positive"};
  if (opts.max_response_bytes == 0)
    return error{"max_response_bytes must be positive"};
  try {
    std::optional<ssl::context> tls;
    if (opts.target.tls) {
      tls.emplace(ssl::context::tls_client);
      if (opts.insecure) {
        tls->set_verify_mode(ssl::verify_none);
      } else {
        beast::error_code ec;
        tls->set_default_verify_paths(ec);
        if (ec)
          return error{"cannot load the system's CA certificates: "
                       + ec.message()};
        tls->set_verify_mode(ssl::verify_peer);
      }
    }
    asio::io_context resolve_io;
    tcp::resolver resolver{resolve_io};
    beast::error_code ec;
    auto endpoints = resolver.resolve(opts.target.host,
                                      std::to_string(opts.target.port),
                                      tcp::resolver::numeric_service, ec);
    if (ec)
      return error{"cannot resolve '" + opts.target.host
                   + "': " + ec.message()};
    return std::unique_ptr<client_pool>{
      std::make_unique<pool_impl>(opts, std::move(endpoints), std::move(tls))};
  } catch (const std::exception& e) {
    return error{std::string{"cannot start the HTTP client: "} + e.what()};
  }
}

} // namespace throng::http
