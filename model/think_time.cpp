// Drawing think times (think_time.hpp).

#include "model/think_time.hpp"

#include <algorithm>
#include <cmath>

namespace throng::model {

std::chrono::nanoseconds think_time::next(rng& r) const noexcept {
  using std::chrono::nanoseconds;
  switch (spec_.how) {
    case think_spec::kind::none:
      return nanoseconds{0};
    case think_spec::kind::constant:
      return spec_.value;
    case think_spec::kind::uniform: {
      auto lo = std::min(spec_.min, spec_.max).count();
      auto hi = std::max(spec_.min, spec_.max).count();
      return nanoseconds{lo + static_cast<std::int64_t>(r.below(
                                static_cast<std::uint64_t>(hi - lo) + 1))};
    }
    case think_spec::kind::exponential: {
      // 1 - u is in (0, 1]: the logarithm is finite.
      auto x = -std::log1p(-r.uniform()) * static_cast<double>(spec_.value.count());
      return nanoseconds{static_cast<std::int64_t>(x)};
    }
    case think_spec::kind::paced:
      if (!(spec_.rate_per_s > 0))
        return nanoseconds{0};
      // Clamped: a rate near zero would overflow the count.
      return nanoseconds{static_cast<std::int64_t>(std::min(1e9 / spec_.rate_per_s, 9e18))};
  }
  return nanoseconds{0};
}

} // namespace throng::model
