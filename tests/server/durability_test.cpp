// Every write the service answered with a 2xx survives `kill -9` of
// `throng serve --store sqlite:DIR` and a restart on the same DIR.

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/build_paths.hpp"
#include "tests/server/raw_client.hpp"
#include "tests/server/temp_dir.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;

// `throng serve` running as a child process; killed with SIGKILL (if still
// running) and reaped on destruction.
class serve_process {
public:
  // Starts `throng serve --store <store> --port 0` and reads the port from
  // its first line. port() is 0 when that failed.
  explicit serve_process(const std::string& store) {
    int out[2];
    if (::pipe(out) != 0)
      return;
    std::vector<std::string> args{throng::testing::throng_binary(), "serve", "--store", store,
                                  "--port",      "0",     "--shards", "3"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    if (pid_ > 0)
      port_ = read_port(out[0]);
    ::close(out[0]);
  }

  serve_process(const serve_process&) = delete;
  serve_process& operator=(const serve_process&) = delete;

  ~serve_process() {
    kill();
  }

  std::uint16_t port() const {
    return port_;
  }

  // Sends SIGKILL and waits for the process to be gone.
  void kill() {
    if (pid_ <= 0)
      return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

private:
  // Reads "listening on 127.0.0.1:PORT\n", giving up after
  // io_timeout_seconds.
  static std::uint16_t read_port(int fd) {
    std::string line;
    while (line.find('\n') == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, io_timeout_seconds * 1000) <= 0)
        return 0;
      char buf[256];
      auto n = ::read(fd, buf, sizeof(buf));
      if (n <= 0)
        return 0;
      line.append(buf, static_cast<std::size_t>(n));
    }
    constexpr std::string_view prefix = "listening on 127.0.0.1:";
    if (line.rfind(prefix, 0) != 0)
      return 0;
    return static_cast<std::uint16_t>(
      std::stoul(line.substr(prefix.size(), line.find('\n') - prefix.size())));
  }

  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

TEST(durability, answered_writes_survive_kill_9_and_restart) {
  temp_dir dir;
  auto store = "sqlite:" + (dir / "data");
  std::string aid;
  std::string token;
  std::string revoked;
  std::vector<std::pair<std::string, std::string>> expected; // id, content
  {
    serve_process server{store};
    ASSERT_NE(server.port(), 0) << "throng serve did not start";
    raw_client c{server.port()};
    ASSERT_TRUE(c.connected());
    auto signup = c.request("POST", "/v1/accounts",
                            R"({"name": "alice", "password": "pw"})");
    ASSERT_TRUE(signup);
    ASSERT_EQ(signup->status, 201) << signup->body;
    auto acc = json::parse(signup->body);
    aid = acc.at("id").get<std::string>();
    token = acc.at("token").get<std::string>();
    auto notes = "/v1/accounts/" + aid + "/notes";
    for (int i = 0; i < 30; ++i) {
      auto content = "note " + std::to_string(i);
      auto r = c.request("POST", notes, json{{"content", content}}.dump(),
                         token);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 201) << r->body;
      expected.emplace_back(json::parse(r->body).at("id").get<std::string>(),
                            content);
    }
    for (std::size_t i = 0; i < expected.size(); i += 3) {
      auto target = notes + "/" + expected[i].first;
      auto r = c.request("PUT", target, R"({"content": "changed"})", token);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << r->body;
      expected[i].second = "changed";
    }
    for (std::size_t i = 1; i < expected.size(); i += 4) {
      auto r = c.request("DELETE", notes + "/" + expected[i].first, {}, token);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 204) << r->body;
      expected[i].first.clear();
    }
    std::erase_if(expected, [](const auto& n) { return n.first.empty(); });
    auto rename = c.request("PUT", "/v1/accounts/" + aid,
                            R"({"name": "alicia"})", token);
    ASSERT_TRUE(rename);
    ASSERT_EQ(rename->status, 200) << rename->body;
    auto login = c.request("POST", "/v1/sessions",
                           R"({"name": "alicia", "password": "pw"})");
    ASSERT_TRUE(login);
    ASSERT_EQ(login->status, 201) << login->body;
    revoked = json::parse(login->body).at("token").get<std::string>();
    auto logout = c.request("DELETE", "/v1/sessions/current", {}, revoked);
    ASSERT_TRUE(logout);
    ASSERT_EQ(logout->status, 204) << logout->body;
    server.kill(); // right after the last answer
  }
  serve_process again{store};
  ASSERT_NE(again.port(), 0) << "throng serve did not restart";
  raw_client c{again.port()};
  ASSERT_TRUE(c.connected());
  auto info = c.request("GET", "/v1/accounts/" + aid, {}, token);
  ASSERT_TRUE(info);
  ASSERT_EQ(info->status, 200) << info->body;
  EXPECT_EQ(json::parse(info->body),
            (json{{"id", aid},
                  {"name", "alicia"},
                  {"note_count", expected.size()}}));
  auto list = c.request("GET", "/v1/accounts/" + aid + "/notes", {}, token);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  auto notes = json::parse(list->body).at("notes");
  ASSERT_EQ(notes.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(notes[i].at("id"), expected[i].first);
    EXPECT_EQ(notes[i].at("content"), expected[i].second);
  }
  auto stale = c.request("GET", "/v1/accounts/" + aid, {}, revoked);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 401) << "a log-out survives too";
  auto login = c.request("POST", "/v1/sessions",
                         R"({"name": "alicia", "password": "pw"})");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 201) << login->body;
}

} // namespace
} // namespace throng::server
