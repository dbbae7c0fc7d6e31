// Figures per phase of a run, and their table (phase_summary.hpp).

#include "stats/phase_summary.hpp"

#include <algorithm>
#include <ostream>
#include <set>

#include "stats/text_table.hpp"

namespace throng::stats {

namespace {

bool is_note_op(protocol::operation op) {
  auto c = protocol::category_of(op);
  return c == protocol::category::note_read || c == protocol::category::note_write;
}

} // namespace

std::vector<phase_figures> summarize_phases(const time_series& series,
                                            const std::vector<phase>& phases) {
  std::vector<phase_figures> out;
  std::vector<std::set<std::uint32_t>> seconds(phases.size());
  std::vector<std::uint64_t> requests(phases.size(), 0);
  std::set<std::string> shards;
  for (const auto& p : phases)
    out.push_back(phase_figures{p.name, 0, {}, 0, 0, 0, 0, 0});
  auto phase_of = [&](std::uint32_t second) -> std::ptrdiff_t {
    for (std::size_t i = 0; i < phases.size(); ++i)
      if (second >= phases[i].from_s && second < phases[i].to_s)
        return static_cast<std::ptrdiff_t>(i);
    return -1;
  };
  for (const auto& row : series.rows()) {
    if (!row.shard.empty())
      shards.insert(row.shard);
    auto i = phase_of(row.second);
    if (i < 0)
      continue;
    auto& f = out[static_cast<std::size_t>(i)];
    seconds[static_cast<std::size_t>(i)].insert(row.second);
    requests[static_cast<std::size_t>(i)] += row.count;
    f.errors += row.errors;
    if (is_note_op(row.op) && !row.shard.empty())
      f.shard_note_rps[row.shard] += static_cast<double>(row.count);
  }
  for (const auto& [second, n] : series.violations())
    if (auto i = phase_of(second); i >= 0)
      out[static_cast<std::size_t>(i)].violations += n;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& f = out[i];
    f.seconds = static_cast<std::uint32_t>(seconds[i].size());
    auto span = std::max<double>(f.seconds, 1);
    for (const auto& s : shards)
      f.shard_note_rps[s] /= span;
    f.requests_per_s = static_cast<double>(requests[i]) / span;
    std::vector<double> p99s;
    for (const auto& [second, o] : series.overall_latency())
      if (phase_of(second) == static_cast<std::ptrdiff_t>(i))
        p99s.push_back(static_cast<double>(o.p99) / 1000);
    if (!p99s.empty()) {
      std::sort(p99s.begin(), p99s.end());
      f.median_p99_ms = p99s[p99s.size() / 2];
      f.worst_p99_ms = p99s.back();
    }
  }
  return out;
}

void print_phases(std::ostream& out, const std::string& title,
                  const std::vector<phase_figures>& figures) {
  std::set<std::string> shards;
  for (const auto& f : figures)
    for (const auto& [name, rate] : f.shard_note_rps)
      shards.insert(name);
  text_table t{title};
  std::vector<std::string> header{"phase", "seconds"};
  for (const auto& s : shards)
    header.push_back(s + " notes/s");
  for (auto h : {"requests/s", "p99 median ms", "p99 worst ms", "errors",
                 "violations"})
    header.emplace_back(h);
  t.add(std::move(header));
  for (const auto& f : figures) {
    std::vector<std::string> row{f.name, std::to_string(f.seconds)};
    for (const auto& s : shards) {
      auto i = f.shard_note_rps.find(s);
      row.push_back(fixed(i == f.shard_note_rps.end() ? 0 : i->second, 0));
    }
    row.push_back(fixed(f.requests_per_s, 0));
    row.push_back(fixed(f.median_p99_ms, 2));
    row.push_back(fixed(f.worst_p99_ms, 2));
    row.push_back(std::to_string(f.errors));
    row.push_back(std::to_string(f.violations));
    t.add(std::move(row));
  }
  t.print(out);
}

} // namespace throng::stats
