#include "actors/tick_schedule.hpp"

#include <algorithm>
#include <limits>

namespace throng::actors {

namespace {

struct later {
  template <class E>
  bool operator()(const E& a, const E& b) const noexcept {
    return a.due_ns > b.due_ns || (a.due_ns == b.due_ns && a.slot > b.slot);
  }
};

} // namespace

void tick_schedule::add(std::uint32_t slot, std::int64_t first_due_ns) {
  heap_.push_back({first_due_ns, slot});
  std::push_heap(heap_.begin(), heap_.end(), later{});
}

void tick_schedule::take_due(
  std::int64_t now_ns, const std::function<void(std::uint32_t, std::int64_t)>& fire,
  const std::function<void(std::uint32_t, std::uint64_t)>& skip) {
  while (!heap_.empty() && heap_.front().due_ns <= now_ns) {
    std::pop_heap(heap_.begin(), heap_.end(), later{});
    auto& e = heap_.back();
    fire(e.slot, e.due_ns);
    const auto missed = (now_ns - e.due_ns) / interval_ns_;
    if (missed > 0)
      skip(e.slot, static_cast<std::uint64_t>(missed));
    e.due_ns += (missed + 1) * interval_ns_;
    std::push_heap(heap_.begin(), heap_.end(), later{});
  }
}

std::int64_t tick_schedule::next_due_ns() const noexcept {
  return heap_.empty() ? std::numeric_limits<std::int64_t>::max()
                       : heap_.front().due_ns;
}

} // namespace throng::actors
