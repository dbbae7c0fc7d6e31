// Recording and merging a run's figures (run_stats.hpp).

#include "stats/run_stats.hpp"

#include <numeric>

namespace throng::stats {

namespace {

using protocol::category;

constexpr std::size_t index(protocol::operation op) noexcept {
  return static_cast<std::size_t>(op);
}

constexpr std::size_t index(category c) noexcept {
  return static_cast<std::size_t>(c);
}

constexpr std::size_t index(model::error_kind k) noexcept {
  return static_cast<std::size_t>(k);
}

constexpr std::size_t index(model::violation_class v) noexcept {
  return static_cast<std::size_t>(v);
}

template <class T, std::size_t N>
void add(std::array<T, N>& to, const std::array<T, N>& from) {
  for (std::size_t i = 0; i < N; ++i)
    to[i] += from[i];
}

shard_stats& shard_of(run_stats& s, std::string_view name) {
  auto i = s.shards.find(name);
  if (i == s.shards.end())
    i = s.shards.emplace(std::string{name}, shard_stats{}).first;
  return i->second;
}

// The per-shard counter a successful `op` adds to, or nullptr for account
// operations.
std::uint64_t* shard_traffic(shard_stats& sh, protocol::operation op) {
  switch (protocol::category_of(op)) {
    case category::note_read:
      return &sh.note_reads;
    case category::note_write:
      return &sh.note_writes;
    default:
      return nullptr;
  }
}

} // namespace

void op_stats::merge(const op_stats& other) {
  count += other.count;
  errors += other.errors;
  latency_us.merge(other.latency_us);
  service_us.merge(other.service_us);
}

void shard_stats::merge(const shard_stats& other) {
  note_reads += other.note_reads;
  note_writes += other.note_writes;
  errors += other.errors;
  violations += other.violations;
}

void run_stats::record(const request_sample& s) {
  auto& o = ops[index(s.op)];
  ++total;
  ++o.count;
  ++categories[index(protocol::category_of(s.op))];
  o.latency_us.record(s.latency_us);
  o.service_us.record(s.service_us);
  if (s.error) {
    ++failed;
    ++errors[index(*s.error)];
    ++o.errors;
    ++failures[{s.op, *s.error, s.status}];
  } else {
    ++ok;
  }
  if (s.unknown_outcome)
    ++unknown_outcome;
  // Found by views: a request's cell is made (its strings copied) once.
  auto cell = by_class.find(std::tuple{s.op, s.status_class, s.shard});
  if (cell == by_class.end())
    cell = by_class.emplace(std::tuple{s.op, std::string{s.status_class}, std::string{s.shard}}, 0)
             .first;
  ++cell->second;
  if (s.shard.empty())
    return;
  auto& sh = shard_of(*this, s.shard);
  if (s.error)
    ++sh.errors;
  else if (auto* traffic = shard_traffic(sh, s.op))
    ++*traffic;
}

void run_stats::record_violation(model::violation_class v, std::string_view shard) {
  ++violations[index(v)];
  ++violation_cells[{v, std::string{shard}}];
  if (!shard.empty())
    ++shard_of(*this, shard).violations;
}

void run_stats::merge(const run_stats& other) {
  for (std::size_t i = 0; i < ops.size(); ++i)
    ops[i].merge(other.ops[i]);
  add(categories, other.categories);
  add(errors, other.errors);
  add(violations, other.violations);
  for (const auto& [name, sh] : other.shards)
    shard_of(*this, name).merge(sh);
  for (const auto& [k, n] : other.by_class)
    by_class[k] += n;
  for (const auto& [k, n] : other.violation_cells)
    violation_cells[k] += n;
  for (const auto& [k, n] : other.failures)
    failures[k] += n;
  total += other.total;
  ok += other.ok;
  failed += other.failed;
  unknown_outcome += other.unknown_outcome;
  skipped_ticks += other.skipped_ticks;
  indeterminate += other.indeterminate;
  tick_lateness_us.merge(other.tick_lateness_us);
}

std::uint64_t run_stats::violation_total() const noexcept {
  return std::accumulate(violations.begin(), violations.end(),
                         std::uint64_t{0});
}

} // namespace throng::stats
