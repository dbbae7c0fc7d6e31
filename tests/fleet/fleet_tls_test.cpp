// Tests of distributed runs over TLS (fleet_run with fleet_options::tls, and
// serve_worker with worker_options::tls): a coordinator and a worker, each an
// actor system of its own in this process, over loopback, with certificates
// made in the test.

#include "fleet/fleet_run.hpp"

#include <future>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "fleet/worker_service.hpp"
#include "tests/fleet/test_certificates.hpp"
#include "tests/integration/crowd_run.hpp"

namespace throng::fleet {
namespace {

constexpr const char* secret = "a secret of more than sixteen bytes";

/// One worker (serve_worker) with `tls` on a thread of the test process, on
/// a free loopback port, taking at most one share. The destructor stops it
/// if it still waits (a signal) and joins it.
class tls_worker {
public:
  explicit tls_worker(const tls_files& tls) {
    worker_options o;
    o.port = 0;
    o.secret = secret;
    o.runs = 1;
    o.quiet = true;
    o.tls = tls;
    auto listening = std::make_shared<std::promise<std::uint16_t>>();
    auto port = listening->get_future();
    o.on_listening = [listening](std::uint16_t p) { listening->set_value(p); };
    thread_ = std::thread([this, o] { serve_worker(o, signals_, out_, log_); });
    address_ = "127.0.0.1:" + std::to_string(port.get());
  }

  ~tls_worker() {
    signals_.store(1);
    thread_.join();
  }

  /// Returns where the worker listens.
  const std::string& address() const { return address_; }

  /// Returns what the worker printed on its standard output.
  std::string out() const { return out_.str(); }

private:
  std::atomic<int> signals_{0};
  std::ostringstream out_;
  std::ostringstream log_;
  std::string address_;
  std::thread thread_;
};

fleet_options fleet_of(const std::string& worker, const tls_files& tls) {
  fleet_options f;
  f.workers = {worker};
  f.secret = secret;
  f.tls = tls;
  return f;
}

TEST(fleet_tls, a_run_over_a_tls_worker_brings_its_figures) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::test_ca ca{"run-ca"};
  tls_worker worker{ca.issue("worker", ca.cert_file())};
  EXPECT_NE(worker.out().find(", TLS)"), std::string::npos) << worker.out();
  auto o = testing::crowd(*srv, 6, 3000, std::chrono::milliseconds(1000));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(worker.address(), ca.issue("coord", ca.cert_file()))}.run(
    interrupt, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->failure) << r->failure->message;
  ASSERT_EQ(r->workers.size(), 1u);
  EXPECT_FALSE(r->workers[0].lost) << r->workers[0].lost_reason;
  EXPECT_GT(r->workers[0].requests, 0u);
  EXPECT_EQ(r->stats.total, r->workers[0].requests);
  EXPECT_EQ(r->stats.violation_total(), 0u);
}

TEST(fleet_tls, a_coordinator_whose_certificate_another_ca_signed_is_refused) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::test_ca ca{"refuse-ca"};
  testing::test_ca other{"refuse-other"};
  tls_worker worker{ca.issue("worker", ca.cert_file())};
  auto o = testing::crowd(*srv, 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  // It trusts the worker's CA: the refusal is the worker's.
  auto r = fleet_run{o, fleet_of(worker.address(), other.issue("coord", ca.cert_file()))}.run(
    interrupt, log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("cannot reach worker " + worker.address()),
            std::string::npos)
    << r.error().message;
}

TEST(fleet_tls, a_coordinator_in_the_clear_cannot_reach_a_tls_worker) {
  auto srv = testing::start_service({});
  ASSERT_TRUE(srv);
  testing::test_ca ca{"clear-ca"};
  tls_worker worker{ca.issue("worker", ca.cert_file())};
  auto o = testing::crowd(*srv, 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = fleet_run{o, fleet_of(worker.address(), {})}.run(interrupt, log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("cannot reach worker " + worker.address()),
            std::string::npos)
    << r.error().message;
  EXPECT_NE(r.error().message.find("does the other side use TLS?"), std::string::npos)
    << r.error().message;
}

TEST(fleet_tls, unusable_tls_files_are_refused_before_any_node_starts) {
  testing::test_ca ca{"unusable-ca"};
  auto bad = ca.issue("node", ca.cert_file());
  bad.key = bad.cert;
  worker_options wo;
  wo.port = 0;
  wo.secret = secret;
  wo.tls = bad;
  std::atomic<int> signals{0};
  std::ostringstream out, log;
  EXPECT_EQ(serve_worker(wo, signals, out, log), 2);
  EXPECT_NE(log.str().find(bad.key), std::string::npos) << log.str();
  EXPECT_EQ(out.str(), "");
  auto o = testing::crowd("http://127.0.0.1:1", 4, 600, std::chrono::milliseconds(500));
  std::atomic<int> interrupt{0};
  std::ostringstream run_log;
  auto r = fleet_run{o, fleet_of("127.0.0.1:1", bad)}.run(interrupt, run_log);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 2);
  EXPECT_NE(r.error().message.find(bad.key), std::string::npos) << r.error().message;
}

} // namespace
} // namespace throng::fleet
