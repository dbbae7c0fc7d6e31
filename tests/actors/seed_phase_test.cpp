// Tests of seed_phase: the batches of accounts asked to seed, the reports
// counted, giving up and interrupts.

#include "actors/seed_phase.hpp"

#include <gtest/gtest.h>

namespace throng::actors {
namespace {

using range = std::pair<std::size_t, std::size_t>;

seed_report made(std::uint64_t notes, std::uint64_t errors = 0, std::string last_error = {}) {
  seed_report r;
  r.notes = notes;
  r.errors = errors;
  r.retries = errors;
  r.last_error = std::move(last_error);
  return r;
}

TEST(seed_phase, asks_a_batch_at_a_time_and_the_next_as_each_reports) {
  seed_phase p{5, 2};
  EXPECT_EQ(p.next(true), (range{0, 2}));
  EXPECT_EQ(p.next(true), (range{2, 2})); // the batch is full
  EXPECT_FALSE(p.over());
  EXPECT_FALSE(p.report(made(3)));
  EXPECT_EQ(p.next(true), (range{2, 3}));
  p.report(made(3));
  p.report(made(3));
  EXPECT_EQ(p.next(true), (range{3, 5}));
  p.report(made(3));
  EXPECT_EQ(p.next(true), (range{5, 5}));
  EXPECT_FALSE(p.over());
  p.report(made(3));
  EXPECT_EQ(p.next(true), (range{5, 5}));
  EXPECT_TRUE(p.over());
  EXPECT_EQ(p.figures().notes, 15u);
  EXPECT_FALSE(p.failure(5));
}

TEST(seed_phase, a_batch_of_zero_is_one_account_at_a_time) {
  seed_phase p{3, 0};
  EXPECT_EQ(p.next(true), (range{0, 1}));
  p.report(made(1));
  EXPECT_EQ(p.next(true), (range{1, 2}));
}

TEST(seed_phase, no_account_starts_once_the_caller_says_no) {
  seed_phase p{4, 2};
  EXPECT_EQ(p.next(true), (range{0, 2}));
  p.report(made(1));
  EXPECT_EQ(p.next(false), (range{2, 2}));
  EXPECT_FALSE(p.over()); // one is still under way
  p.report(made(1));
  EXPECT_EQ(p.next(false), (range{2, 2}));
  EXPECT_TRUE(p.over());
  EXPECT_FALSE(p.gave_up());
}

TEST(seed_phase, an_empty_crowd_is_over_at_once) {
  seed_phase p{0, 25};
  EXPECT_EQ(p.next(true), (range{0, 0}));
  EXPECT_TRUE(p.over());
}

TEST(seed_phase, the_first_report_that_gave_up_ends_the_phase_with_a_failure) {
  seed_phase p{6, 3};
  p.next(true);
  p.report(made(2, 1, "POST /v1/accounts answered 503"));
  auto spent = made(0, 2, "POST /v1/accounts/{aid}/notes answered 503");
  spent.gave_up = true;
  EXPECT_TRUE(p.report(spent));
  EXPECT_TRUE(p.gave_up());
  EXPECT_EQ(p.next(true), (range{3, 3})); // no more accounts start
  auto also = made(0, 1);
  also.gave_up = true;
  EXPECT_FALSE(p.report(also)); // not the first
  EXPECT_TRUE(p.over());
  EXPECT_EQ(p.figures().errors, 4u);
  EXPECT_EQ(p.figures().retries, 4u);
  EXPECT_EQ(p.figures().notes, 2u);
  auto why = p.failure(3);
  ASSERT_TRUE(why);
  EXPECT_EQ(why->exit_code, 3);
  // The last error named is the latest one a report carried.
  EXPECT_EQ(why->message, "seed data: gave up after 4 failed requests (more than "
                          "--seed-max-errors 3); last error: POST /v1/accounts/{aid}/notes "
                          "answered 503");
}

} // namespace
} // namespace throng::actors
