// An account's backlog of ticks not sent yet (tick_backlog.hpp).

#include "model/tick_backlog.hpp"

#include <algorithm>

namespace throng::model {

void tick_backlog::add(std::int64_t first_ns, std::int64_t last_ns,
                       std::uint64_t n) noexcept {
  if (n == 0)
    return;
  if (count_ == 0) {
    first_ns_ = first_ns;
    last_ns_ = std::max(first_ns, last_ns);
  } else {
    first_ns_ = std::min(first_ns_, first_ns);
    last_ns_ = std::max({last_ns_, first_ns, last_ns});
  }
  count_ += n;
}

std::int64_t tick_backlog::take() noexcept {
  const auto due = first_ns_;
  // The step to the next tick is what is left of the span over what is
  // left of the ticks: exact when the span is a whole number of equal
  // intervals; with rounding the last tick still falls on last_ns_.
  if (count_ > 1)
    first_ns_ += (last_ns_ - first_ns_) / static_cast<std::int64_t>(count_ - 1);
  --count_;
  return due;
}

} // namespace throng::model
