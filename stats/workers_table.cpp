// The workers table's columns and rows (workers_table.hpp).

#include "stats/workers_table.hpp"

#include "protocol/number_format.hpp"

namespace throng::stats {

std::vector<std::string> workers_table_header() {
  return {"worker", "accounts", "requests", "rate/s", "cpu s", "cpu us/request",
          "max rss MiB", "tick lateness p99 ms", "state"};
}

std::vector<std::string> workers_table_row(const worker_figures& w) {
  using protocol::fixed;
  return {w.name,
          std::to_string(w.accounts),
          std::to_string(w.requests),
          fixed(w.rate, 2),
          fixed(w.cpu_s, 2),
          fixed(cpu_us_per_request(w), 2),
          fixed(static_cast<double>(w.max_rss_kb) / 1024, 2),
          fixed(static_cast<double>(w.tick_lateness_p99_us) / 1000, 2),
          worker_state(w)};
}

double cpu_us_per_request(const worker_figures& w) noexcept {
  return w.requests == 0 ? 0.0 : w.cpu_s * 1e6 / static_cast<double>(w.requests);
}

std::string worker_state(const worker_figures& w) {
  if (!w.lost)
    return "ok";
  return w.lost_reason.empty() ? "lost" : "lost: " + w.lost_reason;
}

} // namespace throng::stats
