// Tests of the id scheme: making and parsing account and note ids.

#include "server/ids.hpp"

#include <initializer_list>

#include <gtest/gtest.h>

namespace throng::server {
namespace {

TEST(ids, parse_gives_back_the_numbers_made) {
  for (std::uint64_t n : {1ULL, 35ULL, 36ULL, 123456789ULL, (1ULL << 56) + 3}) {
    EXPECT_EQ(parse_account_id(make_account_id(n)), n);
    EXPECT_EQ(parse_note_id(make_note_id(n)), n);
  }
}

TEST(ids, parse_refuses_what_make_never_gives) {
  for (const char* s : {"", "a", "a01", "n1", "aZ", "a-1", "a1234567890123"})
    EXPECT_FALSE(parse_account_id(s)) << s;
  for (const char* s : {"", "n", "n01", "a1", "n!"})
    EXPECT_FALSE(parse_note_id(s)) << s;
}

} // namespace
} // namespace throng::server
