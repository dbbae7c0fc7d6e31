#pragma once

// The control API of a distributed run: what `throng ctl` asks of the
// coordinator, split over the workers still running, and the crowd they
// publish, added up for the API's status.

#include <cstddef>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/crowd_controls.hpp"
#include "fleet/worker_messages.hpp"
#include "stats/html_report.hpp"

namespace throng::fleet {

/// One worker as the steering sees it at a step.
struct steered_worker {
  caf::actor link;
  bool running = false; // neither done nor lost
  double fraction = 0;  // its part of the run's rate, from its share
  worker_crowd crowd;   // as it last published it
};

/// The coordinator's side of the control API in a distributed run. Each
/// step takes the requests `controls` queued and sends each running
/// worker's link its part (worker_control): an even split of accounts to
/// add or remove (a worker asked to remove more than it has passes the
/// rest on), and a rate in proportion to the workers' shares among those
/// still running, so that the total is what was asked. It publishes the
/// workers' crowds, summed, as the API's status, and records each request
/// as an event for the report. Lives on the coordinator's main thread;
/// not thread-safe. `controls` must outlive it.
class fleet_steering {
public:
  explicit fleet_steering(actors::crowd_controls& controls) : controls_(controls) {}

  /// Takes the queued requests, made `at_s` seconds into the run, and
  /// publishes the crowd of `workers`.
  void step(caf::scoped_actor& self, const std::vector<steered_worker>& workers,
            double at_s);

  /// Returns the most accounts the workers had at once, as published.
  std::size_t peak_accounts() const noexcept { return peak_; }

  /// Returns the events recorded so far, leaving none.
  std::vector<stats::run_event> take_events() { return std::move(events_); }

private:
  void apply(caf::scoped_actor& self, const std::vector<steered_worker>& workers,
             const actors::control_request& r, double at_s);

  actors::crowd_controls& controls_;
  std::vector<stats::run_event> events_;
  std::size_t peak_ = 0;
};

} // namespace throng::fleet
