// The client pool: its I/O thread, the queue of requests waiting for a
// connection, and stopping (client_pool.hpp). The connections themselves are
// in pool_connection.cpp.

#include "http/client_pool.hpp"

#include <atomic>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/asio_core.hpp"
#include "http/cookies.hpp"
#include "http/io_thread.hpp"
#include "http/pool_connection.hpp"

namespace throng::http {

namespace {

namespace asio = boost::asio;
using clock_type = pool_connection::clock_type;

void fail(transport::callback& done, failure f) {
  response r;
  r.error = f;
  r.received_ns = now_ns();
  done(std::move(r));
}

// Whether `token` can go out as `style` places it.
bool token_safe(const request_style& style, std::string_view token) {
  if (style.auth == auth_style::cookie)
    return cookie_safe(token);
  return header_safe(token);
}

// Returns what is wrong with `style`, naming the field, or nullopt.
std::optional<protocol::decode_error> check_style(const request_style& style) {
  using error = protocol::decode_error;
  if (style.auth != auth_style::bearer && !token_valid(style.auth_name))
    return error{"style.auth_name: '" + style.auth_name + "' is not a valid "
                 + (style.auth == auth_style::cookie ? "cookie" : "header") + " name"};
  if (!style.shard_header.empty() && !token_valid(style.shard_header))
    return error{"style.shard_header: '" + style.shard_header + "' is not a valid header name"};
  if (!style.session_cookie.empty() && !token_valid(style.session_cookie))
    return error{"style.session_cookie: '" + style.session_cookie
                 + "' is not a valid cookie name"};
  return std::nullopt;
}

class pool_impl final : public client_pool, private pool_connection::owner {
public:
  pool_impl(const client_options& opts, std::shared_ptr<const pool_connection::target> to,
            std::unique_ptr<io_thread> own, io_thread& thread);

  ~pool_impl() override;

  void submit(request req, callback done) override;

  void post(std::function<void()> fn) override;

  void stop() override;

private:
  void finished(pool_connection& c, callback done, response r) override;

  void accept(pending_request p);

  void dispatch(pool_connection& c);

  void shut_down();

  client_options opts_;
  std::unique_ptr<io_thread> own_; // when the pool has a thread of its own
  io_thread& thread_;
  asio::io_context& io_;
  // Shared with the steps under way, which may complete after the pool.
  std::vector<std::shared_ptr<pool_connection>> connections_;
  std::vector<pool_connection*> idle_;
  std::deque<pending_request> queue_;
  bool closed_ = false; // I/O thread: shut_down() ran
  // submit() and post() hold entry_ shared while they look at stopped_ and
  // post their work; stop() holds it to set stopped_, so every work posted
  // by a caller that found the pool running is queued before shut_down().
  std::shared_mutex entry_;
  bool stopped_ = false; // guarded by entry_
  // Work that submit() and post() queued and that has not run yet: stop()
  // waits for it, as it points to the pool.
  std::atomic<std::size_t> queued_{0};
  std::mutex stop_mutex_;
};

pool_impl::pool_impl(const client_options& opts,
                     std::shared_ptr<const pool_connection::target> to,
                     std::unique_ptr<io_thread> own, io_thread& thread)
  : opts_(opts), own_(std::move(own)), thread_(thread), io_(thread.context()) {
  connections_.reserve(opts_.connections);
  idle_.reserve(opts_.connections);
  for (std::size_t i = 0; i < opts_.connections; ++i)
    connections_.push_back(pool_connection::open(io_, to, *this));
  // Handed out last first, so that a light load keeps few connections warm.
  for (auto i = connections_.rbegin(); i != connections_.rend(); ++i)
    idle_.push_back(i->get());
}

pool_impl::~pool_impl() {
  stop();
}

void pool_impl::submit(request req, callback done) {
  // From the pool's own thread (where its accounts run), at once: no
  // hand-over to wait for, and shut_down() runs on this thread too, so
  // accept() sees whether the pool is still open.
  if (io_.get_executor().running_in_this_thread()) {
    accept({std::move(req), std::move(done), now_ns()});
    return;
  }
  std::shared_lock<std::shared_mutex> lock{entry_};
  if (stopped_) {
    lock.unlock();
    fail(done, failure::reset);
    return;
  }
  queued_.fetch_add(1, std::memory_order_relaxed);
  asio::post(io_, [this, p = pending_request{std::move(req), std::move(done),
                                             now_ns()}]() mutable {
    accept(std::move(p));
    queued_.fetch_sub(1, std::memory_order_release);
  });
}

void pool_impl::post(std::function<void()> fn) {
  std::shared_lock<std::shared_mutex> lock{entry_};
  if (stopped_)
    return;
  queued_.fetch_add(1, std::memory_order_relaxed);
  asio::post(io_, [this, fn = std::move(fn)] {
    if (!closed_)
      fn();
    queued_.fetch_sub(1, std::memory_order_release);
  });
}

void pool_impl::stop() {
  std::lock_guard<std::mutex> guard{stop_mutex_};
  bool first = false;
  {
    std::unique_lock<std::shared_mutex> lock{entry_};
    first = !std::exchange(stopped_, true);
  }
  if (!first)
    return;
  asio::post(io_, [this] { shut_down(); });
  // Work queued from the I/O thread itself may come after shut_down():
  // it finds the pool closed. The cancelled steps hold their connection.
  do
    thread_.sync();
  while (queued_.load(std::memory_order_acquire) != 0);
  if (own_)
    own_->stop();
}

void pool_impl::finished(pool_connection& c, callback done, response r) {
  done(std::move(r));
  dispatch(c);
}

void pool_impl::accept(pending_request p) {
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

void pool_impl::dispatch(pool_connection& c) {
  while (!queue_.empty()) {
    auto p = std::move(queue_.front());
    queue_.pop_front();
    auto deadline = clock_type::time_point{std::chrono::nanoseconds{p.submitted_ns}}
                    + opts_.timeout;
    if (clock_type::now() >= deadline) {
      fail(p.done, failure::timeout);
      continue;
    }
    if (!header_safe(p.req.target) || !token_safe(opts_.style, p.req.token)) {
      fail(p.done, failure::protocol);
      continue;
    }
    c.run(std::move(p), deadline);
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
}

} // namespace

protocol::result<std::unique_ptr<client_pool>>
client_pool::create(const client_options& opts, io_thread* shared) {
  using error = protocol::decode_error;
  if (opts.connections == 0)
    return error{"connections must be at least 1"};
  if (opts.timeout.count() <= 0)
    return error{"timeout must be positive"};
  if (opts.max_response_bytes == 0)
    return error{"max_response_bytes must be positive"};
  if (auto wrong = check_style(opts.style))
    return *wrong;
  auto to = pool_connection::resolve(opts);
  if (!to)
    return to.error();
  try {
    auto own = shared != nullptr ? nullptr : io_thread::start();
    auto& thread = shared != nullptr ? *shared : *own;
    return std::unique_ptr<client_pool>{
      std::make_unique<pool_impl>(opts, std::move(*to), std::move(own), thread)};
  } catch (const std::exception& e) {
    return error{std::string{"cannot start the HTTP client: "} + e.what()};
  }
}

} // namespace throng::http
