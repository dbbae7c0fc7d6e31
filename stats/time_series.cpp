// Per-second figures: recording, merging, sealing, CSV (time_series.hpp).

#include "stats/time_series.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

#include "protocol/number_format.hpp"

namespace throng::stats {

void time_series::record(std::uint32_t second, protocol::operation op,
                         std::string_view shard, bool error,
                         std::uint64_t latency_us) {
  const auto o = static_cast<std::uint8_t>(op);
  if (second < sealed_before_) {
    add_row({second, o, std::string{shard}}, {1, error ? 1u : 0u, latency_us, latency_us});
    return;
  }
  // Found by a view: a cell's key is made (its shard copied) once.
  auto i = open_.find(std::tuple{second, o, shard});
  if (i == open_.end())
    i = open_.emplace(key{second, o, std::string{shard}}, cell{}).first;
  auto& c = i->second;
  ++c.count;
  c.errors += error ? 1 : 0;
  c.latency_us.record(latency_us);
}

void time_series::merge(const time_series& other) {
  for (const auto& [k, c] : other.open_) {
    if (std::get<0>(k) < sealed_before_) {
      add_row(k, figures_of(c));
      continue;
    }
    auto& mine = open_[k];
    mine.count += c.count;
    mine.errors += c.errors;
    mine.latency_us.merge(c.latency_us);
  }
  for (const auto& [k, r] : other.sealed_)
    add_row(k, r);
  for (const auto& [second, n] : other.violations_)
    violations_[second] += n;
  for (const auto& [second, o] : other.overall_)
    overall_.emplace(second, o);
}

time_series::sealed_row time_series::figures_of(const cell& c) {
  return {c.count, c.errors, c.latency_us.percentile(50),
          c.latency_us.percentile(99)};
}

void time_series::add_row(const key& k, const sealed_row& r) {
  auto [i, added] = sealed_.try_emplace(k, r);
  if (!added) {
    i->second.count += r.count;
    i->second.errors += r.errors;
  }
}

void time_series::seal_before(std::uint32_t second) {
  auto end = open_.lower_bound(key{second, 0, std::string{}});
  // Cells are ordered by second: merge each second's histograms as we go.
  histogram all;
  for (auto i = open_.begin(); i != end; ++i) {
    add_row(i->first, figures_of(i->second));
    all.merge(i->second.latency_us);
    auto next = std::next(i);
    if (next == end || std::get<0>(next->first) != std::get<0>(i->first)) {
      overall_.emplace(std::get<0>(i->first),
                       overall{all.percentile(50), all.percentile(90),
                               all.percentile(99)});
      all.clear();
    }
  }
  open_.erase(open_.begin(), end);
  sealed_before_ = std::max(sealed_before_, second);
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
        r.count = i->second.count;
        r.errors = i->second.errors;
        r.p50_ms = static_cast<double>(i->second.p50_us) / 1000;
        r.p99_ms = static_cast<double>(i->second.p99_us) / 1000;
        ++i;
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string to_csv(const std::vector<series_row>& rows) {
  std::string out = "second,op,shard,count,errors,p50_ms,p99_ms\n";
  for (const auto& r : rows) {
    out += std::to_string(r.second);
    out += ',';
    out += protocol::to_string(r.op);
    out += ',';
    // Shard names come from a response header: keep the CSV well formed.
    for (char c : r.shard)
      out += (c == ',' || c == '"' || c == '\n' || c == '\r') ? '_' : c;
    out += ',' + std::to_string(r.count) + ',' + std::to_string(r.errors) + ','
           + protocol::fixed(r.p50_ms, 3) + ',' + protocol::fixed(r.p99_ms, 3) + '\n';
  }
  return out;
}

} // namespace throng::stats
