#include "stats/time_series.hpp"

#include <cstdio>
#include <iterator>
#include <set>
#include <utility>

namespace throng::stats {

void time_series::record(std::uint32_t second, protocol::operation op,
                         std::string_view shard, bool error,
                         std::uint64_t latency_us) {
  auto& c = open_[key{second, static_cast<std::uint8_t>(op), std::string{shard}}];
  ++c.count;
  c.errors += error ? 1 : 0;
  c.latency_us.record(latency_us);
}

void time_series::merge(const time_series& other) {
  for (const auto& [k, c] : other.open_) {
    if (sealed_.count(k) != 0) {
      // The second was sealed already: the late figures cannot merge into
      // its percentiles, but its counts still add up.
      auto& [count, errors, p50, p99] = sealed_[k];
      count += c.count;
      errors += c.errors;
      continue;
    }
    auto& mine = open_[k];
    mine.count += c.count;
    mine.errors += c.errors;
    mine.latency_us.merge(c.latency_us);
  }
  for (const auto& [k, v] : other.sealed_)
    sealed_.emplace(k, v);
  for (const auto& [second, n] : other.violations_)
    violations_[second] += n;
  for (const auto& [second, o] : other.overall_)
    overall_.emplace(second, o);
}

void time_series::seal(const key& k, const cell& c) {
  sealed_[k] = {c.count, c.errors, c.latency_us.percentile(50),
                c.latency_us.percentile(99)};
}

void time_series::seal_before(std::uint32_t second) {
  auto end = open_.lower_bound(key{second, 0, std::string{}});
  // Cells are ordered by second: merge each second's histograms as we go.
  histogram all;
  for (auto i = open_.begin(); i != end; ++i) {
    seal(i->first, i->second);
    all.merge(i->second.latency_us);
    auto next = std::next(i);
    if (next == end || std::get<0>(next->first) != std::get<0>(i->first)) {
      overall_.insert_or_assign(std::get<0>(i->first),
                                overall{all.percentile(50), all.percentile(90),
                                        all.percentile(99)});
      all.clear();
    }
  }
  open_.erase(open_.begin(), end);
}

std::vector<series_row> time_series::rows() const {
  std::vector<series_row> out;
  if (sealed_.empty())
    return out;
  std::set<std::pair<std::uint8_t, std::string>> pairs;
  for (const auto& [k, v] : sealed_)
    pairs.emplace(std::get<1>(k), std::get<2>(k));
  const auto last = std::get<0>(sealed_.rbegin()->first);
  auto i = sealed_.begin();
  for (std::uint32_t second = 0; second <= last; ++second) {
    for (const auto& [op, shard] : pairs) {
      series_row r;
      r.second = second;
      r.op = static_cast<protocol::operation>(op);
      r.shard = shard;
      if (i != sealed_.end() && i->first == key{second, op, shard}) {
        const auto& [count, errors, p50, p99] = i->second;
        r.count = count;
        r.errors = errors;
        r.p50_ms = static_cast<double>(p50) / 1000;
        r.p99_ms = static_cast<double>(p99) / 1000;
        ++i;
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string to_csv(const std::vector<series_row>& rows) {
  std::string out = "second,op,shard,count,errors,p50_ms,p99_ms\n";
  char buf[96];
  for (const auto& r : rows) {
    out += std::to_string(r.second);
    out += ',';
    out += protocol::to_string(r.op);
    out += ',';
    // Shard names come from a response header: keep the CSV well formed.
    for (char c : r.shard)
      out += (c == ',' || c == '"' || c == '\n' || c == '\r') ? '_' : c;
    std::snprintf(buf, sizeof buf, ",%llu,%llu,%.3f,%.3f\n",
                  static_cast<unsigned long long>(r.count),
                  static_cast<unsigned long long>(r.errors), r.p50_ms, r.p99_ms);
    out += buf;
  }
  return out;
}

} // namespace throng::stats
