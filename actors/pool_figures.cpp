// The figures of one client pool's requests (pool_figures.hpp).

#include "actors/pool_figures.hpp"

#include <cstdint>
#include <string_view>
#include <utility>

namespace throng::actors {

namespace {

std::uint64_t micros_between(std::int64_t from_ns, std::int64_t to_ns) {
  return to_ns > from_ns ? static_cast<std::uint64_t>((to_ns - from_ns) / 1000) : 0;
}

stats::request_sample sample_of(const pool_request& r, const model::answer& a) {
  stats::request_sample s;
  s.op = r.kind.op;
  s.error = a.error;
  s.status = a.status;
  s.status_class = model::status_class(a);
  s.unknown_outcome = protocol::is_write(r.kind.op) && a.result == model::outcome::unknown;
  s.shard = a.shard.empty() ? std::string_view{r.shard} : std::string_view{a.shard};
  s.latency_us = micros_between(r.intended_ns, a.received_ns);
  s.service_us = a.sent_ns != 0 ? micros_between(a.sent_ns, a.received_ns) : s.latency_us;
  return s;
}

} // namespace

void pool_figures::count(const pool_request& r, const model::answer& a) {
  const auto s = sample_of(r, a);
  stats_.record(s);
  series_.record(control_.second_of(a.received_ns), s.op, s.shard, s.error.has_value(),
                 s.latency_us);
}

std::optional<stats_delta> pool_figures::take() {
  if (stats_.total == 0)
    return std::nullopt;
  return stats_delta{std::exchange(stats_, stats::run_stats{}),
                     std::exchange(series_, stats::time_series{})};
}

} // namespace throng::actors
