#include "actors/ticker_actor.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/tick_schedule.hpp"
#include "http/message.hpp"

namespace throng::actors {

namespace {

// The shortest sleep: at high tick rates the ticker wakes at most every
// 50 us and sends what came due meanwhile, rather than spinning. A tick may
// so go out up to that much late, which shows in the latency measured from
// its due time (as does any other delay of the client's own).
constexpr std::int64_t min_sleep_ns = 50'000;
constexpr std::int64_t flush_interval_ns = 1'000'000'000;
// The longest sleep, so that a stopping run is noticed quickly.
constexpr std::int64_t max_sleep_ns = 50'000'000;

} // namespace

void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args) {
  tick_schedule schedule{args->interval_ns};
  for (std::size_t i = 0; i < args->accounts.size(); ++i)
    schedule.add(static_cast<std::uint32_t>(i), args->first_due_ns[i]);
  const auto& accounts = args->accounts;
  auto& control = *args->control;
  std::uint64_t skipped = 0;
  auto fire = [&](std::uint32_t slot, std::int64_t due) {
    if (control.busy[slot].load(std::memory_order_relaxed))
      ++skipped;
    else
      self->send(accounts[slot], tick_atom::value, due);
  };
  auto flush = [&] {
    if (skipped == 0)
      return;
    stats_delta d;
    d.figures.skipped_ticks = std::exchange(skipped, 0);
    self->send(args->stats, std::move(d));
  };
  auto next_flush = http::now_ns() + flush_interval_ns;
  auto skip = [&](std::uint32_t, std::uint64_t n) { skipped += n; };
  while (!control.stopping.load(std::memory_order_relaxed)) {
    auto now = http::now_ns();
    schedule.take_due(now, fire, skip);
    if (now >= next_flush) {
      flush();
      next_flush = now + flush_interval_ns;
    }
    auto wait = std::clamp(schedule.next_due_ns() - http::now_ns(), min_sleep_ns,
                           max_sleep_ns);
    self->receive(caf::after(std::chrono::nanoseconds(wait)) >> [] {});
  }
  flush();
  control.ticker_done = true;
}

} // namespace throng::actors
