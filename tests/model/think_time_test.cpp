// Tests of think_time: the delays of each kind.

#include "model/think_time.hpp"

#include <gtest/gtest.h>

namespace throng::model {
namespace {

using namespace std::chrono_literals;

double mean_ms(const think_time& t, int n, std::chrono::nanoseconds* lo = nullptr,
               std::chrono::nanoseconds* hi = nullptr) {
  rng r{42};
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    auto d = t.next(r);
    if (lo != nullptr && (i == 0 || d < *lo))
      *lo = d;
    if (hi != nullptr && (i == 0 || d > *hi))
      *hi = d;
    sum += static_cast<double>(d.count()) / 1e6;
  }
  return sum / n;
}

TEST(think_time, none_and_constant_are_fixed) {
  rng r{1};
  EXPECT_EQ(think_time{think_spec{}}.next(r), 0ns);
  think_spec c;
  c.how = think_spec::kind::constant;
  c.value = 250ms;
  EXPECT_EQ(think_time{c}.next(r), 250ms);
  EXPECT_EQ(think_time{c}.next(r), 250ms);
}

TEST(think_time, uniform_stays_within_bounds_around_the_middle) {
  think_spec u;
  u.how = think_spec::kind::uniform;
  u.min = 100ms;
  u.max = 300ms;
  std::chrono::nanoseconds lo{}, hi{};
  EXPECT_NEAR(mean_ms(think_time{u}, 100'000, &lo, &hi), 200, 2);
  EXPECT_GE(lo, 100ms);
  EXPECT_LE(hi, 300ms);
  std::swap(u.min, u.max);
  EXPECT_NEAR(mean_ms(think_time{u}, 100'000), 200, 2);
}

TEST(think_time, exponential_has_the_mean_asked_for) {
  think_spec e;
  e.how = think_spec::kind::exponential;
  e.value = 50ms;
  std::chrono::nanoseconds lo{}, hi{};
  EXPECT_NEAR(mean_ms(think_time{e}, 200'000, &lo, &hi), 50, 1.5);
  EXPECT_GE(lo, 0ns);
  EXPECT_GT(hi, 250ms); // a long tail, unlike uniform
}

TEST(think_time, paced_is_the_interval_between_starts) {
  think_spec p;
  p.how = think_spec::kind::paced;
  p.rate_per_s = 4;
  rng r{1};
  EXPECT_EQ(think_time{p}.next(r), 250ms);
  p.rate_per_s = 0;
  EXPECT_EQ(think_time{p}.next(r), 0ns);
}

} // namespace
} // namespace throng::model
