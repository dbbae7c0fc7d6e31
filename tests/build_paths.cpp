// The build's paths, compiled in here alone from CMake's definitions
// (build_paths.hpp).

#include "tests/build_paths.hpp"

namespace throng::testing {

const char* throng_binary() noexcept {
  return THRONG_BINARY;
}

const char* artifacts_dir() noexcept {
  return ARTIFACTS_DIR;
}

const char* scenarios_dir() noexcept {
  return THRONG_SCENARIOS_DIR;
}

const char* profiles_dir() noexcept {
  return THRONG_PROFILES_DIR;
}

} // namespace throng::testing
