// Tests of `throng worker` and `throng run --workers/--local-workers` as a
// user runs them: separate processes on loopback, one worker killed mid-run.

#include <sys/stat.h>

#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/integration/loopback.hpp"
#include "tests/server/raw_client.hpp"
#include "tests/integration/throng_process.hpp"
#include "tests/temp_dir.hpp"

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

/// Writes a secret file `name` in `tmp` that only its owner may read;
/// returns its path.
std::string secret_file(const temp_dir& tmp, const std::string& name) {
  const auto path = tmp / name;
  std::ofstream{path} << "the fleet test's shared secret\n";
  chmod(path.c_str(), 0600);
  return path;
}

struct worker_process {
  pid_t pid = -1;
  std::string out;
  std::string address;
};

worker_process start_worker(const temp_dir& tmp, const std::string& secret,
                            const std::string& name, const std::string& runs = "1") {
  worker_process w;
  w.out = tmp / (name + ".out");
  w.pid = spawn_throng({"worker", "--listen", "127.0.0.1:0", "--secret-file", secret,
                        "--runs", runs},
                       w.out, true);
  w.address = address_in(wait_for_text(w.out, "listening on "));
  return w;
}

/// Runs a coordinator over `a` and `b` and kills `b` once the run's status
/// line reached its third second (by when `b` has sent figures); returns
/// the coordinator's exit code and output, and its summary as `err`. The
/// processes' files go in `tmp`.
outcome run_and_kill_one(const temp_dir& tmp, const std::string& secret,
                         const std::string& policy, const std::string& tag) {
  auto a = start_worker(tmp, secret, tag + "-a");
  auto b = start_worker(tmp, secret, tag + "-b");
  EXPECT_FALSE(a.address.empty());
  EXPECT_FALSE(b.address.empty());
  const auto out = tmp / (tag + "-coordinator.out");
  const auto summary = tmp / (tag + "-summary.json");
  auto c = spawn_throng({"run", "--workers", a.address + "," + b.address, "--secret-file",
                         secret, "--accounts", "20", "--rpm", "6000", "--duration", "6s",
                         "--on-worker-loss", policy, "--summary-json", summary},
                        out, true);
  wait_for_text(out, "[3s]");
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
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-1");
  auto o = run_and_kill_one(tmp, secret, "continue", "fleet-continue");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("lost"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 worker(s) go on"), std::string::npos) << o.out;
  // The status line says so too, and the workers table of the summary.
  EXPECT_NE(o.out.find("| 1 worker(s) lost"), std::string::npos) << o.out;
  auto summary = nlohmann::json::parse(o.err, nullptr, false);
  ASSERT_TRUE(summary.is_object()) << o.err;
  ASSERT_EQ(summary["workers"].size(), 2u);
  EXPECT_FALSE(summary["workers"][0]["lost"].get<bool>());
  EXPECT_TRUE(summary["workers"][1]["lost"].get<bool>());
  EXPECT_GT(summary["workers"][1]["requests"].get<std::uint64_t>(), 0u);
}

TEST(fleet_cli, on_worker_loss_fail_stops_the_run_with_exit_code_3) {
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-2");
  auto o = run_and_kill_one(tmp, secret, "fail", "fleet-fail");
  EXPECT_EQ(o.exit_code, 3) << o.out;
  EXPECT_NE(o.out.find("was lost"), std::string::npos) << o.out;
}

TEST(fleet_cli, a_worker_whose_coordinator_dies_stops_its_crowd_and_takes_the_next_run) {
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-3");
  auto w = start_worker(tmp, secret, "fleet-orphan", "2");
  ASSERT_FALSE(w.address.empty());
  const auto first = tmp / "fleet-orphan-first.out";
  auto c = spawn_throng({"run", "--workers", w.address, "--secret-file", secret, "--accounts",
                         "4", "--rpm", "6000", "--duration", "10m", "--quiet"},
                        first, true);
  wait_for_text(w.out, "running worker 0's share");
  kill(c, SIGKILL);
  wait_exit(c);
  auto said = wait_for_text(w.out, "share over");
  EXPECT_NE(said.find("the coordinator went away"), std::string::npos) << said;
  auto second = throng("run --workers " + w.address + " --secret-file " + secret
                       + " --accounts 4 --rpm 6000 --duration 1s --quiet");
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(wait_exit(w.pid), 0) << slurp(w.out);
}

TEST(fleet_cli, local_workers_run_the_whole_crowd) {
  temp_dir tmp;
  const auto dir = tmp / "fleet-local-out";
  auto o = throng("run --local-workers 2 --accounts 12 --rpm 3000 --duration 1500ms "
                  "--seed-notes 2 --quiet --out " + dir);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("over 2 worker(s)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("coordinator process"), std::string::npos) << o.out;
  auto summary = nlohmann::json::parse(slurp(dir + "/summary.json"), nullptr, false);
  ASSERT_TRUE(summary.is_object());
  ASSERT_EQ(summary["workers"].size(), 2u);
  EXPECT_EQ(summary["workers"][0]["requests"].get<std::uint64_t>()
              + summary["workers"][1]["requests"].get<std::uint64_t>(),
            summary["requests"]["total"].get<std::uint64_t>());
  EXPECT_EQ(summary["seed_data"]["notes"], 24);
  EXPECT_NE(slurp(dir + "/report.html").find("Workers"), std::string::npos);
}

TEST(fleet_cli, a_worker_logs_a_refused_coordinator_with_its_address) {
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-4");
  const auto other = secret_file(tmp, "fleet-secret-5-other");
  std::ofstream{other} << "not the fleet test's secret at all\n";
  auto w = start_worker(tmp, secret, "fleet-refuse");
  ASSERT_FALSE(w.address.empty());
  auto o = throng("run --workers " + w.address + " --secret-file " + other
                  + " --accounts 2 --duration 1s --quiet");
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_NE(o.err.find("worker " + w.address + " refused: its proof does not match"),
            std::string::npos)
    << o.err;
  auto said = wait_for_text(w.out, "refused 127.0.0.1:");
  EXPECT_NE(said.find("does not hold this worker's secret"), std::string::npos) << said;
  kill(w.pid, SIGTERM);
  EXPECT_EQ(wait_exit(w.pid), 0);
}

TEST(fleet_cli, a_scenarios_populations_run_over_workers) {
  temp_dir tmp;
  const auto json = tmp / "fleet-scenario-summary.json";
  auto o = throng("run --local-workers 2 --scenario " + std::string{scenarios_dir()}
                  + "/batch-vs-stream.json --accounts 20 --rpm 6000 --duration 2s --quiet "
                    "--summary-json " + json);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  auto summary = nlohmann::json::parse(slurp(json), nullptr, false);
  ASSERT_TRUE(summary.is_object()) << o.err;
  EXPECT_EQ(summary["violations"]["total"], 0);
  EXPECT_EQ(summary["accounts_live"]["end"], 20);
  EXPECT_GT(summary["requests"]["total"].get<std::uint64_t>(), 0u);
}

TEST(fleet_cli, thresholds_judge_the_merged_figures) {
  auto o = throng("run --local-workers 2 --accounts 6 --rpm 3000 --duration 1s --quiet "
                  "--threshold 'violations==0' --threshold 'read_note.p99<0ms'");
  EXPECT_EQ(o.exit_code, 4) << o.out << o.err;
}

TEST(fleet_cli, throng_ctl_steers_the_crowd_across_workers) {
  temp_dir tmp;
  const auto port = std::to_string(free_port());
  const auto control = " --control 127.0.0.1:" + port;
  const auto json = tmp / "fleet-ctl-summary.json";
  const auto out = tmp / "fleet-ctl.out";
  const auto metrics = free_port();
  auto pid = spawn_throng({"run", "--local-workers", "2", "--accounts", "4", "--rpm", "6000",
                           "--duration", "10m", "--quiet", "--control", "127.0.0.1:" + port,
                           "--metrics", "127.0.0.1:" + std::to_string(metrics),
                           "--summary-json", json},
                          out, true);
  ASSERT_GT(pid, 0);
  auto wait_status = [&](const std::function<bool(const nlohmann::json&)>& done) {
    return wait_ctl_status("127.0.0.1:" + port, done, out);
  };
  wait_status([](const auto& s) { return s["accounts"]["live"] == 4 && s["requests"] > 0; });
  // The workers' figures reach the coordinator's Prometheus page (published
  // once a second).
  std::string page;
  for (int i = 0; i < 300 && page.find("throng_requests_total{op=") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto r = server::raw_client{metrics}.request("GET", "/metrics");
    page = r ? r->body : "";
  }
  EXPECT_NE(page.find("throng_requests_total{op="), std::string::npos) << page;
  EXPECT_EQ(throng("ctl" + control + " add 3").exit_code, 0);
  auto j = wait_status([](const auto& s) { return s["accounts"]["live"] == 7; });
  EXPECT_EQ(j["accounts"]["by_behaviour"]["random"], 7);
  EXPECT_EQ(throng("ctl" + control + " remove 5").exit_code, 0);
  wait_status([](const auto& s) { return s["accounts"]["live"] == 2; });
  EXPECT_EQ(throng("ctl" + control + " rate 1200").exit_code, 0);
  j = wait_status([](const auto& s) { return s["rpm"] == 1200; });
  EXPECT_EQ(throng("ctl" + control + " stop").exit_code, 0);
  EXPECT_EQ(wait_exit(pid), 0) << slurp(out);
  auto summary = nlohmann::json::parse(slurp(json), nullptr, false);
  ASSERT_TRUE(summary.is_object()) << slurp(out);
  EXPECT_EQ(summary["accounts_live"]["peak"], 7);
  EXPECT_EQ(summary["accounts_live"]["end"], 2);
  EXPECT_EQ(summary["violations"]["total"], 0);
}

TEST(fleet_cli, the_migration_demo_over_local_workers_gives_its_verdict) {
  const std::string demo = "demo migration --local-workers 2 --accounts 60 --rpm 12000 "
                           "--duration 8s --quiet";
  auto fine = throng(demo);
  EXPECT_EQ(fine.exit_code, 0) << fine.out << fine.err;
  EXPECT_NE(fine.out.find("no violation"), std::string::npos) << fine.out;
  auto broken = throng(demo + " --migration-bug lose-writes-during-copy");
  EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
  EXPECT_NE(broken.out.find("violations hit"), std::string::npos) << broken.out;
}

TEST(fleet_cli, bad_fleet_flags_give_exit_code_2_naming_the_flag) {
  temp_dir tmp;
  auto no_secret = throng("run --workers 127.0.0.1:1 --accounts 2 --duration 1s");
  EXPECT_EQ(no_secret.exit_code, 2);
  EXPECT_NE(no_secret.err.find("--secret-file"), std::string::npos) << no_secret.err;
  auto bad = throng("run --workers 127.0.0.1:x --secret-file /nonexistent --duration 1s");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--workers"), std::string::npos) << bad.err;
  auto lone_secret = throng("run --secret-file /nonexistent --duration 1s");
  EXPECT_EQ(lone_secret.exit_code, 2);
  EXPECT_NE(lone_secret.err.find("--secret-file is for --workers"), std::string::npos)
    << lone_secret.err;
  auto both = throng("run --workers 127.0.0.1:1 --local-workers 2 --duration 1s");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  auto open_secret = tmp / "fleet-open-secret";
  std::ofstream{open_secret} << "a secret anyone can read, long enough\n";
  chmod(open_secret.c_str(), 0644);
  auto worker = throng("worker --listen 127.0.0.1:0 --secret-file " + open_secret);
  EXPECT_EQ(worker.exit_code, 2);
  EXPECT_NE(worker.err.find("chmod 600"), std::string::npos) << worker.err;
}

TEST(fleet_cli, a_partial_tls_flag_set_gives_exit_code_2_naming_what_is_missing) {
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-tls-1");
  const auto cert = tmp / "fleet-tls-cert.pem";
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
  temp_dir tmp;
  const auto secret = secret_file(tmp, "fleet-secret-tls-2");
  const auto gone = tmp / "fleet-tls-no-such.pem";
  const auto junk = tmp / "fleet-tls-junk.pem";
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
  temp_dir tmp;
  const auto f = tmp / "fleet-tls-any.pem";
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
