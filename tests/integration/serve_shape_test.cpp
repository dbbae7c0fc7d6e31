// `throng serve --shape`: the binary serves the cookie shape when told to
// (with its faults and admin API), the v1 shape by default, and names a bad
// shape.

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loopback.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

using json = nlohmann::json;

// `throng serve` started with `args` (beside --port 0) and the port it
// listens on (0 when it printed none within 5 s); stopped with SIGTERM.
class serving {
public:
  explicit serving(std::vector<std::string> args) {
    auto listening = dir_ / "serve.out";
    args.insert(args.begin(), {"serve", "--port", "0"});
    pid_ = spawn_throng(args, listening);
    std::string first;
    for (int i = 0; pid_ > 0 && i < 200 && first.find('\n') == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      first = slurp(listening);
    }
    if (first.rfind("listening on 127.0.0.1:", 0) == 0)
      port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
  }

  ~serving() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      EXPECT_EQ(wait_exit(pid_), 0);
    }
  }

  serving(const serving&) = delete;
  serving& operator=(const serving&) = delete;

  std::uint16_t port = 0;

private:
  temp_dir dir_;
  pid_t pid_ = -1;
};

// A client of the cookie shape at 127.0.0.1:`port`.
http::blocking_client cookie_client(std::uint16_t port) {
  http::client_options co;
  co.target = *http::parse_url("http://127.0.0.1:" + std::to_string(port));
  co.connections = 1;
  co.timeout = std::chrono::seconds{10};
  co.style.auth = http::auth_style::cookie;
  co.style.auth_name = "sid";
  co.style.shard_header = "X-Backend";
  co.style.session_cookie = "sid";
  return http::blocking_client::create(co).value();
}

TEST(serve_shape, cookie_serves_the_cookie_shape_with_its_faults_and_admin_api) {
  serving s{{"--shape", "cookie", "--fault", "lost_note:1", "--admin-token", "t0k"}};
  ASSERT_NE(s.port, 0);
  auto c = cookie_client(s.port);
  auto up = c.exchange({http::method::post, "/users", R"({"username":"u","secret":"p"})", {}});
  ASSERT_EQ(up.status, 201) << up.body;
  ASSERT_FALSE(up.session.empty());
  EXPECT_EQ(up.shard.rfind("shard-", 0), 0u) << up.shard;
  auto created = c.exchange({http::method::post, "/notes", R"({"body":"b"})", up.session});
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = json::parse(created.body)["note"]["id"].get<std::uint64_t>();
  auto read = c.exchange({http::method::get, "/notes/" + std::to_string(id), {}, up.session});
  EXPECT_EQ(read.status, 404) << read.body; // lost_note acts through the shape
  EXPECT_EQ(c.exchange({http::method::get, "/me", {}, {}}).status, 401);
  auto admin = loopback_client(s.port);
  auto faults = admin.exchange({http::method::get, "/v1/admin/faults", {}, "t0k"});
  EXPECT_EQ(faults.status, 200) << faults.body;
  EXPECT_NE(faults.body.find("lost_note"), std::string::npos) << faults.body;
}

TEST(serve_shape, v1_is_the_default) {
  serving s{{}};
  ASSERT_NE(s.port, 0);
  auto c = loopback_client(s.port);
  auto up = c.exchange({http::method::post, "/v1/accounts", R"({"name":"u","password":"p"})",
                        {}});
  EXPECT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.shard.rfind("shard-", 0), 0u) << up.shard;
  EXPECT_EQ(c.exchange({http::method::post, "/users", R"({"username":"v","secret":"p"})", {}})
              .status,
            404);
}

TEST(serve_shape, a_bad_shape_is_named_and_help_lists_the_shapes) {
  auto o = throng("serve --port 0 --shape v2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--shape"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("unknown service shape 'v2'"), std::string::npos) << o.err;
  auto help = throng("serve --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--shape"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("cookie"), std::string::npos) << help.out;
}

} // namespace
} // namespace throng::testing
