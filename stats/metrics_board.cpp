// The /metrics page, built when it is read (metrics_board.hpp).

#include "stats/metrics_board.hpp"

#include <utility>

#include "stats/prometheus.hpp"

namespace throng::stats {

void metrics_board::publish(const stats::run_stats& totals, std::int64_t live_accounts,
                            std::int64_t tick_backlog) {
  auto f = std::make_shared<const figures>(figures{totals, live_accounts, tick_backlog});
  std::lock_guard<std::mutex> guard{figures_mtx_};
  latest_ = std::move(f);
}

std::string metrics_board::read() {
  std::shared_ptr<const figures> latest;
  {
    std::lock_guard<std::mutex> guard{figures_mtx_};
    latest = latest_;
  }
  std::lock_guard<std::mutex> guard{page_mtx_};
  if (latest != nullptr && latest != page_of_) {
    page_ = stats::prometheus_text(latest->totals, latest->live_accounts,
                                   latest->tick_backlog);
    page_of_ = std::move(latest);
    ++pages_built_;
  }
  return page_;
}

std::uint64_t metrics_board::pages_built() const {
  std::lock_guard<std::mutex> guard{page_mtx_};
  return pages_built_;
}

} // namespace throng::stats
