#pragma once

// Which flags a command was given: a flag given overrides what a scenario
// file says.

#include <map>
#include <string>

#include <CLI/App.hpp>

namespace throng::apps {

/// The options of one command by long name ("--seed"), to tell after the
/// parse which of them were given. Points into the command's CLI11 app,
/// which owns the options and must outlive this. Not thread-safe.
class given_flags {
public:
  /// Records every option of `cmd` that has a long name; call it once all
  /// are added.
  void record(const CLI::App& cmd);

  /// Returns whether flag `name` (recorded before) was given.
  bool given(const std::string& name) const;

private:
  std::map<std::string, const CLI::Option*> flags_;
};

} // namespace throng::apps
