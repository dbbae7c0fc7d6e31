// The ticker actor (ticker_actor.hpp).

#include "actors/ticker_actor.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/tick_clock.hpp"
#include "http/io_timer.hpp"
#include "http/message.hpp"

namespace throng::actors {

namespace {

// The shortest sleep: at high tick rates the clock runs at most every
// 50 us and hands over what came due meanwhile, rather than spinning. A
// tick may so go out up to that much late, which shows in the latency
// measured from its due time (as does any other delay of the client's own).
constexpr std::int64_t min_sleep_ns = 50'000;
// The longest sleep, so that a stopping run is noticed quickly.
constexpr std::int64_t max_sleep_ns = 50'000'000;

// The messages for the accounts of one I/O thread, sent from that thread:
// a tick_atom wakes a listening account, a retire_atom retires one.
struct wake_batch {
  std::vector<std::pair<caf::actor, caf::atom_value>> sends;

  // Sends the messages of `batch` (a wake_batch it takes) on the calling
  // thread.
  static void send_all(void* batch, void*) {
    std::unique_ptr<wake_batch> b{static_cast<wake_batch*>(batch)};
    for (auto& [account, what] : b->sends)
      caf::anon_send(account, what);
  }
};

// Sends `what` to each of `to` (slot, actor): at once to those that run on
// the calling thread (`here`), or to all when there are no `threads`; to
// the others from their own thread, one batch per thread.
void send_each(const std::vector<tick_clock::wake>& to,
               caf::atom_value what, const std::vector<http::io_thread*>& threads,
               const http::io_thread* here) {
  std::vector<std::unique_ptr<wake_batch>> batches(threads.size());
  for (const auto& [slot, account] : to) {
    auto* home = threads.empty() ? nullptr : threads[slot % threads.size()];
    if (home == here) {
      caf::anon_send(*account, what);
      continue;
    }
    auto& b = batches[slot % threads.size()];
    if (!b)
      b = std::make_unique<wake_batch>();
    b->sends.emplace_back(*account, what);
  }
  for (std::size_t i = 0; i < threads.size(); ++i)
    if (batches[i])
      threads[i]->post(&wake_batch::send_all, batches[i].release(), nullptr);
}

// Puts what came due by now in the inboxes and wakes the accounts that
// listened, from the calling thread `here`; returns when to run next.
std::int64_t turn(tick_clock& clock, run_control& control,
                  const std::vector<http::io_thread*>& threads, const http::io_thread* here,
                  std::vector<tick_clock::wake>& wakes) {
  clock.fire(http::now_ns(), control.tick_backlog, wakes);
  send_each(wakes, tick_atom::value, threads, here);
  wakes.clear();
  const auto now = http::now_ns();
  return std::clamp(clock.next_due_ns(), now + min_sleep_ns, now + max_sleep_ns);
}

// Retires the accounts that left, after their last tick: each from its
// own thread, as its wake-ups went.
void retire(const std::vector<std::pair<std::uint32_t, caf::actor>>& gone,
            const std::vector<http::io_thread*>& threads) {
  std::vector<tick_clock::wake> to;
  to.reserve(gone.size());
  for (const auto& [slot, account] : gone)
    to.emplace_back(slot, &account);
  send_each(to, retire_atom::value, threads, nullptr);
}

// The ticker on a thread of its own: sleeps until the earliest due tick or
// the next message.
void run_alone(caf::blocking_actor* self, tick_clock& clock, run_control& control) {
  const std::vector<http::io_thread*> none;
  std::vector<tick_clock::wake> wakes; // kept from turn to turn for its capacity
  while (!control.stopping.load(std::memory_order_relaxed)) {
    const auto next = turn(clock, control, none, nullptr, wakes);
    self->receive([&](ticker_join& j) { clock.join(j); },
                  [&](const ticker_leave& l) { retire(clock.leave(l), none); },
                  [&](rate_atom, double r) { clock.set_rate(r); },
                  caf::after(std::chrono::nanoseconds(next - http::now_ns())) >> [] {});
  }
}

// The ticker beside the accounts: the clock runs on the first I/O thread's
// timer, and this thread only hands it what the messages say (under a
// lock the timer takes for each turn) and watches for the run's end.
void run_on_thread(caf::blocking_actor* self, tick_clock& clock, run_control& control,
                   const std::vector<http::io_thread*>& threads) {
  std::mutex lock;
  std::vector<tick_clock::wake> wakes; // kept from turn to turn for its capacity
  auto* home = threads.front();
  auto timer = http::io_timer::start(*home, [&]() -> std::int64_t {
    if (control.stopping.load(std::memory_order_relaxed))
      return -1; // no tick past the run's end
    std::lock_guard<std::mutex> hold{lock};
    return turn(clock, control, threads, home, wakes);
  });
  // After a join, a leave or a new rate the ticks to come were re-spread:
  // the clock runs at once.
  auto locked = [&](auto&& change) {
    {
      std::lock_guard<std::mutex> hold{lock};
      change();
    }
    timer->wake();
  };
  while (!control.stopping.load(std::memory_order_relaxed))
    self->receive(
      [&](ticker_join& j) { locked([&] { clock.join(j); }); },
      [&](const ticker_leave& l) { locked([&] { retire(clock.leave(l), threads); }); },
      [&](rate_atom, double r) { locked([&] { clock.set_rate(r); }); },
      caf::after(std::chrono::nanoseconds(max_sleep_ns)) >> [] {});
  timer->stop();
}

} // namespace

void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args) {
  auto& control = *args->control;
  tick_clock clock{args->rpm, args->seed};
  if (args->threads.empty())
    run_alone(self, clock, control);
  else
    run_on_thread(self, clock, control, args->threads);
  control.tick_lateness_us = clock.take_lateness();
  control.ticker_done = true;
}

} // namespace throng::actors
