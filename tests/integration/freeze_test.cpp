// Coordinated omission: a steady open-model run against a reference service
// that the test freezes for about a third of the run. Every request that
// should have gone out during the freeze must be sent once the service is
// back and measured from its intended time, so that the latency
// percentiles show the freeze as a user would have felt it.

#include "actors/crowd_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include "http/server.hpp"
#include "server/memory_store.hpp"
#include "server/notes_service.hpp"
#include "stats/histogram.hpp"

namespace throng::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

/// The reference notes service on 127.0.0.1 over HTTP, which the test can
/// freeze: while frozen, every request waits in the handler (on a condition
/// variable) until thawed. Thread-safe.
class freezable_service {
public:
  freezable_service() {
    http::server_options o;
    o.threads = 4;
    auto s = http::server::start(o, [this](const http::server_request& r) {
      return handle(r);
    });
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    if (s)
      server_ = std::move(*s);
  }

  ~freezable_service() {
    thaw();
    if (server_)
      server_->stop();
  }

  bool running() const { return server_ != nullptr; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  /// From now on, requests wait until thaw().
  void freeze() {
    std::lock_guard<std::mutex> guard{mtx_};
    frozen_ = true;
  }

  /// Lets the waiting requests, and those to come, through.
  void thaw() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      frozen_ = false;
    }
    thawed_.notify_all();
  }

private:
  http::server_response handle(const http::server_request& req) {
    {
      std::unique_lock<std::mutex> lock{mtx_};
      thawed_.wait(lock, [this] { return !frozen_; });
    }
    return service_.handle(req);
  }

  server::memory_store store_{2};
  server::notes_service service_{store_};
  std::mutex mtx_;
  std::condition_variable thawed_;
  bool frozen_ = false;
  std::unique_ptr<http::server> server_;
};

/// The latency of every request of a run, from the intended send
/// (`intended`) or from the actual one (`service`), in microseconds.
stats::histogram all_requests(const stats::run_stats& s, bool intended) {
  stats::histogram h;
  for (const auto& op : s.ops)
    h.merge(intended ? op.latency_us : op.service_us);
  return h;
}

double seconds_since(steady_clock::time_point t) {
  return std::chrono::duration<double>(steady_clock::now() - t).count();
}

TEST(freeze, requests_due_during_a_freeze_are_sent_late_and_measured_from_their_time) {
  freezable_service service;
  ASSERT_TRUE(service.running());
  actors::run_options o;
  o.target = service.url();
  o.accounts = 20;
  o.rpm = 18'000; // 300 requests a second, 15 per account
  o.duration = milliseconds(4'500);
  o.notes_per_account = 8;
  o.connections = 8;
  o.seed = 5;
  o.timeout = milliseconds(10'000); // above the freeze: nothing fails
  o.connect_wait = milliseconds(2'000);
  // The middle third of the run, on the run's own clock; F is measured.
  const double freeze_from_s = 1.5;
  const double thaw_at_s = 3.0;
  steady_clock::time_point frozen_at;
  double freeze_s = -1;
  bool frozen = false;
  o.on_step = [&](control::run_controller& c) {
    const auto elapsed = c.status().elapsed_s;
    if (!frozen && freeze_s < 0 && elapsed >= freeze_from_s) {
      service.freeze();
      frozen_at = steady_clock::now();
      frozen = true;
    } else if (frozen && elapsed >= thaw_at_s) {
      service.thaw();
      freeze_s = seconds_since(frozen_at);
      frozen = false;
    }
  };
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = actors::crowd_run{o}.run(interrupt, log);
  if (frozen) {
    // The run ended first (a very slow machine): thaw, and say so below.
    service.thaw();
    freeze_s = seconds_since(frozen_at);
  }
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_GT(freeze_s, 0) << "the run never reached the freeze";
  EXPECT_FALSE(frozen) << "the run ended before the thaw";
  const auto& s = r->stats;
  const double run_s = r->duration_s;
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(s.violation_total(), 0u);

  // Every intended send is accounted for: sent, or counted as skipped. The
  // ticks of one account come every accounts * 60 / rpm seconds from a
  // random phase: a tick per account either way.
  const double rate = o.rpm / 60;
  const double intended = rate * run_s;
  EXPECT_NEAR(static_cast<double>(s.total + s.skipped_ticks), intended,
              static_cast<double>(o.accounts))
    << s.total << " sent, " << s.skipped_ticks << " skipped in " << run_s << " s";

  // The requests meant for the freeze (a share F / T of all) waited for the
  // thaw: the one meant for t in the freeze took at least its end minus t.
  // So at least 10% of all took F - 0.1 T or more, less the phase of the
  // ticks (two intervals of an account).
  const auto latency = all_requests(s, true);
  const auto service_time = all_requests(s, false);
  const double p90_s = static_cast<double>(latency.percentile(90)) / 1e6;
  const double service_p90_s = static_cast<double>(service_time.percentile(90)) / 1e6;
  const double tick_s = static_cast<double>(o.accounts) * 60 / o.rpm;
  const double bound_s = freeze_s - 0.1 * run_s - 2 * tick_s;
  RecordProperty("freeze_ms", static_cast<int>(freeze_s * 1000));
  RecordProperty("run_ms", static_cast<int>(run_s * 1000));
  RecordProperty("p90_intended_ms", static_cast<int>(p90_s * 1000));
  RecordProperty("p90_service_ms", static_cast<int>(service_p90_s * 1000));
  RecordProperty("requests", static_cast<int>(s.total));
  RecordProperty("skipped_ticks", static_cast<int>(s.skipped_ticks));
  EXPECT_GE(p90_s, bound_s) << "F " << freeze_s << " s, T " << run_s << " s, p90 " << p90_s
                            << " s over " << latency.count() << " requests";
  // The service itself answered at once but for the requests it held:
  // one per connection, far fewer than a tenth.
  EXPECT_LT(service_p90_s, freeze_s / 4) << "service-time p90 " << service_p90_s << " s";
}

} // namespace
} // namespace throng::testing
