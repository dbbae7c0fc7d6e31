#pragma once

// Runs a small crowd (crowd_run) against a reference service
// started in the test, with what the migration and fault tests need.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "actors/crowd_run.hpp"
#include "config/api_profile_reader.hpp"
#include "server/notes_server.hpp"
#include "tests/build_paths.hpp"

namespace throng::testing {

/// A reference service on a free loopback port, for one test.
inline std::unique_ptr<server::notes_server>
start_service(const server::service_options& opts) {
  auto s = server::notes_server::start(opts);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

/// The repository's API profile `name` (profiles/), compiled; nullptr, and
/// a failed expectation, if it does not read.
inline std::shared_ptr<const model::api_profile> repository_profile(const std::string& name) {
  auto p = config::read_api_profile(std::filesystem::path{profiles_dir()} / name);
  EXPECT_TRUE(p) << (p ? "" : p.error());
  return p ? std::make_shared<const model::api_profile>(std::move(*p)) : nullptr;
}

/// The options of a crowd of `accounts` at `rpm` for `duration` against
/// the service at `url`.
inline actors::run_options crowd(const std::string& url, std::size_t accounts,
                                 double rpm, std::chrono::milliseconds duration) {
  actors::run_options o;
  o.target = url;
  o.accounts = accounts;
  o.rpm = rpm;
  o.duration = duration;
  o.notes_per_account = 8;
  o.seed_notes = 3;
  o.connections = 8;
  o.seed = 11;
  o.timeout = std::chrono::milliseconds(5000);
  o.connect_wait = std::chrono::milliseconds(2000);
  return o;
}

/// The options of a crowd of `accounts` at `rpm` for `duration` against
/// `srv`.
inline actors::run_options crowd(const server::notes_server& srv,
                                 std::size_t accounts, double rpm,
                                 std::chrono::milliseconds duration) {
  return crowd("http://127.0.0.1:" + std::to_string(srv.port()), accounts, rpm, duration);
}

/// Runs `o` with `interrupt` as the flag a signal would set, calling
/// `meanwhile` on a thread of its own while it goes, and returns what it
/// measured (empty, and a failed expectation, if it could not run).
inline actors::run_result run_crowd(const actors::run_options& o,
                                    const std::function<void()>& meanwhile,
                                    std::atomic<int>& interrupt) {
  std::ostringstream messages;
  actors::crowd_run run{o};
  std::thread side;
  if (meanwhile)
    side = std::thread(meanwhile);
  auto r = run.run(interrupt, messages);
  if (side.joinable())
    side.join();
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? std::move(*r) : actors::run_result{};
}

/// Runs `o`, calling `meanwhile` on a thread of its own while it goes, and
/// returns what it measured.
inline actors::run_result run_crowd(const actors::run_options& o,
                                    const std::function<void()>& meanwhile = {}) {
  std::atomic<int> interrupt{0};
  return run_crowd(o, meanwhile, interrupt);
}

/// Returns the count of violations of class `v`.
inline std::uint64_t violations_of(const stats::run_stats& s,
                                   model::violation_class v) {
  return s.violations[static_cast<std::size_t>(v)];
}

} // namespace throng::testing
