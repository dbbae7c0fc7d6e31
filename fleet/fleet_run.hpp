#pragma once

// A distributed run, as the commands call it: the run's set-up and stats on
// the coordinating machine, its crowd split over workers (`throng worker`)
// reached through CAF's middleman, every figure merged back.

#include <atomic>
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "actors/run_failure.hpp"
#include "actors/run_options.hpp"
#include "actors/run_result.hpp"
#include "fleet/node_transport.hpp"
#include "fleet/work_split.hpp"
#include "protocol/result.hpp"

namespace throng::fleet {

/// Where a distributed run's workers are and how it treats them.
struct fleet_options {
  std::vector<std::string> workers; // "host:port" each, checked by the caller
  std::string secret;               // shared with every worker
  bool fail_on_loss = false;        // --on-worker-loss fail
  share_texts texts;                // the scenario's and profile's texts
  tls_files tls;                    // TLS to every worker, or none: in the clear
  /// A worker that sent nothing for this long is taken as lost (one that
  /// hangs keeps its connection open).
  std::chrono::milliseconds silence_limit{10'000};
};

/// Runs `opts` over the workers of `fleet`: opens the run's set-up here (the
/// target's probe, the outputs, the listeners, the stats actor and its status
/// line), connects to every worker (through TLS when `fleet.tls` is
/// enabled: node_transport) and goes through the handshake (TLS files that
/// are not usable end the run with exit code 2; any worker that cannot be
/// reached or refuses ends it before it starts: exit code 3, naming the
/// worker and why), hands each its share
/// (split_run) and waits for all to finish. Their figures reach the stats
/// actor through their links as they come and merge exactly (histograms
/// with one bucket layout, series cells by run-relative second), so the
/// result's totals are those of one process that ran them all. A worker
/// lost during the run (its connection closed, or silent for
/// `silence_limit`) is said on `log`; what it sent so far is kept and the
/// run goes on with the others, or, with `fail_on_loss`, stops them and
/// comes back with exit code 3. `interrupt` (a count of signals) is passed
/// on to every worker. The result has a workers table; its failure is the
/// first worker's that stopped early (the target never answered it, its
/// seed-data phase gave up). Blocks; every actor is gone on return.
class fleet_run {
public:
  fleet_run(actors::run_options opts, fleet_options fleet);

  protocol::result<actors::run_result, actors::run_failure>
  run(const std::atomic<int>& interrupt, std::ostream& log);

private:
  actors::run_options opts_;
  fleet_options fleet_;
};

} // namespace throng::fleet
