// Tests of distributed runs (fleet/fleet_run): a coordinator and workers, each
// an actor system of its own in this process, over loopback.

#include "fleet/fleet_run.hpp"

#include <fstream>
#include <numeric>
#include <sstream>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <gtest/gtest.h>

#include "fleet/fleet_config.hpp"
#include "fleet/worker_node.hpp"
#include "protocol/build_version.hpp"
#include "server/fault_injector.hpp"
#include "tests/fleet/local_fleet.hpp"
#include "tests/integration/crowd_run.hpp"
#include "tests/temp_dir.hpp"

namespace throng::fleet {
namespace {

constexpr const char* secret = "a secret of more than sixteen bytes";

fleet_options fleet_of(const std::vector<std::string>& workers, std::string s = secret) {
  fleet_options f;
  f.workers = workers;
  f.secret = std::move(s);
  return f;
}

std::uint64_t accounts_in(server::notes_server& srv) {
  auto usage = srv.usage();
  EXPECT_TRUE(usage);
  std::uint64_t n = 0;
  for (const auto& u : *usage)
    n += u.accounts;
  return n;
}

TEST(fleet_run, merges_the_figures_of_two_workers_exactly) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::local_fleet workers{2, secret};
  auto o = testing::crowd(*srv, 30, 6000, std::chrono::milliseconds(1500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(workers.addresses())}.run(interrupt, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->failure) << r->failure->message;
  ASSERT_EQ(r->workers.size(), 2u);
  std::uint64_t requests = 0;
  for (const auto& w : r->workers) {
    EXPECT_FALSE(w.lost) << w.lost_reason;
    EXPECT_EQ(w.accounts, 15u);
    EXPECT_GT(w.requests, 0u);
    requests += w.requests;
  }
  EXPECT_EQ(r->stats.total, requests);
  EXPECT_EQ(r->stats.violation_total(), 0u);
  // Every intended send was timed, on the worker that made it.
  EXPECT_GT(r->stats.tick_lateness_us.count(), 0u);
  ASSERT_TRUE(r->seed);
  EXPECT_EQ(r->seed->notes, 30u * 3);
  // Every account signed up under its own name: no index was given twice.
  EXPECT_EQ(accounts_in(*srv), 30u);
  EXPECT_EQ(r->peak_accounts, 30u);
}

TEST(fleet_run, workers_follow_the_stages_with_the_indexes_of_one_process) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::local_fleet workers{3, secret};
  auto o = testing::crowd(*srv, 10, 6000, std::chrono::milliseconds(2000));
  config::load_stage up;
  up.duration = std::chrono::milliseconds(500);
  up.accounts = 16;
  o.stages = {up};
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(workers.addresses())}.run(interrupt, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->failure) << r->failure->message;
  EXPECT_EQ(r->final_accounts, 16u);
  EXPECT_EQ(r->stats.violation_total(), 0u);
  // 16 accounts under 16 names: the later indexes 10..15, each given once.
  EXPECT_EQ(accounts_in(*srv), 16u);
}

TEST(fleet_run, a_violation_found_on_a_worker_reaches_the_coordinators_log) {
  server::service_options so;
  so.faults.push_back(*server::parse_fault("corrupt:0.3"));
  auto srv = testing::start_service(so);
  ASSERT_TRUE(srv);
  testing::local_fleet workers{2, secret};
  auto o = testing::crowd(*srv, 10, 3000, std::chrono::milliseconds(1500));
  testing::temp_dir tmp;
  o.violations_log = tmp / "violations.jsonl";
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(workers.addresses())}.run(interrupt, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_GT(r->stats.violation_total(), 0u);
  std::ifstream in{o.violations_log};
  std::string line;
  std::uint64_t lines = 0, named = 0;
  while (std::getline(in, line)) {
    ++lines;
    named += line.find("\"worker\":\"127.0.0.1:") != std::string::npos;
  }
  EXPECT_EQ(lines, r->stats.violation_total());
  EXPECT_EQ(named, lines);
}

TEST(fleet_run, a_coordinator_without_the_secret_is_refused) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::local_fleet workers{1, secret};
  auto o = testing::crowd(*srv, 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(workers.addresses(), "another secret, also long")}.run(
    interrupt, log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("worker " + workers.addresses()[0]), std::string::npos)
    << r.error().message;
  EXPECT_NE(r.error().message.find("secret"), std::string::npos) << r.error().message;
  EXPECT_EQ(accounts_in(*srv), 0u);
}

TEST(fleet_run, an_unreachable_worker_ends_the_run_before_it_starts) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  // A port nothing listens on: the service's own, once it is stopped.
  auto gone = testing::start_service({});
  const auto port = gone->port();
  gone->stop();
  auto o = testing::crowd(*srv, 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  const auto name = "127.0.0.1:" + std::to_string(port);
  auto r = fleet_run{o, fleet_of({name})}.run(interrupt, log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("cannot reach worker " + name), std::string::npos)
    << r.error().message;
}

/// A worker node of another build, published on a free port of its own
/// actor system.
struct other_build {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::atomic<int> interrupt{0};
  std::atomic<int> signals{0};
  std::ostringstream log;
  std::uint16_t port = 0;

  explicit other_build(const std::string& version) {
    configure_fleet_system(cfg, 1);
    sys = std::make_unique<caf::actor_system>(cfg);
    worker_node_args a;
    a.secret = secret;
    a.version = version;
    a.interrupt = &interrupt;
    a.signals = &signals;
    a.log = &log;
    a.on_share = [](worker_share) {};
    node = sys->spawn(worker_node, std::move(a));
    port = *sys->middleman().publish(node, 0, "127.0.0.1");
  }
  ~other_build() { caf::anon_send_exit(node, caf::exit_reason::user_shutdown); }
  caf::actor node;
};

TEST(fleet_run, a_worker_of_another_build_is_refused_naming_both_versions) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  other_build w{"0.0.1+elsewhere"};
  auto o = testing::crowd(*srv, 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of({"127.0.0.1:" + std::to_string(w.port)})}.run(interrupt,
                                                                                 log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("0.0.1+elsewhere"), std::string::npos)
    << r.error().message;
  EXPECT_NE(r.error().message.find(std::string{protocol::build_version()}), std::string::npos)
    << r.error().message;
}

TEST(worker_node, takes_no_order_without_the_handshake) {
  other_build w{std::string{protocol::build_version()}};
  caf::actor_system_config cfg;
  configure_fleet_system(cfg, 1);
  caf::actor_system sys{cfg};
  auto node = sys.middleman().remote_actor("127.0.0.1", w.port);
  ASSERT_TRUE(node) << sys.render(node.error());
  caf::scoped_actor self{sys};
  worker_share forged;
  forged.token = std::string(64, 'a');
  std::string reason;
  self->request(*node, std::chrono::seconds(10), forged)
    .receive([&](fleet_refusal& r) { reason = r.reason; },
             [&](caf::error& e) { reason = "error: " + sys.render(e); });
  EXPECT_EQ(reason, "not this worker's coordinator");
  // A proof without a hello is refused too.
  self->request(*node, std::chrono::seconds(10), fleet_proof{std::string(64, 'b')})
    .receive([&](fleet_refusal& r) { reason = r.reason; },
             [&](caf::error& e) { reason = "error: " + sys.render(e); });
  EXPECT_EQ(reason, "no handshake under way");
}

} // namespace
} // namespace throng::fleet
