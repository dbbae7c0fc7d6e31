#pragma once

// The actor scheduler that runs a run's actors on its client I/O threads,
// so that an account, its pool's connections and its answers share one
// thread: a request crosses no thread between the account and the socket.

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <caf/actor_system_config.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include "http/io_thread.hpp"

namespace throng::actors {

/// A CAF scheduler whose workers are http::io_threads. An actor made ready
/// on one of them (by a message from an actor or a callback running there)
/// runs there next; one made ready from any other thread (the ticker, the
/// timer, a detached actor) runs on the threads in turn. An account whose
/// pool runs on thread k thus runs on k from its first answer on. The
/// threads are not its own: they must outlive the actor system; stop()
/// (the system's shut-down) runs every actor still queued. Delayed messages
/// and timeouts go through a clock thread of its own, as in CAF's own
/// schedulers. Thread-safe, as CAF requires of a scheduler.
class io_scheduler final : public caf::scheduler::abstract_coordinator {
public:
  /// Makes the actor systems built from `cfg` schedule their actors on
  /// `threads` (at least one), which must outlive them.
  static void install(caf::actor_system_config& cfg, std::vector<http::io_thread*> threads);

  io_scheduler(caf::actor_system& sys, std::vector<http::io_thread*> threads);

  ~io_scheduler() override;

  /// Runs `job` on the calling I/O thread, or on the next one in turn,
  /// after what is queued there.
  void enqueue(caf::resumable* job) override;

  /// Returns the execution unit of the calling I/O thread, or nullptr on
  /// any other thread. Made ready with it (abstract_actor::enqueue) from a
  /// task of that thread, an actor runs at once, before the task goes on:
  /// an answer reaches its account without a turn through the thread's
  /// queue. From inside an actor it queues, as CAF's own units do, so
  /// that no actor runs inside another.
  static caf::execution_unit* here() noexcept;

  caf::actor_clock& clock() noexcept override;

protected:
  void start() override;

  void stop() override;

private:
  class unit;

  // Resumes `job` on `u`, queueing it again when it yielded.
  static void run(unit& u, caf::resumable* job);

  // The task of a job queued on an I/O thread (`u`'s): runs it.
  static void resume(void* u, void* job);

  std::vector<std::unique_ptr<unit>> units_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::size_t> queued_{0}; // jobs posted and not yet resumed
  caf::detail::thread_safe_actor_clock clock_;
  std::thread timer_;
};

} // namespace throng::actors
