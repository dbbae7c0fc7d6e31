#pragma once

// A timer on one io_thread that runs a task at the times the task asks
// for: a clock beside the thread's connections, rather than a thread of
// its own that must be woken for each of its turns.

#include <cstdint>
#include <functional>
#include <memory>

#include "http/io_thread.hpp"

namespace throng::http {

/// A timer that runs a task on one io_thread: at once, then at each time
/// the task returns (steady clock, as now_ns()), until the task returns a
/// negative time or stop() is called. Earlier times than now run as soon
/// as the thread is free. The task runs on the thread only, never twice at
/// once. Not thread-safe itself: wake() and stop() may be called from any
/// thread, but one at a time, and stop() not from the timer's thread;
/// destroying the timer stops it. The thread must outlive the timer.
class io_timer {
public:
  /// What the timer runs: returns when (now_ns() clock) to run next, or a
  /// negative time to stop.
  using task = std::function<std::int64_t()>;

  /// Starts a timer on `thread` that runs `fn` first as soon as the thread
  /// is free.
  static std::unique_ptr<io_timer> start(io_thread& thread, task fn);

  virtual ~io_timer() = default;

  /// Runs the task as soon as the thread is free, whenever it was due
  /// next; then at the time it returns. Does nothing once stopped.
  virtual void wake() = 0;

  /// Stops the timer: once this returns, the task is not running and never
  /// runs again. Idempotent.
  virtual void stop() = 0;
};

} // namespace throng::http
