// Runs the throng command as a user would and checks its exit codes, its
// report and its summary file.

#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "loopback.hpp"
#include "tests/http/scripted_server.hpp"
#include "tests/server/raw_client.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"
#include "wrong_service.hpp"

namespace throng::testing {
namespace {

const std::string quick = " --accounts 20 --rpm 12000 --duration 1500ms --seed 5";

TEST(cli, run_against_the_embedded_service_writes_the_summary) {
  temp_dir tmp;
  auto json = tmp / "summary.json";
  auto o = throng("run" + quick + " --summary-json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("embedded service"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("seed 5"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("create_note"), std::string::npos) << o.out;
  // Not a terminal: the status comes as plain lines on standard error.
  EXPECT_NE(o.err.find("[1s] accounts 20 | account r "), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("\x1b["), std::string::npos);
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["accounts"], 20);
  EXPECT_EQ(j["seed"], 5);
  EXPECT_GT(j["requests"]["total"].get<int>(), 20);
  EXPECT_EQ(j["violations"]["total"], 0);
  for (auto key : {"connect", "timeout", "reset", "status_4xx", "status_5xx", "protocol"})
    EXPECT_TRUE(j["errors"].contains(key)) << key;
  for (auto key : {"account_read_rps", "account_write_rps", "note_read_rps", "note_write_rps"})
    EXPECT_TRUE(j["rates"].contains(key)) << key;
  EXPECT_TRUE(j["operations"]["read_note"]["latency_ms"].contains("p999"));
  EXPECT_FALSE(j["shards"].empty());
}

TEST(cli, violations_give_exit_code_1_and_a_log) {
  temp_dir tmp;
  wrong_service w{wrongness::list_stranger};
  ASSERT_TRUE(w.running());
  auto log = tmp / "violations.jsonl";
  auto o = throng("run --target " + w.url() + quick + " --violations-log " + log);
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(slurp(log).find("unexpected_note"), std::string::npos);
}

TEST(cli, a_run_in_which_nothing_succeeded_exits_3_naming_the_failure) {
  temp_dir tmp;
  wrong_service w{wrongness::none, "/api"};
  ASSERT_TRUE(w.running());
  auto json = tmp / "nothing.json";
  auto o = throng("run --target " + w.url() + quick + " --quiet --summary-json " + json);
  EXPECT_EQ(o.exit_code, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("throng run: every sign-up failed: POST /v1/accounts answered 404 ("),
            std::string::npos) << o.err;
  EXPECT_NE(o.err.find("is --target right?"), std::string::npos) << o.err;
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["requests"]["ok"], 0);
  EXPECT_NE(j["failure"].get<std::string>().find("every sign-up failed"), std::string::npos);
  // The same service under its prefix passes.
  o = throng("run --target " + w.url() + "/api" + quick + " --quiet");
  EXPECT_EQ(o.exit_code, 0) << o.err;
}

TEST(cli, a_run_that_stops_early_still_writes_every_output) {
  temp_dir tmp;
  wrong_service w{wrongness::hostile_some};
  ASSERT_TRUE(w.running());
  auto dir = tmp / "early";
  auto o = throng("run --target " + w.url() + quick
                  + " --quiet --seed-notes 5 --seed-max-errors 2 --out " + dir);
  EXPECT_EQ(o.exit_code, 3) << o.out << o.err;
  EXPECT_NE(o.err.find("seed data: gave up after"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("with a malformed body"), std::string::npos) << o.err;
  auto j = nlohmann::json::parse(slurp(dir + "/summary.json"));
  EXPECT_NE(j["failure"].get<std::string>().find("malformed body"), std::string::npos);
  EXPECT_GT(j["seed_data"]["errors"].get<int>(), 2);
  EXPECT_FALSE(slurp(dir + "/report.html").empty());
  EXPECT_NE(slurp(dir + "/timeseries.csv").find("second,op,shard"), std::string::npos);

  // Nothing answers at all: the files say so too.
  auto json = dir + "/unreachable.json";
  o = throng("run --target http://127.0.0.1:1 --connect-wait 200ms --quiet --summary-json "
             + json);
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_NE(o.err.find("unreachable"), std::string::npos) << o.err;
  EXPECT_NE(nlohmann::json::parse(slurp(json))["failure"].get<std::string>().find(
              "unreachable"),
            std::string::npos);
}

TEST(cli, bad_usage_gives_exit_code_2_naming_the_flag) {
  auto o = throng("run --accounts 0");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--accounts"), std::string::npos) << o.err;
  o = throng("run --duration 30");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--duration"), std::string::npos) << o.err;
  o = throng("run --target ftp://127.0.0.1:1");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--target"), std::string::npos) << o.err;
  o = throng("run --no-such-flag");
  EXPECT_EQ(o.exit_code, 2);
  o = throng("");
  EXPECT_EQ(o.exit_code, 2);
}

TEST(cli, unreachable_target_gives_exit_code_3) {
  auto o = throng("run --target http://127.0.0.1:1 --connect-wait 300ms" + quick);
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_NE(o.err.find("unreachable"), std::string::npos) << o.err;
}

TEST(cli, sigint_ends_the_run_with_a_full_report) {
  temp_dir tmp;
  auto json = tmp / "interrupted.json";
  auto out = tmp / "interrupted.out";
  auto pid = spawn_throng({"run", "--accounts", "20", "--rpm", "6000", "--duration", "10m",
                           "--summary-json", json}, out);
  ASSERT_GT(pid, 0);
  // Wait until the run is under way (its banner is out), then interrupt it.
  for (int i = 0; i < 200 && slurp(out).find("seed") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGINT);
  EXPECT_EQ(wait_exit(pid), 0);
  EXPECT_NE(slurp(out).find("violations"), std::string::npos);
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_GT(j["requests"]["total"].get<int>(), 0);
  EXPECT_LT(j["duration_s"].get<double>(), 60.0);
}

TEST(cli, metrics_are_served_while_the_run_goes) {
  temp_dir tmp;
  auto port = free_port();
  auto out = tmp / "metrics.out";
  auto pid = spawn_throng({"run", "--accounts", "20", "--rpm", "6000", "--duration", "4s",
                           "--metrics", "127.0.0.1:" + std::to_string(port)}, out);
  ASSERT_GT(pid, 0);
  // A raw client: the check needs the Content-Type header.
  std::string page;
  std::string type;
  for (int i = 0; i < 100; ++i) {
    auto r = server::raw_client{port}.request("GET", "/metrics");
    if (r && r->body.find("throng_requests_total{") != std::string::npos) {
      page = r->body;
      type = r->header("content-type");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(wait_exit(pid), 0);
  EXPECT_EQ(type.rfind("text/plain; version=0.0.4", 0), 0u) << type;
  EXPECT_NE(page.find("# TYPE throng_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(page.find("throng_requests_total{op=\"signup\",status_class=\"2xx\""),
            std::string::npos) << page;
  EXPECT_NE(page.find("throng_accounts_live 20"), std::string::npos);
  // Prometheus' own linter accepts the page.
  ASSERT_EQ(access("/usr/bin/promtool", X_OK), 0)
    << "promtool is missing: run scripts/install-deps.sh test";
  auto body = tmp / "metrics.txt";
  std::ofstream(body) << page;
  EXPECT_EQ(std::system(("/usr/bin/promtool check metrics <" + body + " >/dev/null 2>&1").c_str()), 0);
}

TEST(cli, out_dir_holds_summary_timeseries_and_violations) {
  temp_dir tmp;
  auto dir = tmp / "out-dir";
  auto o = throng("run" + quick + " --quiet --out " + dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.err, ""); // --quiet: no status line
  auto j = nlohmann::json::parse(slurp(dir + "/summary.json"));
  EXPECT_GT(j["requests"]["total"].get<int>(), 0);
  EXPECT_TRUE(std::ifstream(dir + "/violations.jsonl").good());
  std::istringstream csv(slurp(dir + "/timeseries.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "second,op,shard,count,errors,p50_ms,p99_ms");
  std::map<std::string, std::set<std::string>> seconds_per_pair;
  std::uint64_t counted = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');)
      cells.push_back(c);
    ASSERT_EQ(cells.size(), 7u) << line;
    EXPECT_TRUE(seconds_per_pair[cells[1] + "/" + cells[2]].insert(cells[0]).second)
      << "two rows for one second: " << line;
    counted += std::stoull(cells[3]);
  }
  // One row per second per operation and shard; every request is in a row.
  ASSERT_FALSE(seconds_per_pair.empty());
  auto seconds = seconds_per_pair.begin()->second.size();
  EXPECT_GE(seconds, 2u);
  for (const auto& [pair, s] : seconds_per_pair)
    EXPECT_EQ(s.size(), seconds) << pair;
  EXPECT_EQ(counted, j["requests"]["total"].get<std::uint64_t>());
}

TEST(cli, thresholds_pass_fail_and_give_exit_code_4) {
  temp_dir tmp;
  auto json = tmp / "thresholds.json";
  auto o = throng("run" + quick + " --threshold 'errors<1%' --threshold 'violations==0'"
                  " --summary-json " + json);
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("PASS errors<1%"), std::string::npos) << o.out;
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["thresholds"].size(), 2u);
  EXPECT_EQ(j["thresholds"][0]["passed"], true);
  o = throng("run" + quick + " --threshold 'read_note.p50<0us' --threshold 'rps>0'");
  EXPECT_EQ(o.exit_code, 4) << o.out << o.err;
  EXPECT_NE(o.out.find("FAIL read_note.p50<0us"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("PASS rps>0"), std::string::npos) << o.out;
  o = throng("run" + quick + " --threshold 'read_note.p99<50'");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--threshold: bad threshold 'read_note.p99<50'"), std::string::npos)
    << o.err;
}

TEST(cli, violations_take_precedence_over_failed_thresholds) {
  wrong_service w{wrongness::list_stranger};
  ASSERT_TRUE(w.running());
  auto o = throng("run --target " + w.url() + quick + " --threshold 'rps<0'");
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
}

TEST(cli, absurd_rates_are_clamped_not_a_hang) {
  auto o = throng("run --accounts 1 --rpm 1e15 --duration 500ms --quiet");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  // So slow that no tick comes due: a run that tested nothing is no pass.
  o = throng("run --accounts 3 --rpm 1e-12 --duration 500ms --quiet");
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_NE(o.err.find("no request went out during the run"), std::string::npos) << o.err;
}

TEST(cli, a_flag_given_twice_takes_its_last_value) {
  temp_dir tmp;
  auto json = tmp / "twice.json";
  auto o = throng("run --accounts 50 --duration 10m" + quick + " --quiet --summary-json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["accounts"], 20);
  EXPECT_LT(j["duration_s"].get<double>(), 60.0);
}

TEST(cli, ctl_drives_a_running_run) {
  temp_dir tmp;
  auto port = std::to_string(free_port());
  auto control = " --control 127.0.0.1:" + port;
  auto json = tmp / "ctl.json";
  auto out = tmp / "ctl.out";
  auto pid = spawn_throng({"run", "--accounts", "4", "--rpm", "6000", "--duration", "10m",
                           "--quiet", "--control", "127.0.0.1:" + port, "--summary-json",
                           json}, out);
  ASSERT_GT(pid, 0);
  auto wait_status = [&](const std::function<bool(const nlohmann::json&)>& done) {
    return wait_ctl_status("127.0.0.1:" + port, done);
  };
  auto j = wait_status([](const auto& s) { return s["accounts"]["live"] == 4; });
  EXPECT_TRUE(j["rpm"].is_number());
  auto o = throng("ctl" + control + " add 3");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  j = wait_status([](const auto& s) {
    return s["accounts"]["live"] == 7 && s["requests"].template get<int>() > 7;
  });
  EXPECT_EQ(j["accounts"]["by_behaviour"]["random"], 7);
  o = throng("ctl" + control + " remove 5");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  wait_status([](const auto& s) { return s["accounts"]["live"] == 2; });
  o = throng("ctl" + control + " rate 1200.5");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  wait_status([](const auto& s) { return s["rpm"] == 1200.5; });
  // Refused requests: exit code 2, the message names the field.
  o = throng("ctl" + control + " add 1 --behaviour dancer");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("behaviour"), std::string::npos) << o.err;
  o = throng("ctl" + control + " rate 0");
  EXPECT_EQ(o.exit_code, 2);
  // A host name is resolved.
  o = throng("ctl --control localhost:" + port + " status");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(nlohmann::json::parse(o.out, nullptr, false).is_object()) << o.out;
  o = throng("ctl" + control + " stop");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(wait_exit(pid), 0);
  auto summary = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(summary["accounts_live"]["peak"], 7);
  EXPECT_EQ(summary["accounts_live"]["end"], 2);
  EXPECT_EQ(summary["violations"]["total"], 0);
  // Nobody answers any more.
  o = throng("ctl" + control + " status");
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_NE(o.err.find("no run answered"), std::string::npos) << o.err;
}

TEST(cli, control_and_metrics_listen_on_localhost) {
  temp_dir tmp;
  auto control = "localhost:" + std::to_string(free_port());
  auto metrics = free_port();
  auto out = tmp / "localhost.out";
  auto pid = spawn_throng({"run", "--accounts", "2", "--rpm", "6000", "--duration", "60s",
                           "--quiet", "--control", control, "--metrics",
                           "localhost:" + std::to_string(metrics)}, out);
  ASSERT_GT(pid, 0);
  // Polls until requests have gone out: a run stopped before any did exits 3.
  bool answered = false;
  for (int i = 0; i < 200 && !answered; ++i) {
    auto o = throng("ctl --control " + control + " status");
    auto j = nlohmann::json::parse(o.out, nullptr, false);
    answered = o.exit_code == 0 && j.is_object() && j.value("requests", 0) > 0;
    if (!answered)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(answered) << slurp(out);
  // localhost listens on the IPv4 loopback, where raw_client connects.
  auto page = server::raw_client{metrics}.request("GET", "/metrics");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  auto stop = throng("ctl --control " + control + " stop");
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  if (stop.exit_code != 0)
    kill(pid, SIGINT);
  EXPECT_EQ(wait_exit(pid), 0);
}

/// Returns a script that answers every request with `bytes`, one byte a
/// millisecond (so that the answer arrives in many reads), then waits for
/// the next request; with no bytes, it never answers.
http::test::scripted_server::script answer_with(std::string bytes) {
  using server = http::test::scripted_server;
  return [bytes = std::move(bytes)](const server::received&) {
    return server::reply{bytes, bytes.empty() ? server::then::stall : server::then::keep_open,
                         std::chrono::milliseconds{1}};
  };
}

TEST(cli, ctl_reads_a_chunked_answer_whole) {
  http::test::scripted_server run{answer_with("HTTP/1.1 200 OK\r\n"
                                              "Transfer-Encoding: chunked\r\n\r\n"
                                              "e\r\n{\"accounts\": {\r\n"
                                              "b\r\n\"live\": 7}}\r\n"
                                              "0\r\n\r\n")};
  auto o = throng("ctl --control 127.0.0.1:" + std::to_string(run.port()) + " status");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "{\"accounts\": {\"live\": 7}}\n");
  auto seen = run.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].head.rfind("GET /status HTTP/1.1\r\n", 0), 0u) << seen[0].head;
}

TEST(cli, ctl_gives_up_on_a_run_that_never_answers) {
  http::test::scripted_server run{answer_with("")};
  auto address = "127.0.0.1:" + std::to_string(run.port());
  auto o = throng("ctl --control " + address + " --timeout 200ms stop");
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_EQ(o.err, "throng ctl: the run at " + address
                     + " did not answer within 200ms (--timeout); it may still carry the "
                       "request out\n");
}

TEST(cli, ctl_names_a_bad_address_or_timeout) {
  auto o = throng("ctl --control nonsense status");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--control: expected HOST:PORT, got 'nonsense'"), std::string::npos)
    << o.err;
  o = throng("ctl --control 127.0.0.1:99999 status");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--control: bad port '99999'"), std::string::npos) << o.err;
  o = throng("ctl --control 127.0.0.1:1 --timeout 0s status");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--timeout: must be more than 0"), std::string::npos) << o.err;
}

TEST(cli, control_and_stage_flags_are_checked) {
  auto o = throng("run" + quick + " --control 0.0.0.0:9999");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--control: only a loopback address"), std::string::npos) << o.err;
  o = throng("run" + quick + " --stage 10s");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--stage: bad stage '10s'"), std::string::npos) << o.err;
  o = throng("run" + quick + " --spawn-rate -1");
  EXPECT_EQ(o.exit_code, 2);
  o = throng("ctl status");
  EXPECT_EQ(o.exit_code, 2);
}

TEST(cli, stages_shape_the_run_and_mark_the_report) {
  temp_dir tmp;
  auto dir = tmp / "stages";
  auto o = throng("run --accounts 2 --rpm 6000 --seed 3 --quiet --out " + dir
                  + " --stage 600ms:accounts=6 --stage 400ms:rpm=6000"
                    " --stage 0:accounts=1,rpm=3000 --stage 400ms:rpm=3000");
  ASSERT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("4 stage(s) over 1400ms"), std::string::npos) << o.out;
  auto j = nlohmann::json::parse(slurp(dir + "/summary.json"));
  EXPECT_EQ(j["accounts_live"]["peak"], 6);
  EXPECT_EQ(j["accounts_live"]["end"], 1);
  // Without --duration the run lasts as long as its stages.
  EXPECT_LT(j["duration_s"].get<double>(), 10.0);
  auto html = slurp(dir + "/report.html");
  EXPECT_NE(html.find("stage 3: 1 accounts, 3000 rpm"), std::string::npos);
}

TEST(cli, help_lists_the_defaults) {
  auto o = throng("run --help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("--rpm"), std::string::npos);
  EXPECT_NE(o.out.find("6000"), std::string::npos);
}

} // namespace
} // namespace throng::testing
