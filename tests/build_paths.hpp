#pragma once

// Where the tests find what the build made and what the repository holds.
// The paths are compiled into build_paths.cpp alone, so that every other
// test source compiles to the same command line in any build directory and
// ccache serves the sanitizer build's tests from the plain build's.

namespace throng::testing {

/// Returns the path of the `throng` binary of this build.
const char* throng_binary() noexcept;

/// Returns this build's folder for files a test leaves to be looked at
/// (screenshots); it may not exist yet.
const char* artifacts_dir() noexcept;

/// Returns the repository's folder of example scenarios.
const char* scenarios_dir() noexcept;

/// Returns the repository's folder of API profiles.
const char* profiles_dir() noexcept;

} // namespace throng::testing
