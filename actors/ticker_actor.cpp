#include "actors/ticker_actor.hpp"

#include <algorithm>
#include <chrono>

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
// The longest sleep, so that a stopping run is noticed quickly.
constexpr std::int64_t max_sleep_ns = 50'000'000;

} // namespace

void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args) {
  tick_schedule schedule{args->interval_ns};
  for (std::size_t i = 0; i < args->accounts.size(); ++i)
    schedule.add(static_cast<std::uint32_t>(i), args->first_due_ns[i]);
  const auto& accounts = args->accounts;
  auto fire = [&](std::uint32_t slot, std::int64_t due) {
    self->send(accounts[slot], tick_atom::value, due);
  };
  while (!args->control->stopping.load(std::memory_order_relaxed)) {
    schedule.take_due(http::now_ns(), fire);
    auto wait = std::clamp(schedule.next_due_ns() - http::now_ns(), min_sleep_ns,
                           max_sleep_ns);
    self->receive(caf::after(std::chrono::nanoseconds(wait)) >> [] {});
  }
}

} // namespace throng::actors
