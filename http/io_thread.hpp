#pragma once

// One I/O thread: an Asio I/O context and the thread that runs it, on which
// client pools keep their connections and a run's actors can run too. Asio
// stays in io_thread.cpp; the I/O context is only named here.

#include <cstddef>
#include <memory>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace throng::http {

/// An I/O context and the one thread that runs it until stop(). Client
/// pools made on it (client_pool::create) run their connections here, and
/// the run's actor scheduler (actors::thread_scheduler) runs actors here,
/// so that an account, its connections and its answers share one thread.
/// post() and current() are thread-safe; stop() must not be called from
/// the thread itself. Destroying it stops it.
class io_thread {
public:
  /// A task: a function and the two pointers it is called with.
  using task_fn = void (*)(void* a, void* b);

  /// Starts an I/O thread. Throws std::system_error when no thread can be
  /// started.
  static std::unique_ptr<io_thread> start();

  virtual ~io_thread() = default;

  /// Runs `fn(a, b)` on the thread, after what was posted before it from
  /// the same thread. Never runs it in the caller's stack. Tasks still
  /// queued when stop() runs are run by stop() before it returns.
  virtual void post(task_fn fn, void* a, void* b) = 0;

  /// Waits until what was posted before this call has run. Not from the
  /// thread itself.
  virtual void sync() = 0;

  /// Returns the I/O context, for the connections that run on it.
  virtual boost::asio::io_context& context() = 0;

  /// Runs what is still queued, then stops the thread and joins it.
  /// Idempotent.
  virtual void stop() = 0;

  /// Returns the io_thread whose thread calls this, or nullptr.
  static io_thread* current();
};

} // namespace throng::http
