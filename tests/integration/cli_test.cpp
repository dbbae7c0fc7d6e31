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
#include <sstream>

#include <nlohmann/json.hpp>

#include "wrong_service.hpp"

namespace throng::testing {
namespace {

struct outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

outcome throng(const std::string& args) {
  static int n = 0;
  auto base = ::testing::TempDir() + "cli" + std::to_string(++n);
  auto cmd = std::string{THRONG_BINARY} + " " + args + " >" + base + ".out 2>" + base
             + ".err </dev/null";
  outcome o;
  auto status = std::system(cmd.c_str());
  if (WIFEXITED(status))
    o.exit_code = WEXITSTATUS(status);
  o.out = slurp(base + ".out");
  o.err = slurp(base + ".err");
  return o;
}

const std::string quick = " --accounts 20 --rpm 12000 --duration 1500ms --seed 5";

TEST(cli, run_against_the_embedded_service_writes_the_summary) {
  auto json = ::testing::TempDir() + "summary.json";
  auto o = throng("run" + quick + " --summary-json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("embedded service"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("seed 5"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("create_note"), std::string::npos) << o.out;
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["accounts"], 20);
  EXPECT_EQ(j["seed"], 5);
  EXPECT_GT(j["requests"]["total"].get<int>(), 100);
  EXPECT_EQ(j["violations"]["total"], 0);
  for (auto key : {"connect", "timeout", "reset", "status_4xx", "status_5xx", "protocol"})
    EXPECT_TRUE(j["errors"].contains(key)) << key;
  for (auto key : {"account_read_rps", "account_write_rps", "note_read_rps", "note_write_rps"})
    EXPECT_TRUE(j["rates"].contains(key)) << key;
  EXPECT_TRUE(j["operations"]["read_note"]["latency_ms"].contains("p999"));
  EXPECT_FALSE(j["shards"].empty());
}

TEST(cli, violations_give_exit_code_1_and_a_log) {
  wrong_service w{wrongness::list_stranger};
  ASSERT_TRUE(w.running());
  auto log = ::testing::TempDir() + "violations.jsonl";
  auto o = throng("run --target " + w.url() + quick + " --violations-log " + log);
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(slurp(log).find("unexpected_note"), std::string::npos);
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
  auto json = ::testing::TempDir() + "interrupted.json";
  auto out = ::testing::TempDir() + "interrupted.out";
  std::vector<std::string> args{THRONG_BINARY, "run", "--accounts", "20", "--rpm", "6000",
                                "--duration", "10m", "--summary-json", json};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, THRONG_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  // Wait until the run is under way (its banner is out), then interrupt it.
  for (int i = 0; i < 200 && slurp(out).find("seed") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGINT);
  int status = 0;
  int waited = 0;
  for (; waited < 600 && waitpid(pid, &status, WNOHANG) == 0; ++waited)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (waited == 600) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "throng did not stop within 30 s of SIGINT";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(slurp(out).find("violations"), std::string::npos);
  auto j = nlohmann::json::parse(slurp(json));
  EXPECT_GT(j["requests"]["total"].get<int>(), 0);
  EXPECT_LT(j["duration_s"].get<double>(), 60.0);
}

TEST(cli, help_lists_the_defaults) {
  auto o = throng("run --help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("--rpm"), std::string::npos);
  EXPECT_NE(o.out.find("6000"), std::string::npos);
}

} // namespace
} // namespace throng::testing
