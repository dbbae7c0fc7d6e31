// The console report, the status line and the summary JSON (report.hpp).

#include "stats/report.hpp"
#include "stats/text_table.hpp"
#include "stats/workers_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ostream>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace throng::stats {

namespace {

using protocol::operation;

// The percentiles every latency figure shows, with their labels.
constexpr std::array<double, 4> quantiles{50, 90, 99, 99.9};
constexpr std::array<std::string_view, 4> quantile_columns{"p50", "p90", "p99",
                                                           "p99.9"};
constexpr std::array<std::string_view, 4> quantile_keys{"p50", "p90", "p99",
                                                        "p999"};

double to_ms(std::uint64_t us) {
  return static_cast<double>(us) / 1000.0;
}

double rate(std::uint64_t n, double duration_s) {
  return duration_s > 0 ? static_cast<double>(n) / duration_s : 0.0;
}

std::string ms(std::uint64_t us) {
  return fixed(to_ms(us), 2);
}


std::vector<std::string> latency_header(std::string_view first) {
  std::vector<std::string> header{std::string{first}};
  for (auto column : quantile_columns)
    header.emplace_back(column);
  header.emplace_back("max");
  return header;
}

std::vector<std::string> latency_row(operation op, const histogram& h) {
  std::vector<std::string> row{std::string{protocol::to_string(op)}};
  for (auto q : quantiles)
    row.push_back(ms(h.percentile(q)));
  row.push_back(ms(h.max()));
  return row;
}

void print_operations(std::ostream& out, const run_info& info,
                      const run_stats& s) {
  text_table counts{"operations"};
  counts.add({"operation", "count", "rate/s", "errors"});
  text_table latency{"latency (from intended send), ms"};
  latency.add(latency_header("operation"));
  text_table service{"service time (from actual send), ms"};
  auto service_header = latency_header("operation");
  service_header.emplace_back("client delay (p99)");
  service.add(std::move(service_header));
  bool any = false;
  for (auto op : protocol::all_operations) {
    const auto& o = s.ops[static_cast<std::size_t>(op)];
    if (o.count == 0)
      continue;
    any = true;
    counts.add({std::string{protocol::to_string(op)}, std::to_string(o.count),
                fixed(rate(o.count, info.duration_s), 2),
                std::to_string(o.errors)});
    latency.add(latency_row(op, o.latency_us));
    auto row = latency_row(op, o.service_us);
    row.push_back(fixed(to_ms(o.latency_us.percentile(99))
                        - to_ms(o.service_us.percentile(99)), 2));
    service.add(std::move(row));
  }
  if (!any) {
    out << "operations: none\n\n";
    return;
  }
  counts.print(out);
  latency.print(out);
  service.print(out);
}

void print_shards(std::ostream& out, const run_stats& s) {
  if (s.shards.empty()) {
    out << "shards: none reported (no X-Shard header)\n\n";
    return;
  }
  text_table t{"shards"};
  t.add({"shard", "note reads", "note writes", "errors", "violations"});
  for (const auto& [name, sh] : s.shards)
    t.add({name, std::to_string(sh.note_reads), std::to_string(sh.note_writes),
           std::to_string(sh.errors), std::to_string(sh.violations)});
  t.print(out);
}

// The summary uses ordered_json so that keys keep the documented order.
using ojson = nlohmann::ordered_json;

ojson latency_json(const histogram& h) {
  ojson j = ojson::object();
  for (std::size_t i = 0; i < quantiles.size(); ++i)
    j[std::string{quantile_keys[i]}] = to_ms(h.percentile(quantiles[i]));
  j["max"] = to_ms(h.max());
  return j;
}

double cpu_us_per_request(const process_figures& p, const run_stats& s) {
  return s.total == 0 ? 0.0
                      : (p.cpu_user_s + p.cpu_system_s) * 1e6
                          / static_cast<double>(s.total);
}

/// Writes what the throng process used, when measured: in a distributed
/// run, the coordinator's process.
void print_process(std::ostream& out, const run_info& info, const run_stats& s) {
  const auto& p = info.process;
  if (p.max_rss_kb == 0)
    return;
  std::string title = info.workers.empty() ? "throng process" : "coordinator process";
  if (p.includes_service)
    title += " (with the embedded service)";
  text_table process{std::move(title)};
  const auto cpu = p.cpu_user_s + p.cpu_system_s;
  process.add({"cpu s", fixed(cpu, 2) + " (user " + fixed(p.cpu_user_s, 2) + ", system "
                          + fixed(p.cpu_system_s, 2) + ")"});
  process.add({"cpu us/request", fixed(cpu_us_per_request(p, s), 2)});
  process.add({"max rss MiB", fixed(static_cast<double>(p.max_rss_kb) / 1024, 2)});
  process.print(out);
}

/// Writes a distributed run's workers table; nothing for a one-process run.
void print_workers(std::ostream& out, const std::vector<worker_figures>& workers) {
  if (workers.empty())
    return;
  text_table table{"workers"};
  table.add(workers_table_header());
  for (const auto& w : workers)
    table.add(workers_table_row(w));
  table.print(out);
}

} // namespace

void print_report(std::ostream& out, const run_info& info,
                  const run_stats& s,
                  const std::vector<threshold_outcome>& checks) {
  out << "target " << info.target << ", " << fixed(info.duration_s, 2)
      << " s, " << info.accounts << " accounts, seed " << info.seed << "\n\n";

  if (info.seed_data) {
    const auto& sd = *info.seed_data;
    text_table seed{"seed data (before the measured run)"};
    seed.add({"notes written", std::to_string(sd.notes)});
    seed.add({"errors", std::to_string(sd.errors)});
    seed.add({"retries", std::to_string(sd.retries)});
    seed.add({"seconds", fixed(sd.seconds, 2)});
    seed.add({"notes/s", fixed(sd.rate(), 2)});
    seed.print(out);
  }

  text_table requests{"requests"};
  requests.add({"total", std::to_string(s.total)});
  requests.add({"ok", std::to_string(s.ok)});
  requests.add({"failed", std::to_string(s.failed)});
  requests.add({"unknown outcome", std::to_string(s.unknown_outcome)});
  requests.add({"skipped ticks", std::to_string(s.skipped_ticks)});
  if (s.tick_lateness_us.count() > 0)
    requests.add({"ticks sent late, p99 / max ms",
                   ms(s.tick_lateness_us.percentile(99)) + " / " + ms(s.tick_lateness_us.max())});
  requests.print(out);

  print_operations(out, info, s);

  text_table rates{"rates, requests/s"};
  for (std::size_t i = 0; i < protocol::category_count; ++i)
    rates.add({std::string{to_string(static_cast<protocol::category>(i))},
               fixed(rate(s.categories[i], info.duration_s), 2)});
  rates.print(out);

  print_shards(out, s);

  text_table errors{"errors"};
  for (std::size_t i = 0; i < model::error_kind_count; ++i)
    errors.add({std::string{to_string(static_cast<model::error_kind>(i))},
                std::to_string(s.errors[i])});
  errors.print(out);

  text_table violations{"violations"};
  for (std::size_t i = 0; i < model::violation_class_count; ++i)
    violations.add({std::string{to_string(static_cast<model::violation_class>(i))},
                    std::to_string(s.violations[i])});
  violations.add({"total", std::to_string(s.violation_total())});
  violations.print(out);
  if (s.indeterminate > 0) {
    text_table unchecked{"not checked (more writes of unknown outcome than remembered)"};
    unchecked.add({"indeterminate", std::to_string(s.indeterminate)});
    unchecked.print(out);
  }

  if (!checks.empty()) {
    out << "thresholds\n";
    for (const auto& c : checks)
      out << "  " << to_string(c) << '\n';
    out << '\n';
  }

  print_process(out, info, s);
  print_workers(out, info.workers);
}

namespace {

std::string shard_part(const std::vector<std::pair<std::string, double>>& rates) {
  std::string out;
  for (const auto& [name, rate] : rates)
    out += (out.empty() ? " | " : " ") + name + " "
           + std::to_string(std::llround(rate)) + "/s";
  return out;
}

} // namespace

std::string status_line(const status_figures& f) {
  auto r = [&f](protocol::category c) {
    return std::to_string(std::llround(f.rates[static_cast<std::size_t>(c)]));
  };
  using protocol::category;
  return '[' + std::to_string(std::llround(f.elapsed_s)) + "s] accounts "
         + std::to_string(f.live_accounts) + " | account r " + r(category::account_read)
         + "/s w " + r(category::account_write) + "/s | note r "
         + r(category::note_read) + "/s w " + r(category::note_write) + "/s | p99 "
         + fixed(f.p99_ms, 2) + "ms | errors " + std::to_string(f.errors)
         + " | violations " + std::to_string(f.violations)
         + (f.tick_backlog > 0 ? " | behind " + std::to_string(f.tick_backlog) : "")
         + (f.workers_lost > 0 ? " | " + std::to_string(f.workers_lost) + " worker(s) lost"
                               : "")
         + shard_part(f.shard_rates);
}

namespace {

/// Returns the failed requests by kind.
ojson errors_json(const run_stats& s) {
  auto errors = ojson::object();
  for (std::size_t i = 0; i < model::error_kind_count; ++i)
    errors[std::string{to_string(static_cast<model::error_kind>(i))}] = s.errors[i];
  return errors;
}

/// Returns the requests per second by category.
ojson rates_json(const run_info& info, const run_stats& s) {
  auto rates = ojson::object();
  for (std::size_t i = 0; i < protocol::category_count; ++i)
    rates[std::string{to_string(static_cast<protocol::category>(i))} + "_rps"]
      = rate(s.categories[i], info.duration_s);
  return rates;
}

/// Returns every operation's count, errors and both latencies.
ojson operations_json(const run_stats& s) {
  auto ops = ojson::object();
  for (auto op : protocol::all_operations) {
    const auto& o = s.ops[static_cast<std::size_t>(op)];
    ops[std::string{protocol::to_string(op)}] = {
      {"count", o.count},
      {"errors", o.errors},
      {"latency_ms", latency_json(o.latency_us)},
      {"service_latency_ms", latency_json(o.service_us)},
    };
  }
  return ops;
}

/// Returns each shard's note requests, errors and violations.
ojson shards_json(const run_stats& s) {
  auto shards = ojson::object();
  for (const auto& [name, sh] : s.shards)
    shards[name] = {
      {"note_reads", sh.note_reads},
      {"note_writes", sh.note_writes},
      {"errors", sh.errors},
      {"violations", sh.violations},
    };
  return shards;
}

/// Returns the violations: their total, then one count per class.
ojson violations_json(const run_stats& s) {
  auto violations = ojson::object();
  violations["total"] = s.violation_total();
  for (std::size_t i = 0; i < model::violation_class_count; ++i)
    violations[std::string{to_string(static_cast<model::violation_class>(i))}]
      = s.violations[i];
  return violations;
}

/// Returns what the throng process used.
ojson process_json(const process_figures& p, const run_stats& s) {
  return {
    {"cpu_user_s", p.cpu_user_s},
    {"cpu_system_s", p.cpu_system_s},
    {"cpu_us_per_request", cpu_us_per_request(p, s)},
    {"max_rss_kb", p.max_rss_kb},
    {"includes_embedded_service", p.includes_service},
  };
}

/// Returns a distributed run's workers, one object each.
ojson workers_json(const std::vector<worker_figures>& workers) {
  auto rows = ojson::array();
  for (const auto& w : workers)
    rows.push_back({
      {"name", w.name},
      {"accounts", w.accounts},
      {"requests", w.requests},
      {"requests_per_s", w.rate},
      {"cpu_s", w.cpu_s},
      {"cpu_us_per_request", cpu_us_per_request(w)},
      {"max_rss_kb", w.max_rss_kb},
      {"tick_lateness_p99_ms", to_ms(w.tick_lateness_p99_us)},
      {"lost", w.lost},
      {"lost_reason", w.lost_reason},
    });
  return rows;
}

/// Returns each check: its threshold as written, whether it passed, the figure.
ojson thresholds_json(const std::vector<threshold_outcome>& checks) {
  auto thresholds = ojson::array();
  for (const auto& c : checks)
    thresholds.push_back({{"threshold", c.condition.text},
                          {"passed", c.passed},
                          {"actual", c.actual}});
  return thresholds;
}

/// Returns what the seed-data phase did.
ojson seed_data_json(const seed_figures& sd) {
  return {
    {"notes", sd.notes},
    {"errors", sd.errors},
    {"retries", sd.retries},
    {"seconds", sd.seconds},
    {"notes_per_s", sd.rate()},
  };
}

} // namespace

std::string summary_json(const run_info& info, const run_stats& s,
                         const std::vector<threshold_outcome>& checks) {
  ojson j{
    {"target", info.target},
    {"duration_s", info.duration_s},
    {"accounts", info.accounts},
    {"seed", info.seed},
    {"requests",
     {
       {"total", s.total},
       {"ok", s.ok},
       {"failed", s.failed},
       {"unknown_outcome", s.unknown_outcome},
       {"skipped_ticks", s.skipped_ticks},
     }},
    {"errors", errors_json(s)},
    {"rates", rates_json(info, s)},
    {"operations", operations_json(s)},
    {"shards", shards_json(s)},
    {"violations", violations_json(s)},
    {"checking", {{"indeterminate", s.indeterminate}}},
    {"ticks", {{"sent", s.tick_lateness_us.count()},
               {"lateness_ms", latency_json(s.tick_lateness_us)}}},
    {"process", process_json(info.process, s)},
  };
  if (!info.workers.empty())
    j["workers"] = workers_json(info.workers);
  j["thresholds"] = thresholds_json(checks);
  if (info.accounts_live)
    j["accounts_live"] = {{"peak", info.accounts_live->peak},
                          {"end", info.accounts_live->end}};
  if (!info.failure.empty())
    j["failure"] = info.failure;
  if (info.seed_data)
    j["seed_data"] = seed_data_json(*info.seed_data);
  // A shard name comes from a response header, the target and the worker
  // names from the user: invalid UTF-8 in any becomes U+FFFD instead of
  // throwing.
  return j.dump(2, ' ', false, ojson::error_handler_t::replace);
}

} // namespace throng::stats
