// The open model's clock (tick_clock.hpp).

#include "actors/tick_clock.hpp"

#include <algorithm>

#include "http/message.hpp"

namespace throng::actors {

namespace {

// Clamped so that an absurd rate neither spins the ticker on a zero
// interval nor overflows: between 1 us and about 30 years.
std::int64_t interval_for(std::size_t accounts, double rpm) {
  return static_cast<std::int64_t>(std::clamp(
    static_cast<double>(std::max<std::size_t>(accounts, 1)) * 60e9 / rpm, 1e3, 1e18));
}

// The most lateness samples one tick run gives: a run of more ticks (an
// interval far below the ticker's wake-up) is recorded in this many steps.
constexpr std::uint64_t max_steps = 64;

} // namespace

tick_clock::tick_clock(double rpm, std::uint64_t seed)
  : rpm_(rpm), schedule_(interval_for(1, rpm), model::derive_seed(seed, ~std::uint64_t{1})),
    phase_(model::derive_seed(seed, ~std::uint64_t{0})) {}

void tick_clock::respread() {
  schedule_.set_interval(interval_for(active_, rpm_), http::now_ns());
}

void tick_clock::join(ticker_join& j) {
  if (j.inboxes != nullptr)
    inboxes_ = j.inboxes;
  const auto end = static_cast<std::size_t>(j.first_index) + j.accounts.size();
  if (accounts_.size() < end) {
    accounts_.resize(end);
    paced_.resize(end);
  }
  auto shape_of = [&j](std::size_t i) {
    return i < j.shapes.size() ? j.shapes[i] : model::tick_shape{};
  };
  for (std::size_t i = 0; i < j.accounts.size(); ++i)
    if (shape_of(i).how != model::tick_shape::kind::paced)
      ++active_;
  respread();
  const auto now = http::now_ns();
  for (std::size_t i = 0; i < j.accounts.size(); ++i) {
    const auto slot = j.first_index + static_cast<std::uint32_t>(i);
    const auto shape = shape_of(i);
    paced_[slot] = shape.how == model::tick_shape::kind::paced;
    const auto interval = static_cast<double>(paced_[slot] ? shape.own_ns
                                                           : schedule_.interval_ns());
    accounts_[slot] = std::move(j.accounts[i]);
    schedule_.add(slot, now + static_cast<std::int64_t>(phase_.uniform() * interval), shape);
  }
}

std::vector<std::pair<std::uint32_t, caf::actor>> tick_clock::leave(const ticker_leave& l) {
  std::vector<std::pair<std::uint32_t, caf::actor>> out;
  for (auto slot : l.indices) {
    if (slot >= accounts_.size() || !accounts_[slot])
      continue;
    out.emplace_back(slot, std::exchange(accounts_[slot], caf::actor{}));
    if (!paced_[slot])
      --active_;
  }
  schedule_.remove_if([&](std::uint32_t slot) { return !accounts_[slot]; });
  respread();
  return out;
}

void tick_clock::set_rate(double rpm) {
  rpm_ = rpm;
  respread();
}

void tick_clock::record_lateness(std::int64_t now, const tick_run& r) {
  const auto steps = std::min(r.n, max_steps);
  const auto span = static_cast<double>(r.last - r.first);
  for (std::uint64_t i = 0; i < steps; ++i) {
    const auto n = r.n / steps + (i < r.n % steps ? 1 : 0);
    const auto t = steps == 1 ? r.first
                              : r.first + static_cast<std::int64_t>(
                                  span * static_cast<double>(i) / static_cast<double>(steps - 1));
    lateness_.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - t)) / 1000, n);
  }
}

void tick_clock::fire(std::int64_t now_ns, std::atomic<std::int64_t>& backlog,
                      std::vector<wake>& wakes) {
  schedule_.take_due(now_ns, [this](std::uint32_t slot, std::int64_t first, std::int64_t last,
                                    std::uint64_t n) { due_.push_back({slot, first, last, n}); });
  std::int64_t ticks = 0;
  const auto now = http::now_ns();
  for (const auto& r : due_) {
    ticks += static_cast<std::int64_t>(r.n);
    record_lateness(now, r);
  }
  if (ticks > 0)
    backlog.fetch_add(ticks, std::memory_order_relaxed);
  for (const auto& r : due_)
    if ((*inboxes_)[r.slot].add(r.first, r.last, r.n))
      wakes.emplace_back(r.slot, &accounts_[r.slot]);
  due_.clear();
}

stats::histogram tick_clock::take_lateness() {
  return std::exchange(lateness_, stats::histogram{});
}

} // namespace throng::actors
