// The dashboard's bounded run history (run_history.hpp).

#include "stats/run_history.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <utility>

#include "stats/shard_names.hpp"

namespace throng::stats {

namespace {

// Returns how far `total` is above `seen`, and raises `seen` to it: a total
// that went down counts nothing, and counts again only past where it was.
std::uint64_t growth(std::uint64_t& seen, std::uint64_t total) noexcept {
  auto delta = total > seen ? total - seen : 0;
  seen = std::max(seen, total);
  return delta;
}

template <std::size_t N>
void grow_all(std::array<std::uint64_t, N>& to, std::array<std::uint64_t, N>& seen,
              const std::array<std::uint64_t, N>& totals) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    to[i] = growth(seen[i], totals[i]);
}

template <std::size_t N>
void add_all(std::array<std::uint64_t, N>& to, const std::array<std::uint64_t, N>& from) {
  for (std::size_t i = 0; i < N; ++i)
    to[i] += from[i];
}

std::uint32_t saturated(std::uint64_t us) noexcept {
  return static_cast<std::uint32_t>(
    std::min<std::uint64_t>(us, std::numeric_limits<std::uint32_t>::max()));
}

double ms(std::uint32_t us) noexcept {
  return static_cast<double>(us) / 1000.0;
}

// Returns the counts of `values` above zero, by their enum names.
template <class Enum, std::size_t N>
nlohmann::json non_zero(const std::array<std::uint64_t, N>& values) {
  auto out = nlohmann::json::object();
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] > 0)
      out[std::string{to_string(static_cast<Enum>(i))}] = values[i];
  return out;
}

// A string's bytes outside the string object itself.
std::size_t heap_bytes(const std::string& s) noexcept {
  return s.capacity() > std::string{}.capacity() ? s.capacity() + 1 : 0;
}

// A histogram's bucket bytes, from its largest value: 256 exact buckets,
// then 128 for each power of two.
std::size_t heap_bytes(const histogram& h) noexcept {
  if (h.count() == 0)
    return 0;
  auto bits = static_cast<std::size_t>(
    std::bit_width(std::min(h.max(), histogram::max_trackable())));
  return (256 + 128 * (bits > 8 ? bits - 8 : 0)) * sizeof(std::uint64_t);
}

// What a std::map node spends besides its element.
constexpr std::size_t node_overhead = 4 * sizeof(void*);

} // namespace

run_history::run_history(std::size_t max_points, std::size_t max_events)
  : max_points_(std::max<std::size_t>(max_points, 2)), max_events_(max_events) {
  points_.reserve(max_points_);
  shard_names_.emplace_back(shard_names::other_name);
}

void run_history::add_second(std::uint32_t second, const run_stats& totals,
                             const history_gauges& g) {
  if (points_.size() >= max_points_)
    halve();
  point p;
  p.seq = ++last_seq_;
  p.t = second;
  p.gauges = g;
  grow_all(p.categories, seen_.categories, totals.categories);
  grow_all(p.errors, seen_.errors, totals.errors);
  grow_all(p.violations, seen_.violations, totals.violations);
  p.unknown_outcomes = growth(seen_.unknown_outcomes, totals.unknown_outcome);
  p.skipped_ticks = growth(seen_.skipped_ticks, totals.skipped_ticks);
  for (std::size_t i = 0; i < protocol::operation_count; ++i) {
    auto& seen = seen_.ops[i];
    const auto& now = totals.ops[i];
    auto& o = p.ops[i];
    o.count = growth(seen.count, now.count);
    o.errors = growth(seen.errors, now.errors);
    o.latency = percentiles_since(seen.latency_us, now.latency_us);
    o.service = percentiles_since(seen.service_us, now.service_us);
  }
  add_shards(p, totals);
  points_.push_back(std::move(p));
}

run_history::percentiles run_history::percentiles_since(histogram& seen,
                                                        const histogram& now) {
  // An operation without requests in the second costs neither a copy nor a
  // pass over the buckets.
  if (now.count() == seen.count())
    return {};
  auto delta = now.since(seen);
  seen = now;
  return {saturated(delta.percentile(50)), saturated(delta.percentile(99))};
}

std::size_t run_history::shard_index(const std::string& name) {
  if (name == shard_names::other_name)
    return 0;
  if (auto i = shard_indices_.find(name); i != shard_indices_.end())
    return i->second;
  if (shard_names_.size() > max_shard_names)
    return 0;
  shard_names_.push_back(name);
  seen_.shards.resize(shard_names_.size());
  shard_indices_.emplace(name, shard_names_.size() - 1);
  return shard_names_.size() - 1;
}

void run_history::add_shards(point& p, const run_stats& totals) {
  // The counts by index, "other" (index 0) summed over every name it holds,
  // so that each index's total grows as its shards' do.
  std::vector<std::uint64_t> now(shard_names_.size(), 0);
  for (const auto& [name, sh] : totals.shards) {
    if (name.empty())
      continue;
    auto i = shard_index(name);
    now.resize(shard_names_.size(), 0);
    now[i] += sh.note_reads + sh.note_writes;
  }
  seen_.shards.resize(shard_names_.size(), 0);
  for (std::size_t i = 0; i < now.size(); ++i)
    if (auto delta = growth(seen_.shards[i], now[i]); delta > 0) {
      p.shards.resize(std::max(p.shards.size(), i + 1), 0);
      p.shards[i] = delta;
    }
  p.shards.shrink_to_fit();
}

void run_history::merge_into(point& into, const point& later) {
  into.seq = later.seq;
  into.w += later.w;
  into.gauges = later.gauges;
  add_all(into.categories, later.categories);
  add_all(into.errors, later.errors);
  add_all(into.violations, later.violations);
  into.unknown_outcomes += later.unknown_outcomes;
  into.skipped_ticks += later.skipped_ticks;
  for (std::size_t k = 0; k < protocol::operation_count; ++k) {
    auto& o = into.ops[k];
    const auto& l = later.ops[k];
    o.count += l.count;
    o.errors += l.errors;
    o.latency.keep_worst(l.latency);
    o.service.keep_worst(l.service);
  }
  if (into.shards.size() < later.shards.size())
    into.shards.resize(later.shards.size(), 0);
  for (std::size_t k = 0; k < later.shards.size(); ++k)
    into.shards[k] += later.shards[k];
}

void run_history::halve() {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points_.size(); i += 2, ++kept) {
    point merged = std::move(points_[i]);
    if (i + 1 < points_.size())
      merge_into(merged, points_[i + 1]);
    points_[kept] = std::move(merged);
  }
  points_.resize(kept);
  ++generation_;
}

void run_history::add_event(history_event e) {
  if (max_events_ == 0) {
    ++events_dropped_;
    return;
  }
  if (events_.size() >= max_events_) {
    events_.pop_front();
    ++events_dropped_;
  }
  events_.push_back(std::move(e));
}

nlohmann::json run_history::point_json(const point& p) const {
  auto ops = nlohmann::json::object();
  for (std::size_t i = 0; i < protocol::operation_count; ++i) {
    const auto& o = p.ops[i];
    if (o.count == 0)
      continue;
    ops[std::string{to_string(protocol::all_operations[i])}] = {
      {"count", o.count},
      {"errors", o.errors},
      {"p50_ms", ms(o.latency.p50_us)},
      {"p99_ms", ms(o.latency.p99_us)},
      {"service_p50_ms", ms(o.service.p50_us)},
      {"service_p99_ms", ms(o.service.p99_us)},
    };
  }
  auto categories = nlohmann::json::object();
  for (std::size_t i = 0; i < protocol::category_count; ++i)
    categories[std::string{to_string(static_cast<protocol::category>(i))}] = p.categories[i];
  auto shards = nlohmann::json::object();
  for (std::size_t i = 0; i < p.shards.size(); ++i)
    if (p.shards[i] > 0)
      shards[shard_names_[i]] = p.shards[i];
  return {
    {"seq", p.seq},
    {"t", p.t},
    {"w", p.w},
    {"categories", std::move(categories)},
    {"ops", std::move(ops)},
    {"errors", non_zero<model::error_kind>(p.errors)},
    {"unknown_outcomes", p.unknown_outcomes},
    {"skipped_ticks", p.skipped_ticks},
    {"violations", non_zero<model::violation_class>(p.violations)},
    {"shards", std::move(shards)},
    {"accounts", p.gauges.accounts},
    {"target_accounts", p.gauges.target_accounts},
    {"target_rpm", p.gauges.target_rpm},
  };
}

nlohmann::json run_history::to_json(std::uint64_t after, std::uint64_t generation) const {
  auto from = generation == generation_ ? after : 0;
  auto points = nlohmann::json::array();
  for (const auto& p : points_)
    if (p.seq > from)
      points.push_back(point_json(p));
  auto events = nlohmann::json::array();
  for (const auto& e : events_)
    events.push_back({{"t", e.t_s}, {"kind", e.kind}, {"text", e.text}});
  return {
    {"generation", generation_},
    {"last_seq", last_seq_},
    {"points", std::move(points)},
    {"events", std::move(events)},
    {"events_dropped", events_dropped_},
  };
}

std::size_t run_history::memory_bytes() const {
  auto bytes = sizeof(*this) + points_.capacity() * sizeof(point);
  for (const auto& p : points_)
    bytes += p.shards.capacity() * sizeof(std::uint64_t);
  for (const auto& e : events_)
    bytes += sizeof(e) + heap_bytes(e.kind) + heap_bytes(e.text);
  for (const auto& o : seen_.ops)
    bytes += heap_bytes(o.latency_us) + heap_bytes(o.service_us);
  bytes += seen_.shards.capacity() * sizeof(std::uint64_t);
  bytes += shard_names_.capacity() * sizeof(std::string);
  for (const auto& name : shard_names_)
    bytes += 2 * heap_bytes(name);
  bytes += shard_indices_.size()
           * (node_overhead + sizeof(std::string) + sizeof(std::size_t));
  return bytes;
}

} // namespace throng::stats
