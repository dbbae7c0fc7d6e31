#pragma once

// The `--metrics` endpoint's page, built from the figures the stats actor
// hands over only when the endpoint is scraped.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "stats/run_stats.hpp"

namespace throng::stats {

/// The /metrics page of a run. The stats actor publishes its figures once a
/// second (a copy, no text); the endpoint's handler, on its own thread,
/// reads the page, which is built from the latest figures only then, and
/// at most once per publish however often it is scraped. The board owns its
/// copy of the figures and the last page. Thread-safe: publish and read may
/// run at once, and a publish never waits for a page to be built.
class metrics_board {
public:
  /// Replaces the figures the page shows: the run's totals, the accounts
  /// alive and the ticks due and not yet sent.
  void publish(const stats::run_stats& totals, std::int64_t live_accounts,
               std::int64_t tick_backlog);

  /// Returns the Prometheus page (stats::prometheus_text) of the latest
  /// figures; empty before the first publish.
  std::string read();

  /// Returns how many pages have been built so far.
  std::uint64_t pages_built() const;

private:
  struct figures {
    stats::run_stats totals;
    std::int64_t live_accounts = 0;
    std::int64_t tick_backlog = 0;
  };

  std::mutex figures_mtx_; // guards latest_
  std::shared_ptr<const figures> latest_;
  mutable std::mutex page_mtx_; // guards the rest; held while a page is built
  std::shared_ptr<const figures> page_of_; // what page_ was built from
  std::string page_;
  std::uint64_t pages_built_ = 0;
};

} // namespace throng::stats
