// Tests of build_version: the project's version, then the commit or "unknown".

#include "protocol/build_version.hpp"

#include <string>

#include <gtest/gtest.h>

using throng::protocol::build_version;

TEST(build_version, starts_with_the_project_version) {
  const std::string version{build_version()};
  const std::string project = THRONG_PROJECT_VERSION; // from tests/protocol/CMakeLists.txt
  ASSERT_FALSE(version.empty());
  ASSERT_EQ(version.substr(0, project.size() + 1), project + "+") << version;
}

TEST(build_version, ends_with_a_short_commit_or_unknown) {
  const std::string version{build_version()};
  auto commit = version.substr(version.find('+') + 1);
  if (commit == "unknown")
    return;
  EXPECT_EQ(commit.size(), 12u) << version;
  EXPECT_EQ(commit.find_first_not_of("0123456789abcdef"), std::string::npos) << version;
}
