// One I/O thread: an Asio I/O context and its thread (io_thread.hpp).

#include "http/io_thread.hpp"

#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include "http/asio_core.hpp"

namespace throng::http {

namespace {

namespace asio = boost::asio;

thread_local io_thread* current_thread = nullptr;

class io_thread_impl final : public io_thread {
public:
  io_thread_impl() : work_(asio::make_work_guard(io_)) {
    thread_ = std::thread{[this] {
      current_thread = this;
      io_.run();
    }};
  }

  ~io_thread_impl() override {
    stop();
  }

  void post(task_fn fn, void* a, void* b) override {
    asio::post(io_, [fn, a, b] { fn(a, b); });
  }

  void sync() override {
    std::promise<void> done;
    auto ran = done.get_future();
    asio::post(io_, [&done] { done.set_value(); });
    ran.wait();
  }

  asio::io_context& context() override {
    return io_;
  }

  void stop() override {
    std::lock_guard<std::mutex> guard{stop_mutex_};
    if (!thread_.joinable())
      return;
    sync();
    io_.stop();
    thread_.join();
    // Tasks that the last ones posted run here, on the caller's thread.
    io_.restart();
    auto* caller = std::exchange(current_thread, this);
    io_.poll();
    current_thread = caller;
  }

private:
  asio::io_context io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::mutex stop_mutex_;
  std::thread thread_;
};

} // namespace

std::unique_ptr<io_thread> io_thread::start() {
  return std::make_unique<io_thread_impl>();
}

io_thread* io_thread::current() {
  return current_thread;
}

} // namespace throng::http
