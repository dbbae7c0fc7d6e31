// The actor scheduler on the run's I/O threads (io_scheduler.hpp).

#include "actors/io_scheduler.hpp"

#include <utility>

#include <caf/actor_system.hpp>
#include <caf/execution_unit.hpp>
#include <caf/resumable.hpp>

namespace throng::actors {

namespace {

// The calling thread's unit while an io_scheduler runs on it (set by
// start(), cleared by stop()), and whether an actor is running on it.
thread_local caf::execution_unit* home_unit = nullptr;
thread_local bool running_actor = false;

} // namespace

/// The execution unit of one I/O thread: what an actor running there makes
/// ready runs there too, after what is queued; what a task of the thread
/// outside any actor makes ready with it (here()) runs at once.
class io_scheduler::unit final : public caf::execution_unit {
public:
  unit(caf::actor_system& sys, io_scheduler& owner, http::io_thread& thread)
    : caf::execution_unit(&sys), owner_(owner), thread_(thread) {
  }

  void exec_later(caf::resumable* job) override {
    if (home_unit == this && !running_actor)
      io_scheduler::run(*this, job);
    else
      post(job);
  }

  /// Queues `job` on the thread.
  void post(caf::resumable* job) {
    owner_.queued_.fetch_add(1, std::memory_order_relaxed);
    thread_.post(&io_scheduler::resume, this, job);
  }

  io_scheduler& owner() {
    return owner_;
  }

  http::io_thread& thread() {
    return thread_;
  }

private:
  io_scheduler& owner_;
  http::io_thread& thread_;
};

void io_scheduler::install(caf::actor_system_config& cfg,
                           std::vector<http::io_thread*> threads) {
  cfg.set("scheduler.max-threads", threads.size());
  cfg.module_factories.push_back(
    [threads = std::move(threads)](caf::actor_system& sys) -> caf::actor_system::module* {
      return new io_scheduler(sys, threads);
    });
}

io_scheduler::io_scheduler(caf::actor_system& sys, std::vector<http::io_thread*> threads)
  : caf::scheduler::abstract_coordinator(sys) {
  for (auto* t : threads)
    units_.push_back(std::make_unique<unit>(sys, *this, *t));
}

io_scheduler::~io_scheduler() = default;

void io_scheduler::enqueue(caf::resumable* job) {
  auto* here = http::io_thread::current();
  for (auto& u : units_)
    if (&u->thread() == here) {
      u->post(job);
      return;
    }
  auto i = next_.fetch_add(1, std::memory_order_relaxed) % units_.size();
  units_[i]->post(job);
}

caf::execution_unit* io_scheduler::here() noexcept {
  return home_unit;
}

caf::actor_clock& io_scheduler::clock() noexcept {
  return clock_;
}

void io_scheduler::run(unit& u, caf::resumable* job) {
  running_actor = true;
  const auto next = job->resume(&u, u.owner().max_throughput());
  running_actor = false;
  switch (next) {
    case caf::resumable::resume_later:
      u.post(job); // keeps its reference
      break;
    case caf::resumable::done:
    case caf::resumable::awaiting_message:
    case caf::resumable::shutdown_execution_unit:
      caf::intrusive_ptr_release(job);
      break;
  }
}

void io_scheduler::resume(void* u, void* job) {
  auto& self = *static_cast<unit*>(u);
  run(self, static_cast<caf::resumable*>(job));
  self.owner().queued_.fetch_sub(1, std::memory_order_release);
}

void io_scheduler::start() {
  for (auto& u : units_)
    u->thread().post([](void* self, void*) { home_unit = static_cast<unit*>(self); }, u.get(),
                     nullptr);
  timer_ = std::thread{[this] { clock_.run_dispatch_loop(); }};
  caf::scheduler::abstract_coordinator::start();
}

void io_scheduler::stop() {
  stop_actors();
  // Every actor has finished by now; what is still queued only cleans up.
  do {
    for (auto& u : units_)
      u->thread().sync();
  } while (queued_.load(std::memory_order_acquire) != 0);
  for (auto& u : units_) {
    u->thread().post([](void*, void*) { home_unit = nullptr; }, nullptr, nullptr);
    u->thread().sync();
  }
  clock_.cancel_dispatch_loop();
  timer_.join();
}

} // namespace throng::actors
