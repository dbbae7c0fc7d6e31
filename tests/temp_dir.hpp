#pragma once

// A fresh directory for one test, under ::testing::TempDir(), that goes
// away with everything in it when the test is done with it.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

namespace throng::testing {

/// A directory whose name no other test of any process uses: created empty,
/// removed with its contents on destruction.
class temp_dir {
public:
  temp_dir() {
    static std::atomic<int> made{0};
    path_ = std::filesystem::path{::testing::TempDir()}
            / ("throng-" + std::to_string(::getpid()) + "-"
               + std::to_string(made++));
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    std::filesystem::create_directories(path_, ec);
  }

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  /// Returns the directory's path.
  const std::filesystem::path& path() const {
    return path_;
  }

  /// Returns `name` inside the directory as a string.
  std::string operator/(const std::string& name) const {
    return (path_ / name).string();
  }

private:
  std::filesystem::path path_;
};

} // namespace throng::testing
