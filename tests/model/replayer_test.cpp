// Replaying one account: the same seed and index make the same requests for
// the same answers, and each answer's violations come back with its step.

#include "model/replayer.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "model/random_behaviour.hpp"
#include "protocol/codec.hpp"
#include "tests/model/service_loop.hpp"

namespace throng::model {
namespace {

// A transport that answers at once from a service loop, through `filter`.
class loop_transport : public http::transport {
public:
  using filter = std::function<http::response(const http::request&, http::response)>;

  explicit loop_transport(filter f = {}) : filter_(std::move(f)) {
  }

  void submit(http::request req, callback done) override {
    auto r = loop_.answer(req);
    done(filter_ ? filter_(req, std::move(r)) : std::move(r));
  }

private:
  testing::service_loop loop_;
  filter filter_;
};

std::vector<std::string> operations(std::uint64_t seed, std::uint32_t index,
                                    std::size_t steps) {
  account_settings settings;
  settings.name_prefix = "replay";
  settings.seed = seed;
  random_behaviour b{default_weights(), 5};
  loop_transport t;
  replayer r{settings, b, index, t};
  std::vector<std::string> ops;
  for (std::size_t i = 0; i < steps; ++i) {
    auto s = r.step();
    EXPECT_TRUE(s);
    if (!s)
      break;
    EXPECT_EQ(s->number, i + 1);
    EXPECT_TRUE(s->violations.empty());
    ops.emplace_back(protocol::to_string(s->op));
  }
  return ops;
}

TEST(replayer, one_seed_and_index_make_the_same_requests) {
  auto first = operations(7, 3, 60);
  EXPECT_EQ(first.size(), 60u);
  EXPECT_EQ(first.front(), "signup");
  EXPECT_EQ(operations(7, 3, 60), first);
  EXPECT_NE(operations(7, 4, 60), first);
  EXPECT_NE(operations(8, 3, 60), first);
}

TEST(replayer, reports_the_violations_of_each_step) {
  account_settings settings;
  settings.name_prefix = "replay";
  settings.seed = 1;
  random_behaviour b{default_weights(), 5};
  // A service that serves every note read with a content nobody wrote.
  loop_transport t{[](const http::request& req, http::response r) {
    if (req.verb == http::method::get && r.status == 200
        && req.target.find("/notes/") != std::string::npos)
      r.body = protocol::encode(protocol::note{"n1", "garbage"});
    return r;
  }};
  replayer r{settings, b, 0, t};
  std::size_t caught = 0;
  for (int i = 0; i < 100; ++i) {
    auto s = r.step();
    ASSERT_TRUE(s);
    for (const auto& v : s->violations) {
      EXPECT_EQ(s->op, protocol::operation::read_note);
      EXPECT_EQ(v.kind, model::violation_class::corrupt_content);
      ++caught;
    }
  }
  EXPECT_GT(caught, 0u);
}

} // namespace
} // namespace throng::model
