// Tests of the account indexes a crowd gives out (model/account_indexes).

#include "model/account_indexes.hpp"

#include <gtest/gtest.h>

namespace throng::model {
namespace {

TEST(account_indexes, by_default_the_jth_account_gets_j) {
  account_indexes ix;
  for (std::uint64_t j : {0u, 1u, 7u, 100000u})
    EXPECT_EQ(ix.at(j), j);
  EXPECT_EQ(ix.fitting(0, 10, 5), 5u);
  EXPECT_EQ(ix.fitting(5, 10, 5), 0u);
  EXPECT_EQ(ix.fitting(0, 3, 100), 3u);
}

TEST(account_indexes, a_share_gives_its_range_then_every_nth_later_index) {
  // Worker 1 of 3 in a run of 10: accounts 4..6 at first, then 11, 14, 17.
  account_indexes ix{4, 3, 10, 1, 3};
  EXPECT_EQ(ix.at(0), 4u);
  EXPECT_EQ(ix.at(2), 6u);
  EXPECT_EQ(ix.at(3), 11u);
  EXPECT_EQ(ix.at(5), 17u);
  // Below 15: 4, 5, 6, 11, 14.
  EXPECT_EQ(ix.fitting(0, 10, 15), 5u);
  EXPECT_EQ(ix.fitting(3, 10, 15), 2u);
}

} // namespace
} // namespace throng::model
