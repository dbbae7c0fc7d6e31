// Tests of `throng worker` and `throng run --workers/--local-workers` as a
// user runs them: separate processes on loopback, one worker killed mid-run.

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/integration/throng_process.hpp"

namespace throng::testing {
namespace {

/// Waits up to 30 s for `text` to appear in the file at `path`; returns
/// the file's content then (or at the deadline).
std::string wait_for_text(const std::string& path, const std::string& text) {
  std::string content;
  for (int i = 0; i < 600; ++i) {
    content = slurp(path);
    if (content.find(text) != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return content;
}

/// Returns the address in a worker's "listening on HOST:PORT" line.
std::string address_in(const std::string& out) {
  const std::string mark = "listening on ";
  const auto at = out.find(mark);
  if (at == std::string::npos)
    return {};
  return out.substr(at + mark.size(), out.find(' ', at + mark.size()) - at - mark.size());
}

/// A secret file only its owner may read.
std::string secret_file(const std::string& name) {
  const auto path = ::testing::TempDir() + name;
  std::ofstream{path} << "the fleet test's shared secret\n";
  chmod(path.c_str(), 0600);
  return path;
}

struct worker_process {
  pid_t pid = -1;
  std::string out;
  std::string address;
};

worker_process start_worker(const std::string& secret, const std::string& name) {
  worker_process w;
  w.out = ::testing::TempDir() + name + ".out";
  w.pid = spawn_throng({"worker", "--listen", "127.0.0.1:0", "--secret-file", secret,
                        "--runs", "1"},
                       w.out, true);
  w.address = address_in(wait_for_text(w.out, "listening on "));
  return w;
}

/// Runs a coordinator over `a` and `b` and kills `b` as soon as its share
/// runs; returns the coordinator's exit code and output.
outcome run_and_kill_one(const std::string& secret, const std::string& policy,
                         const std::string& tag) {
  auto a = start_worker(secret, tag + "-a");
  auto b = start_worker(secret, tag + "-b");
  EXPECT_FALSE(a.address.empty());
  EXPECT_FALSE(b.address.empty());
  const auto out = ::testing::TempDir() + tag + "-coordinator.out";
  const auto summary = ::testing::TempDir() + tag + "-summary.json";
  auto c = spawn_throng({"run", "--workers", a.address + "," + b.address, "--secret-file",
                         secret, "--accounts", "20", "--rpm", "6000", "--duration", "4s",
                         "--on-worker-loss", policy, "--summary-json", summary, "--quiet"},
                        out, true);
  wait_for_text(b.out, "running worker 1's share");
  kill(b.pid, SIGKILL);
  outcome o;
  o.exit_code = wait_exit(c);
  o.out = slurp(out);
  o.err = slurp(summary);
  wait_exit(b.pid);
  EXPECT_EQ(wait_exit(a.pid), 0) << slurp(a.out);
  return o;
}

TEST(fleet_cli, a_worker_killed_mid_run_is_reported_and_the_run_goes_on) {
  const auto secret = secret_file("fleet-secret-1");
  auto o = run_and_kill_one(secret, "continue", "fleet-continue");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("lost"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 worker(s) go on"), std::string::npos) << o.out;
}

TEST(fleet_cli, on_worker_loss_fail_stops_the_run_with_exit_code_3) {
  const auto secret = secret_file("fleet-secret-2");
  auto o = run_and_kill_one(secret, "fail", "fleet-fail");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("was lost"), std::string::npos) << o.out;
}

TEST(fleet_cli, local_workers_run_the_whole_crowd) {
  const auto summary = ::testing::TempDir() + "fleet-local-summary.json";
  auto o = throng("run --local-workers 2 --accounts 12 --rpm 3000 --duration 1500ms "
                  "--seed-notes 2 --quiet --summary-json " + summary);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("over 2 worker(s)"), std::string::npos) << o.out;
  EXPECT_NE(slurp(summary).find("\"violations\""), std::string::npos);
}

TEST(fleet_cli, bad_fleet_flags_give_exit_code_2_naming_the_flag) {
  auto no_secret = throng("run --workers 127.0.0.1:1 --accounts 2 --duration 1s");
  EXPECT_EQ(no_secret.exit_code, 2);
  EXPECT_NE(no_secret.err.find("--secret-file"), std::string::npos) << no_secret.err;
  auto bad = throng("run --workers 127.0.0.1:x --secret-file /nonexistent --duration 1s");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--workers"), std::string::npos) << bad.err;
  auto both = throng("run --workers 127.0.0.1:1 --local-workers 2 --duration 1s");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  auto open_secret = ::testing::TempDir() + "fleet-open-secret";
  std::ofstream{open_secret} << "a secret anyone can read, long enough\n";
  chmod(open_secret.c_str(), 0644);
  auto worker = throng("worker --listen 127.0.0.1:0 --secret-file " + open_secret);
  EXPECT_EQ(worker.exit_code, 2);
  EXPECT_NE(worker.err.find("chmod 600"), std::string::npos) << worker.err;
}

TEST(fleet_cli, a_partial_tls_flag_set_gives_exit_code_2_naming_what_is_missing) {
  const auto secret = secret_file("fleet-secret-tls-1");
  const auto cert = ::testing::TempDir() + "fleet-tls-cert.pem";
  auto worker = throng("worker --listen 127.0.0.1:0 --secret-file " + secret
                       + " --tls-cert " + cert);
  EXPECT_EQ(worker.exit_code, 2);
  EXPECT_NE(worker.err.find("--tls-key and --tls-ca are missing"), std::string::npos)
    << worker.err;
  auto run = throng("run --workers 127.0.0.1:1 --secret-file " + secret + " --tls-cert "
                    + cert + " --tls-key " + cert + " --accounts 2 --duration 1s");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--tls-ca is missing"), std::string::npos) << run.err;
}

TEST(fleet_cli, tls_files_that_cannot_be_used_give_exit_code_2_naming_the_file) {
  const auto secret = secret_file("fleet-secret-tls-2");
  const auto gone = ::testing::TempDir() + "fleet-tls-no-such.pem";
  const auto junk = ::testing::TempDir() + "fleet-tls-junk.pem";
  std::ofstream{junk} << "not a certificate\n";
  auto worker = throng("worker --listen 127.0.0.1:0 --secret-file " + secret + " --tls-cert "
                       + gone + " --tls-key " + gone + " --tls-ca " + gone);
  EXPECT_EQ(worker.exit_code, 2);
  EXPECT_NE(worker.err.find("--tls-cert: " + gone + ": cannot be read"), std::string::npos)
    << worker.err;
  auto run = throng("run --workers 127.0.0.1:1 --secret-file " + secret + " --tls-cert "
                    + junk + " --tls-key " + junk + " --tls-ca " + junk
                    + " --accounts 2 --duration 1s");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--tls-cert: " + junk + ": holds no PEM certificate"),
            std::string::npos)
    << run.err;
}

TEST(fleet_cli, tls_flags_need_workers_and_are_refused_with_local_workers) {
  const auto f = ::testing::TempDir() + "fleet-tls-any.pem";
  const auto tls = " --tls-cert " + f + " --tls-key " + f + " --tls-ca " + f;
  auto local = throng("run --local-workers 2 --accounts 4 --duration 1s" + tls);
  EXPECT_EQ(local.exit_code, 2);
  EXPECT_NE(local.err.find("are for --workers"), std::string::npos) << local.err;
  auto alone = throng("run --accounts 4 --duration 1s" + tls);
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("need --workers"), std::string::npos) << alone.err;
}

} // namespace
} // namespace throng::testing
