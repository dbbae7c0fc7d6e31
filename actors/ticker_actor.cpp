// The ticker actor (ticker_actor.hpp).

#include "actors/ticker_actor.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "model/rng.hpp"
#include "model/tick_inbox.hpp"
#include "http/message.hpp"
#include "model/tick_schedule.hpp"
#include "stats/histogram.hpp"

namespace throng::actors {

namespace {

// The shortest sleep: at high tick rates the ticker wakes at most every
// 50 us and sends what came due meanwhile, rather than spinning. A tick may
// so go out up to that much late, which shows in the latency measured from
// its due time (as does any other delay of the client's own).
constexpr std::int64_t min_sleep_ns = 50'000;
// The longest sleep, so that a stopping run is noticed quickly.
constexpr std::int64_t max_sleep_ns = 50'000'000;

// Clamped so that an absurd rate neither spins the ticker on a zero
// interval nor overflows: between 1 us and about 30 years.
std::int64_t interval_for(std::size_t accounts, double rpm) {
  return static_cast<std::int64_t>(std::clamp(
    static_cast<double>(std::max<std::size_t>(accounts, 1)) * 60e9 / rpm, 1e3, 1e18));
}

// The ticks one account is sent: `n` due from `first` to `last`.
struct tick_run {
  std::uint32_t slot;
  std::int64_t first;
  std::int64_t last;
  std::uint64_t n;
};

// The most lateness samples one tick run gives: a run of more ticks (an
// interval far below the ticker's wake-up) is recorded in this many steps.
constexpr std::uint64_t max_steps = 64;

// Records in `lateness` how late (in us) the `r.n` ticks of `r`, due evenly
// from `r.first` to `r.last`, go out at `now`.
void record_lateness(stats::histogram& lateness, std::int64_t now, const tick_run& r) {
  const auto steps = std::min(r.n, max_steps);
  const auto span = static_cast<double>(r.last - r.first);
  for (std::uint64_t i = 0; i < steps; ++i) {
    const auto n = r.n / steps + (i < r.n % steps ? 1 : 0);
    const auto t = steps == 1 ? r.first
                              : r.first + static_cast<std::int64_t>(
                                  span * static_cast<double>(i) / static_cast<double>(steps - 1));
    lateness.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - t)) / 1000, n);
  }
}

// The messages of one wake-up for the accounts of one I/O thread, sent from
// that thread: a tick_atom wakes a listening account, a retire_atom retires
// one.
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

// Sends `account` (of `slot`) its retire_atom, after its ticks: through its
// thread when its wake-ups go that way.
void retire(caf::blocking_actor* self, const caf::actor& account, std::uint32_t slot,
            const std::vector<http::io_thread*>& threads) {
  if (threads.empty()) {
    self->send(account, retire_atom::value);
    return;
  }
  auto b = std::make_unique<wake_batch>();
  b->sends.emplace_back(account, retire_atom::value);
  threads[slot % threads.size()]->post(&wake_batch::send_all, b.release(), nullptr);
}

// Wakes the accounts of the slots in `wakes`: through the threads they run
// on, one batch each, or directly.
void send_wakes(caf::blocking_actor* self, const std::vector<caf::actor>& accounts,
                const std::vector<std::uint32_t>& wakes,
                const std::vector<http::io_thread*>& threads) {
  if (threads.empty()) {
    for (auto slot : wakes)
      self->send(accounts[slot], tick_atom::value);
    return;
  }
  std::vector<std::unique_ptr<wake_batch>> batches(threads.size());
  for (auto slot : wakes) {
    auto& b = batches[slot % threads.size()];
    if (!b)
      b = std::make_unique<wake_batch>();
    b->sends.emplace_back(accounts[slot], tick_atom::value);
  }
  for (std::size_t i = 0; i < threads.size(); ++i)
    if (batches[i])
      threads[i]->post(&wake_batch::send_all, batches[i].release(), nullptr);
}

// Puts every tick that came due in its account's inbox, busy or not, and
// wakes the accounts that listened. The lot is counted in the crowd's
// backlog first (one write to a shared line), so that an account's taking a
// tick off never comes before; how late each went out goes to `lateness`;
// `due` is emptied.
void send_due(caf::blocking_actor* self, const std::vector<caf::actor>& accounts,
              const std::vector<model::tick_inbox*>& inboxes, std::vector<tick_run>& due,
              run_control& control, stats::histogram& lateness,
              const std::vector<http::io_thread*>& threads) {
  std::int64_t ticks = 0;
  const auto now = http::now_ns();
  for (const auto& r : due) {
    ticks += static_cast<std::int64_t>(r.n);
    record_lateness(lateness, now, r);
  }
  if (ticks > 0)
    control.tick_backlog.fetch_add(ticks, std::memory_order_relaxed);
  std::vector<std::uint32_t> wakes;
  for (const auto& r : due)
    if (inboxes[r.slot]->add(r.first, r.last, r.n))
      wakes.push_back(r.slot);
  if (!wakes.empty())
    send_wakes(self, accounts, wakes, threads);
  due.clear();
}

} // namespace

void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args) {
  auto& control = *args->control;
  double rpm = args->rpm;
  std::size_t active = 0;
  std::vector<caf::actor> accounts; // by index; empty once an account left
  std::vector<model::tick_inbox*> inboxes; // by index
  // By index: paced accounts keep their own rate and take no share of the
  // run's.
  std::vector<bool> paced;
  model::tick_schedule schedule{interval_for(1, rpm), model::derive_seed(args->seed, ~std::uint64_t{1})};
  model::rng phase(model::derive_seed(args->seed, ~std::uint64_t{0}));
  std::vector<tick_run> due;
  stats::histogram lateness;
  auto fire = [&](std::uint32_t slot, std::int64_t first, std::int64_t last,
                  std::uint64_t n) { due.push_back({slot, first, last, n}); };
  auto respread = [&] { schedule.set_interval(interval_for(active, rpm), http::now_ns()); };
  auto join = [&](ticker_join& j) {
    const auto end = static_cast<std::size_t>(j.first_index) + j.accounts.size();
    if (accounts.size() < end) {
      accounts.resize(end);
      inboxes.resize(end);
      paced.resize(end);
    }
    auto shape_of = [&j](std::size_t i) {
      return i < j.shapes.size() ? j.shapes[i] : model::tick_shape{};
    };
    for (std::size_t i = 0; i < j.accounts.size(); ++i)
      if (shape_of(i).how != model::tick_shape::kind::paced)
        ++active;
    respread();
    const auto now = http::now_ns();
    for (std::size_t i = 0; i < j.accounts.size(); ++i) {
      const auto slot = j.first_index + static_cast<std::uint32_t>(i);
      const auto shape = shape_of(i);
      paced[slot] = shape.how == model::tick_shape::kind::paced;
      const auto interval = static_cast<double>(paced[slot] ? shape.own_ns
                                                            : schedule.interval_ns());
      accounts[slot] = std::move(j.accounts[i]);
      inboxes[slot] = j.inboxes[i];
      schedule.add(slot, now + static_cast<std::int64_t>(phase.uniform() * interval), shape);
    }
  };
  auto leave = [&](const ticker_leave& l) {
    for (auto slot : l.indices) {
      if (slot >= accounts.size() || !accounts[slot])
        continue;
      // After its last tick, in order: no tick can reach it once retired.
      retire(self, accounts[slot], slot, args->threads);
      accounts[slot] = caf::actor{};
      inboxes[slot] = nullptr;
      if (!paced[slot])
        --active;
    }
    schedule.remove_if([&](std::uint32_t slot) { return !accounts[slot]; });
    respread();
  };
  while (!control.stopping.load(std::memory_order_relaxed)) {
    auto now = http::now_ns();
    schedule.take_due(now, fire);
    send_due(self, accounts, inboxes, due, control, lateness, args->threads);
    auto wait = std::clamp(schedule.next_due_ns() - http::now_ns(), min_sleep_ns,
                           max_sleep_ns);
    self->receive(
      [&](ticker_join& j) { join(j); },
      [&](const ticker_leave& l) { leave(l); },
      [&](rate_atom, double r) {
        rpm = r;
        respread();
      },
      caf::after(std::chrono::nanoseconds(wait)) >> [] {});
  }
  control.tick_lateness_us = std::move(lateness);
  control.ticker_done = true;
}

} // namespace throng::actors
