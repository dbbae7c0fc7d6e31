#pragma once

// Runs the built `throng` binary as a child process and collects what it
// printed and its exit code.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/build_paths.hpp"
#include "tests/temp_dir.hpp"

namespace throng::testing {

/// What a finished `throng` process left behind.
struct outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Returns the whole content of the file at `path` ("" when unreadable).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `throng ARGS` (a shell word list) with no input and waits for it.
inline outcome throng(const std::string& args) {
  // Where its output waits to be read, gone when this returns.
  temp_dir printed;
  auto cmd = std::string{throng_binary()} + " " + args + " >" + (printed / "out") + " 2>"
             + (printed / "err") + " </dev/null";
  outcome o;
  auto status = std::system(cmd.c_str());
  if (WIFEXITED(status))
    o.exit_code = WEXITSTATUS(status);
  o.out = slurp(printed / "out");
  o.err = slurp(printed / "err");
  return o;
}

/// Starts `throng ARGS` in the background with its standard output in
/// `out` (and its standard error too with `with_errors`, else none);
/// returns its pid, or -1.
inline pid_t spawn_throng(std::vector<std::string> args, const std::string& out,
                          bool with_errors = false) {
  args.insert(args.begin(), throng_binary());
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (with_errors)
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  else
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  auto rc = posix_spawn(&pid, throng_binary(), &actions, nullptr, argv.data(),
                        environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

/// Waits up to 30 s for `pid` to exit; returns its exit code, or -1 (and
/// kills it) if it did not exit.
inline int wait_exit(pid_t pid) {
  int status = 0;
  for (int i = 0; i < 600; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

/// Polls `throng ctl --control ADDRESS status` until `done` holds for its
/// JSON (at most 30 s); returns the last status, having failed the test
/// (with `log`'s content) if it never got there.
inline nlohmann::json wait_ctl_status(const std::string& address,
                                      const std::function<bool(const nlohmann::json&)>& done,
                                      const std::string& log = {}) {
  nlohmann::json j;
  for (int i = 0; i < 300; ++i) {
    auto o = throng("ctl --control " + address + " status");
    if (o.exit_code == 0) {
      j = nlohmann::json::parse(o.out, nullptr, false);
      if (!j.is_discarded() && done(j))
        return j;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "status never got there; last: " << j.dump() << "\n"
                << (log.empty() ? "" : slurp(log));
  return j;
}

} // namespace throng::testing
