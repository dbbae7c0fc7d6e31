// The ticker's schedule of every account's ticks (tick_schedule.hpp).

#include "model/tick_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace throng::model {

namespace {

struct later {
  template <class E>
  bool operator()(const E& a, const E& b) const noexcept {
    return a.due_ns > b.due_ns || (a.due_ns == b.due_ns && a.slot > b.slot);
  }
};

} // namespace

tick_shape tick_shape::of(const think_spec& t) {
  tick_shape s;
  switch (t.how) {
    case think_spec::kind::none:
    case think_spec::kind::constant:
      break;
    case think_spec::kind::exponential:
      s.how = kind::exponential;
      break;
    case think_spec::kind::uniform: {
      const auto lo = static_cast<double>(std::min(t.min, t.max).count());
      const auto hi = static_cast<double>(std::max(t.min, t.max).count());
      if (lo + hi > 0) {
        s.how = kind::uniform;
        s.low = 2 * lo / (lo + hi);
        s.high = 2 * hi / (lo + hi);
      }
      break;
    }
    case think_spec::kind::paced:
      if (t.rate_per_s > 0) {
        s.how = kind::paced;
        s.own_ns = static_cast<std::int64_t>(std::clamp(1e9 / t.rate_per_s, 1e3, 1e18));
      }
      break;
  }
  return s;
}

void tick_schedule::add(std::uint32_t slot, std::int64_t first_due_ns,
                        const tick_shape& shape) {
  const bool shaped = shape.how != tick_shape::kind::fixed;
  if (shaped) {
    if (shapes_.size() <= slot)
      shapes_.resize(slot + 1);
    shapes_[slot] = shape;
  }
  heap_.push_back({first_due_ns, slot, shaped});
  std::push_heap(heap_.begin(), heap_.end(), later{});
}

void tick_schedule::remove_if(const std::function<bool(std::uint32_t)>& gone) {
  auto end = std::remove_if(heap_.begin(), heap_.end(),
                            [&](const entry& e) { return gone(e.slot); });
  if (end == heap_.end())
    return;
  heap_.erase(end, heap_.end());
  std::make_heap(heap_.begin(), heap_.end(), later{});
}

void tick_schedule::set_interval(std::int64_t interval_ns, std::int64_t now_ns) {
  if (interval_ns == interval_ns_)
    return;
  const double scale = static_cast<double>(interval_ns) / static_cast<double>(interval_ns_);
  for (auto& e : heap_)
    if (e.due_ns > now_ns
        && !(e.shaped && shapes_[e.slot].how == tick_shape::kind::paced))
      e.due_ns = now_ns + static_cast<std::int64_t>(
                            static_cast<double>(e.due_ns - now_ns) * scale);
  interval_ns_ = interval_ns;
  // Scaling keeps the order of due times, but rounding may tie two that
  // the slot then orders differently.
  std::make_heap(heap_.begin(), heap_.end(), later{});
}

void tick_schedule::take_due(std::int64_t now_ns, const fire_function& fire) {
  while (!heap_.empty() && heap_.front().due_ns <= now_ns) {
    std::pop_heap(heap_.begin(), heap_.end(), later{});
    auto& e = heap_.back();
    const auto first = e.due_ns;
    auto last = first;
    std::uint64_t more = 0;
    if (e.shaped) {
      more = rearm_shaped(e, now_ns, last);
    } else {
      const auto missed = (now_ns - first) / interval_ns_;
      more = static_cast<std::uint64_t>(missed);
      last = first + missed * interval_ns_;
      e.due_ns = last + interval_ns_;
    }
    fire(e.slot, first, last, more + 1);
    std::push_heap(heap_.begin(), heap_.end(), later{});
  }
}

std::int64_t tick_schedule::draw(const tick_shape& s) {
  double ns = static_cast<double>(interval_ns_);
  switch (s.how) {
    case tick_shape::kind::fixed:
      break;
    case tick_shape::kind::exponential:
      // 1 - u is in (0, 1]: the logarithm is finite.
      ns *= -std::log1p(-rng_.uniform());
      break;
    case tick_shape::kind::uniform:
      ns *= s.low + (s.high - s.low) * rng_.uniform();
      break;
    case tick_shape::kind::paced:
      return s.own_ns;
  }
  // At least 1 us: a zero draw would fire the account again at once.
  return std::max<std::int64_t>(1000, static_cast<std::int64_t>(ns));
}

std::uint64_t tick_schedule::rearm_shaped(entry& e, std::int64_t now_ns,
                                          std::int64_t& last_ns) {
  const auto& s = shapes_[e.slot];
  e.due_ns += draw(s);
  if (e.due_ns > now_ns)
    return 0;
  // Behind: the ticks missed are counted at the mean interval from the
  // next drawn one, and the schedule starts afresh.
  const auto mean = s.how == tick_shape::kind::paced ? s.own_ns : interval_ns_;
  const auto missed = (now_ns - e.due_ns) / mean + 1;
  last_ns = e.due_ns + (missed - 1) * mean;
  e.due_ns = now_ns + draw(s);
  return static_cast<std::uint64_t>(missed);
}

std::int64_t tick_schedule::next_due_ns() const noexcept {
  return heap_.empty() ? std::numeric_limits<std::int64_t>::max()
                       : heap_.front().due_ns;
}

} // namespace throng::model
