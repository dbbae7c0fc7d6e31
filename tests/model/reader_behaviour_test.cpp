// Tests of the `reader` behaviour: a few notes created, then mostly reads.

#include "model/reader_behaviour.hpp"

#include <gtest/gtest.h>

#include <map>

#include "account_driver.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

TEST(reader_behaviour, creates_a_few_notes_then_mostly_reads) {
  population_spec spec;
  auto b = reader_behaviour::create(spec);
  ASSERT_TRUE(b);
  account_driver d;
  auto& a = d.open(**b, 8);
  d.run(a, 5004);
  EXPECT_TRUE(d.violations.empty());
  auto ops = d.ops();
  std::vector<operation> start(ops.begin(), ops.begin() + 4);
  EXPECT_EQ(start, (std::vector<operation>{operation::signup, operation::create_note,
                                           operation::create_note,
                                           operation::create_note}));
  std::map<operation, int> counts;
  for (auto i = ops.begin() + 4; i != ops.end(); ++i)
    ++counts[*i];
  EXPECT_EQ(counts[operation::read_note] + counts[operation::list_notes], 5000);
  EXPECT_NEAR(counts[operation::read_note] / 5000.0, 0.8, 0.03);
  EXPECT_EQ(a.state().notes.size(), 3u);
}

} // namespace
} // namespace throng::model
