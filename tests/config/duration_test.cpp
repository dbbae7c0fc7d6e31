// Tests of parse_duration and format_duration.

#include "config/duration.hpp"

#include <gtest/gtest.h>

namespace throng::config {
namespace {

using std::chrono::milliseconds;

TEST(duration, parses_every_unit) {
  EXPECT_EQ(*parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(*parse_duration("30s"), milliseconds(30'000));
  EXPECT_EQ(*parse_duration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(*parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(*parse_duration("1h"), milliseconds(3'600'000));
}

TEST(duration, rejects_what_it_cannot_read_and_says_why) {
  for (auto bad : {"", "30", "s", "10x", "1..5s", "-3s", "1e99h"}) {
    auto d = parse_duration(bad);
    ASSERT_FALSE(d) << bad;
    EXPECT_NE(d.error().message.find("bad duration"), std::string::npos);
  }
  EXPECT_NE(parse_duration("30").error().message.find("missing unit"), std::string::npos);
}

TEST(duration, formats_back) {
  EXPECT_EQ(format_duration(milliseconds(30'000)), "30s");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(120'000)), "2m");
}

} // namespace
} // namespace throng::config
