// A client pool's connections on Beast: connect, TLS handshake, write, a
// bounded response parser, the whole-exchange deadline (pool_connection.hpp).

#include "http/pool_connection.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

// Asio's and Beast's inlined internals trip -Wnull-dereference at -O2 (false
// positives located in their headers); the warning stays on for our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#pragma GCC diagnostic pop

#include "http/response_reader.hpp"

namespace throng::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

class pool_connection::target {
public:
  client_options opts;
  tcp::resolver::results_type endpoints;
  // https only. Mutable: a stream takes it by reference to make its SSL
  // object from, which leaves the context as it was.
  mutable std::optional<ssl::context> tls;
  std::string host_header;
  bool sni = false; // a host name, which SNI carries (an IP address is not sent)
};

namespace {

using clock_type = pool_connection::clock_type;
// On the I/O context's own executor rather than any_io_executor, whose
// type-erased copies every asynchronous step pays for.
using plain_stream = beast::basic_stream<tcp, asio::io_context::executor_type>;
using tls_stream = beast::ssl_stream<plain_stream>;

std::string make_host_header(const url& u) {
  std::string out = authority_host(u);
  if (u.port != (u.tls ? 443 : 80)) {
    out += ':';
    out += std::to_string(u.port);
  }
  return out;
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

// Appends the header line that carries `token` as `style` says.
void append_token(std::string& head, const request_style& style, std::string_view token) {
  switch (style.auth) {
    case auth_style::bearer:
      head += "Authorization: Bearer ";
      break;
    case auth_style::header:
      head += style.auth_name;
      head += ": ";
      break;
    case auth_style::cookie:
      head += "Cookie: ";
      head += style.auth_name;
      head += '=';
      break;
  }
  head += token;
  head += "\r\n";
}

// A connection over Stream: plain_stream, or tls_stream (a beast::ssl_stream
// over one). It steps through run() -> do_connect() -> on_connect() [->
// do_handshake() -> on_handshake()] -> do_write() -> on_write() ->
// do_read_answer() -> do_read() -> on_read() [-> do_read() -> on_read()
// ...], skipping the connection steps while it is open. Each on_* step
// checks its error code first; one that finds no request in flight was
// overtaken by abort() and does nothing.
template <class Stream>
class stream_connection final : public pool_connection {
public:
  stream_connection(asio::io_context& io, std::shared_ptr<const target> to, owner& pool)
    : io_(io), to_(std::move(to)), pool_(pool) {
  }

  void run(pending_request p, clock_type::time_point deadline) override {
    if (open_ && clock_type::now() - idle_since_ > to_->opts.max_idle)
      close();
    current_.emplace(std::move(p));
    in_flight_ = true;
    deadline_ = deadline;
    sent_ns_ = 0;
    if (open_)
      do_write();
    else
      do_connect();
  }

  // The request, parser and buffers stay: the step under way still uses
  // them until it completes, cancelled, after this.
  void abort() override {
    if (!in_flight_)
      return;
    in_flight_ = false;
    close();
    response r;
    r.error = failure::reset;
    r.sent_ns = sent_ns_;
    r.received_ns = now_ns();
    current_->done(std::move(r));
  }

private:
  static constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

  // Each step holds its connection: it may complete after the pool is gone.
  std::shared_ptr<stream_connection> self() {
    return std::static_pointer_cast<stream_connection>(shared_from_this());
  }

  // Sets the timer for the next operation. Not expires_after(timeout): the
  // timeout bounds the whole exchange from submit(), queueing and
  // connecting included (client_pool.hpp), so each operation gets what is
  // left of it.
  void arm() {
    beast::get_lowest_layer(*stream_).expires_at(deadline_);
  }

  void do_connect() {
    buffer_.clear();
    if constexpr (is_tls)
      stream_.emplace(io_, *to_->tls);
    else
      stream_.emplace(io_);
    arm();
    beast::get_lowest_layer(*stream_).async_connect(
      to_->endpoints, beast::bind_front_handler(&stream_connection::on_connect, self()));
  }

  void on_connect(beast::error_code ec, const tcp::endpoint&) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(failure::connect);
    auto& socket = beast::get_lowest_layer(*stream_).socket();
    socket.set_option(tcp::no_delay{true}, ec);
    if (!ec && !is_tls)
      socket.non_blocking(true, ec); // do_write's send returns rather than waits
    if (ec)
      return finish(failure::connect);
    if constexpr (is_tls) {
      do_handshake();
    } else {
      open_ = true;
      do_write();
    }
  }

  void do_handshake() {
    // SSL_set_tlsext_host_name() is a macro with a C cast.
    if (to_->sni
        && SSL_ctrl(stream_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                    TLSEXT_NAMETYPE_host_name,
                    const_cast<char*>(to_->opts.target.host.c_str()))
             != 1)
      return finish(failure::connect);
    if (!to_->opts.insecure) {
      beast::error_code ec;
      stream_->set_verify_callback(ssl::host_name_verification(to_->opts.target.host), ec);
      if (ec)
        return finish(failure::connect);
    }
    arm();
    stream_->async_handshake(ssl::stream_base::client,
                             beast::bind_front_handler(&stream_connection::on_handshake, self()));
  }

  void on_handshake(beast::error_code ec) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(failure::connect);
    open_ = true;
    do_write();
  }

  // The request goes out as one head built in a buffer that keeps its
  // capacity, followed by the caller's body: no copy of the body, no
  // allocation per header field.
  void do_write() {
    const auto& req = current_->req;
    head_.clear();
    head_ += to_string(req.verb);
    head_ += ' ';
    head_ += to_->opts.target.base_path;
    head_ += req.target.empty() ? std::string_view{"/"} : req.target;
    head_ += " HTTP/1.1\r\nHost: ";
    head_ += to_->host_header;
    head_ += "\r\nUser-Agent: throng/0.1\r\n";
    if (!req.token.empty())
      append_token(head_, to_->opts.style, req.token);
    if (!req.body.empty())
      head_ += "Content-Type: application/json\r\n";
    if (!req.body.empty() || req.verb == method::post || req.verb == method::put
        || req.verb == method::patch) {
      std::array<char, 24> digits{};
      auto end = std::to_chars(digits.data(), digits.data() + digits.size(), req.body.size()).ptr;
      head_ += "Content-Length: ";
      head_.append(digits.data(), end);
      head_ += "\r\n";
    }
    head_ += "\r\n";
    sent_ns_ = now_ns();
    beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest{
      std::array<asio::const_buffer, 2>{asio::buffer(head_), asio::buffer(req.body)}};
    if constexpr (!is_tls) {
      // The socket's buffer nearly always takes the whole request at once:
      // sent from here, it skips a pass through the I/O context. Whatever
      // stays (the rest of a short send, all of it on a full buffer or an
      // error) goes the asynchronous way, whose step reports any error.
      beast::error_code ec;
      rest.consume(beast::get_lowest_layer(*stream_).socket().write_some(rest, ec));
      if (beast::buffer_bytes(rest) == 0)
        return do_read_answer();
    }
    arm();
    asio::async_write(*stream_, rest,
                      beast::bind_front_handler(&stream_connection::on_write, self()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (!in_flight_)
      return;
    if (ec)
      return finish(classify(ec));
    do_read_answer();
  }

  // The answer is read in chunks into buffer_ and parsed here, as Beast's
  // http::async_read does, but without its composed operations: those hand
  // a response that one read brought whole (the usual case) over once more
  // through the I/O context for its body.
  void do_read_answer() {
    const auto max = to_->opts.max_response_bytes;
    reader_.emplace(to_->opts.style);
    reader_->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(max, std::numeric_limits<std::uint32_t>::max())));
    reader_->body_limit(max);
    parsed_ = 0;
    do_read();
  }

  void do_read() {
    const auto size = beast::read_size(buffer_, 65536);
    if (size == 0)
      return finish(failure::protocol);
    arm();
    stream_->async_read_some(buffer_.prepare(size),
                             beast::bind_front_handler(&stream_connection::on_read, self()));
  }

  void on_read(beast::error_code ec, std::size_t bytes) {
    if (!in_flight_)
      return;
    buffer_.commit(bytes);
    if (ec == asio::error::eof)
      return on_eof();
    if (ec)
      return finish(classify(ec));
    if (auto failed = parse())
      return finish(*failed);
    if (reader_->is_done())
      return complete();
    do_read();
  }

  // The peer closed: that ends a body read to the end of the stream, and
  // anything else read so far is cut short (Beast's reading of an EOF).
  void on_eof() {
    if (!reader_->got_some())
      return finish(classify(bhttp::error::end_of_stream));
    beast::error_code ec;
    reader_->put_eof(ec);
    if (ec)
      return finish(classify(ec));
    complete();
  }

  // Feeds the parser what buffer_ holds. Returns the failure it met, or
  // nothing: then the answer is complete or needs more bytes.
  std::optional<failure> parse() {
    while (buffer_.size() > 0 && !reader_->is_done()) {
      const bool had_header = reader_->is_header_done();
      beast::error_code ec;
      const auto used = reader_->put(buffer_.data(), ec);
      buffer_.consume(used);
      parsed_ += used;
      if (ec == bhttp::error::need_more)
        return std::nullopt;
      if (ec)
        return classify(ec);
      if (!had_header && reader_->is_header_done())
        if (auto failed = bound_body())
          return failed;
      if (used == 0)
        break;
    }
    return std::nullopt;
  }

  // Once the header is read (the parser stops there), bounds the body by
  // what the header left of max_response_bytes.
  std::optional<failure> bound_body() {
    const auto max = to_->opts.max_response_bytes;
    const auto length = reader_->content_length();
    if (parsed_ >= max || (length && *length > max - parsed_))
      return failure::protocol;
    reader_->body_limit(max - parsed_);
    return std::nullopt;
  }

  void complete() {
    response r;
    r.status = reader_->status;
    r.body = std::move(reader_->body);
    r.shard = std::move(reader_->shard);
    r.session = std::move(reader_->session);
    r.sent_ns = sent_ns_;
    // Bytes after the answer were never asked for: the stream is out of
    // step, so it is not reused.
    const bool reuse = reader_->keep_alive() && buffer_.size() == 0;
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

  asio::io_context& io_;
  std::shared_ptr<const target> to_;
  owner& pool_;
  std::optional<Stream> stream_;
  beast::flat_buffer buffer_;
  std::string head_;
  std::optional<response_reader> reader_;
  std::optional<pending_request> current_;
  clock_type::time_point deadline_;
  clock_type::time_point idle_since_;
  std::int64_t sent_ns_ = 0;
  std::size_t parsed_ = 0; // bytes of the answer parsed so far
  bool in_flight_ = false; // a callback is owed for current_
  bool open_ = false;
};

// Sets up `t`'s TLS context: verification against the system's CA
// certificates, or none when `insecure`. Returns why that failed, if it did.
std::optional<protocol::decode_error> set_up_tls(pool_connection::target& t) {
  t.tls.emplace(ssl::context::tls_client);
  if (t.opts.insecure) {
    t.tls->set_verify_mode(ssl::verify_none);
    return std::nullopt;
  }
  beast::error_code ec;
  t.tls->set_default_verify_paths(ec);
  if (ec)
    return protocol::decode_error{"cannot load the system's CA certificates: " + ec.message()};
  t.tls->set_verify_mode(ssl::verify_peer);
  return std::nullopt;
}

} // namespace

protocol::result<std::shared_ptr<const pool_connection::target>>
pool_connection::resolve(const client_options& opts) {
  using error = protocol::decode_error;
  try {
    auto t = std::make_shared<target>();
    t->opts = opts;
    t->host_header = make_host_header(opts.target);
    beast::error_code ec;
    asio::ip::make_address(opts.target.host, ec);
    t->sni = static_cast<bool>(ec);
    if (opts.target.tls)
      if (auto failed = set_up_tls(*t))
        return *failed;
    asio::io_context resolve_io;
    tcp::resolver resolver{resolve_io};
    t->endpoints = resolver.resolve(opts.target.host, std::to_string(opts.target.port),
                                    tcp::resolver::numeric_service, ec);
    if (ec)
      return error{"cannot resolve '" + opts.target.host + "': " + ec.message()};
    return std::shared_ptr<const target>{std::move(t)};
  } catch (const std::exception& e) {
    return error{std::string{"cannot start the HTTP client: "} + e.what()};
  }
}

std::shared_ptr<pool_connection> pool_connection::open(asio::io_context& io,
                                                       std::shared_ptr<const target> to,
                                                       owner& pool) {
  if (to->tls)
    return std::make_shared<stream_connection<tls_stream>>(io, std::move(to), pool);
  return std::make_shared<stream_connection<plain_stream>>(io, std::move(to), pool);
}

} // namespace throng::http
