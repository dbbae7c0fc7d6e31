// The Prometheus text page (prometheus.hpp).

#include "stats/prometheus.hpp"

#include <array>

#include "protocol/number_format.hpp"

namespace throng::stats {

namespace {

// Upper bounds of the exported latency buckets, in seconds.
constexpr std::array<double, 16> bounds_s{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                          0.025,  0.05,  0.1,    0.25,  0.5,
                                          1,      2.5,   5,      10,    30, 60};

// Label values come from response headers (shards): escape what the format
// requires.
std::string label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

} // namespace

std::string prometheus_text(const run_stats& s, std::int64_t live_accounts,
                            std::int64_t tick_backlog) {
  std::string out;
  header(out, "throng_requests_total", "counter",
         "Requests finished, by operation, status class and shard.");
  for (const auto& [k, n] : s.by_class) {
    const auto& [op, cls, shard] = k;
    out += "throng_requests_total{op=\"";
    out += protocol::to_string(op);
    out += "\",status_class=\"" + label(cls) + "\",shard=\"" + label(shard) + "\"} ";
    out += std::to_string(n) + '\n';
  }

  header(out, "throng_request_duration_seconds", "histogram",
         "Request latency from the intended send time, by operation.");
  for (auto op : protocol::all_operations) {
    const auto& h = s.ops[static_cast<std::size_t>(op)].latency_us;
    const std::string name{protocol::to_string(op)};
    std::array<std::uint64_t, bounds_s.size()> cumulative{};
    h.for_each_bucket([&](std::uint64_t upper_us, std::uint64_t n) {
      for (std::size_t i = 0; i < bounds_s.size(); ++i)
        if (static_cast<double>(upper_us) <= bounds_s[i] * 1e6)
          cumulative[i] += n;
    });
    for (std::size_t i = 0; i < bounds_s.size(); ++i)
      out += "throng_request_duration_seconds_bucket{op=\"" + name + "\",le=\""
             + protocol::general(bounds_s[i]) + "\"} " + std::to_string(cumulative[i]) + '\n';
    out += "throng_request_duration_seconds_bucket{op=\"" + name + "\",le=\"+Inf\"} "
           + std::to_string(h.count()) + '\n';
    out += "throng_request_duration_seconds_sum{op=\"" + name + "\"} "
           + protocol::general(h.mean() * static_cast<double>(h.count()) / 1e6, 17) + '\n';
    out += "throng_request_duration_seconds_count{op=\"" + name + "\"} "
           + std::to_string(h.count()) + '\n';
  }

  header(out, "throng_request_errors_total", "counter", "Failed requests by kind.");
  for (std::size_t i = 0; i < model::error_kind_count; ++i)
    out += "throng_request_errors_total{kind=\""
           + std::string{to_string(static_cast<model::error_kind>(i))} + "\"} "
           + std::to_string(s.errors[i]) + '\n';

  header(out, "throng_unknown_outcome_total", "counter",
         "Writes whose outcome is unknown (5xx, timeout, dropped connection).");
  out += "throng_unknown_outcome_total " + std::to_string(s.unknown_outcome) + '\n';

  header(out, "throng_skipped_ticks_total", "counter",
         "Intended sends that never went out (left in the backlog of an account that stopped).");
  out += "throng_skipped_ticks_total " + std::to_string(s.skipped_ticks) + '\n';

  header(out, "throng_violations_total", "counter",
         "Consistency violations by class and shard.");
  for (std::size_t i = 0; i < model::violation_class_count; ++i) {
    auto cls = static_cast<model::violation_class>(i);
    bool any = false;
    for (const auto& [k, n] : s.violation_cells) {
      if (k.first != cls)
        continue;
      any = true;
      out += "throng_violations_total{class=\"" + std::string{to_string(cls)}
             + "\",shard=\"" + label(k.second) + "\"} " + std::to_string(n) + '\n';
    }
    if (!any)
      out += "throng_violations_total{class=\"" + std::string{to_string(cls)}
             + "\",shard=\"\"} 0\n";
  }

  header(out, "throng_accounts_live", "gauge", "Account actors alive.");
  out += "throng_accounts_live " + std::to_string(live_accounts) + '\n';

  header(out, "throng_tick_backlog", "gauge",
         "Ticks due and not yet sent, across the crowd: how far behind the rate it is.");
  out += "throng_tick_backlog " + std::to_string(tick_backlog) + '\n';
  return out;
}

} // namespace throng::stats
