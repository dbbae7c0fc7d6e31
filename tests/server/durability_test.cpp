// Every write the service answered with a 2xx survives `kill -9` of
// `throng serve --store sqlite:DIR` and a restart on the same DIR.

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/blocking_client.hpp"
#include "tests/build_paths.hpp"
#include "tests/temp_dir.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;
using http::method;
using testing::temp_dir;

// How long the test waits for `throng serve` to print its port, and for
// each answer.
constexpr int io_timeout_seconds = 10;

// Returns the project's client for the service at 127.0.0.1:`port`, one
// keep-alive connection.
http::blocking_client client_for(std::uint16_t port) {
  http::client_options co;
  co.target = *http::parse_url("http://127.0.0.1:" + std::to_string(port));
  co.connections = 1;
  co.timeout = std::chrono::seconds{io_timeout_seconds};
  auto c = http::blocking_client::create(co);
  EXPECT_TRUE(c) << c.error().message;
  return std::move(*c);
}

// What went wrong with `r`, for a failed check of its status.
std::string why(const http::response& r) {
  return std::string{to_string(r.error)} + " " + r.body;
}

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
    auto c = client_for(server.port());
    auto signup = c.exchange({method::post, "/v1/accounts",
                              R"({"name": "alice", "password": "pw"})", {}});
    ASSERT_EQ(signup.status, 201) << why(signup);
    auto acc = json::parse(signup.body);
    aid = acc.at("id").get<std::string>();
    token = acc.at("token").get<std::string>();
    auto notes = "/v1/accounts/" + aid + "/notes";
    for (int i = 0; i < 30; ++i) {
      auto content = "note " + std::to_string(i);
      auto r = c.exchange({method::post, notes, json{{"content", content}}.dump(), token});
      ASSERT_EQ(r.status, 201) << why(r);
      expected.emplace_back(json::parse(r.body).at("id").get<std::string>(),
                            content);
    }
    for (std::size_t i = 0; i < expected.size(); i += 3) {
      auto target = notes + "/" + expected[i].first;
      auto r = c.exchange({method::put, target, R"({"content": "changed"})", token});
      ASSERT_EQ(r.status, 200) << why(r);
      expected[i].second = "changed";
    }
    for (std::size_t i = 1; i < expected.size(); i += 4) {
      auto r = c.exchange({method::del, notes + "/" + expected[i].first, {}, token});
      ASSERT_EQ(r.status, 204) << why(r);
      expected[i].first.clear();
    }
    std::erase_if(expected, [](const auto& n) { return n.first.empty(); });
    auto rename = c.exchange({method::put, "/v1/accounts/" + aid,
                              R"({"name": "alicia"})", token});
    ASSERT_EQ(rename.status, 200) << why(rename);
    auto login = c.exchange({method::post, "/v1/sessions",
                             R"({"name": "alicia", "password": "pw"})", {}});
    ASSERT_EQ(login.status, 201) << why(login);
    revoked = json::parse(login.body).at("token").get<std::string>();
    auto logout = c.exchange({method::del, "/v1/sessions/current", {}, revoked});
    ASSERT_EQ(logout.status, 204) << why(logout);
    server.kill(); // right after the last answer
  }
  serve_process again{store};
  ASSERT_NE(again.port(), 0) << "throng serve did not restart";
  auto c = client_for(again.port());
  auto info = c.exchange({method::get, "/v1/accounts/" + aid, {}, token});
  ASSERT_EQ(info.status, 200) << why(info);
  EXPECT_EQ(json::parse(info.body),
            (json{{"id", aid},
                  {"name", "alicia"},
                  {"note_count", expected.size()}}));
  auto list = c.exchange({method::get, "/v1/accounts/" + aid + "/notes", {}, token});
  ASSERT_EQ(list.status, 200) << why(list);
  auto notes = json::parse(list.body).at("notes");
  ASSERT_EQ(notes.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(notes[i].at("id"), expected[i].first);
    EXPECT_EQ(notes[i].at("content"), expected[i].second);
  }
  auto stale = c.exchange({method::get, "/v1/accounts/" + aid, {}, revoked});
  EXPECT_EQ(stale.status, 401) << "a log-out survives too; " << why(stale);
  auto login = c.exchange({method::post, "/v1/sessions",
                           R"({"name": "alicia", "password": "pw"})", {}});
  EXPECT_EQ(login.status, 201) << why(login);
}

} // namespace
} // namespace throng::server
