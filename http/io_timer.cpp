// A timer on one io_thread (io_timer.hpp).

#include "http/io_timer.hpp"

#include <chrono>
#include <utility>

#include "http/asio_core.hpp"

namespace throng::http {

namespace {

namespace asio = boost::asio;

// The timer's state, shared with its pending waits so that a wait the
// timer's owner gave up on can still finish on the thread; touched on the
// thread only, once started.
class timer_state : public std::enable_shared_from_this<timer_state> {
public:
  timer_state(io_thread& thread, io_timer::task fn)
    : thread_(thread), timer_(thread.context()), fn_(std::move(fn)) {}

  // Runs the task from the thread and waits for the time it returns.
  void run() {
    if (stopped_)
      return;
    const auto next = fn_();
    if (next < 0) {
      stopped_ = true;
      return;
    }
    do_wait(next);
  }

  // Stops the timer, from the thread.
  void halt() {
    stopped_ = true;
    timer_.cancel();
  }

  io_thread& thread() { return thread_; }

private:
  void do_wait(std::int64_t at_ns) {
    // Re-arming cancels the wait before it, which then ends with
    // operation_aborted.
    timer_.expires_at(std::chrono::steady_clock::time_point{std::chrono::nanoseconds{at_ns}});
    timer_.async_wait(
      [self = shared_from_this()](const boost::system::error_code& ec) { self->on_wait(ec); });
  }

  void on_wait(const boost::system::error_code& ec) {
    if (ec)
      return;
    run();
  }

  io_thread& thread_;
  asio::steady_timer timer_;
  io_timer::task fn_;
  bool stopped_ = false;
};

// Runs `Fn` of the timer_state that `p` (a shared_ptr it takes) holds.
template <void (timer_state::*Fn)()>
void call(void* p, void*) {
  std::unique_ptr<std::shared_ptr<timer_state>> held{static_cast<std::shared_ptr<timer_state>*>(p)};
  ((**held).*Fn)();
}

class io_timer_impl final : public io_timer {
public:
  explicit io_timer_impl(std::shared_ptr<timer_state> state) : state_(std::move(state)) {
    post<&timer_state::run>();
  }

  ~io_timer_impl() override { stop(); }

  void wake() override { post<&timer_state::run>(); }

  void stop() override {
    if (!state_)
      return;
    post<&timer_state::halt>();
    state_->thread().sync();
    state_.reset();
  }

private:
  // Has the thread run `Fn`: the task holds the state until it ran.
  template <void (timer_state::*Fn)()>
  void post() {
    if (state_)
      state_->thread().post(&call<Fn>, new std::shared_ptr<timer_state>(state_), nullptr);
  }

  std::shared_ptr<timer_state> state_;
};

} // namespace

std::unique_ptr<io_timer> io_timer::start(io_thread& thread, task fn) {
  return std::make_unique<io_timer_impl>(std::make_shared<timer_state>(thread, std::move(fn)));
}

} // namespace throng::http
