// Parsing faults, and the fault injector (fault_injector.hpp).

#include "server/fault_injector.hpp"

#include <charconv>
#include <cmath>

#include "protocol/join.hpp"

namespace throng::server {

namespace {

constexpr std::array<std::string_view, fault_kind_count> fault_names{
  "stale_read", "lost_update", "lost_note", "phantom_note",
  "resurrect",  "corrupt",     "cross_account", "latency",
  "error503",   "ambiguous",   "reset",
};

std::optional<double> parse_probability(std::string_view text) {
  double p = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), p);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(p)
      || p < 0 || p > 1)
    return std::nullopt;
  return p;
}

std::uint64_t splitmix(std::uint64_t& state) noexcept {
  auto z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

} // namespace

std::string_view to_string(fault_kind k) noexcept {
  return fault_names[static_cast<std::size_t>(k)];
}

protocol::result<fault_spec> parse_fault(std::string_view text) {
  using error = protocol::decode_error;
  auto quoted = "--fault '" + std::string{text} + "': ";
  auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return error{quoted + "expected KIND:P (e.g. stale_read:0.05) or "
                          "latency:MS[:P]"};
  auto name = text.substr(0, colon);
  auto rest = text.substr(colon + 1);
  fault_spec spec;
  std::size_t i = 0;
  while (i < fault_names.size() && fault_names[i] != name)
    ++i;
  if (i == fault_names.size())
    return error{quoted + "unknown fault '" + std::string{name}
                 + "' (known: " + protocol::join(fault_names, ", ") + ")"};
  spec.kind = static_cast<fault_kind>(i);
  if (spec.kind == fault_kind::latency) {
    auto second = rest.find(':');
    auto ms_text = rest.substr(0, second);
    long ms = 0;
    auto [end, ec] = std::from_chars(ms_text.data(),
                                     ms_text.data() + ms_text.size(), ms);
    if (ec != std::errc{} || end != ms_text.data() + ms_text.size() || ms < 0
        || ms > 60'000)
      return error{quoted + "latency needs a delay in milliseconds from 0 to "
                            "60000, e.g. latency:50 or latency:50:0.1"};
    spec.delay = std::chrono::milliseconds{ms};
    spec.probability = 1;
    if (second == std::string_view::npos)
      return spec;
    rest = rest.substr(second + 1);
  }
  auto p = parse_probability(rest);
  if (!p)
    return error{quoted + "the probability must be a number from 0 to 1, got '"
                 + std::string{rest} + "'"};
  spec.probability = *p;
  return spec;
}

fault_injector::fault_injector(const std::vector<fault_spec>& specs,
                               std::uint64_t seed)
  : seed_(seed) {
  for (const auto& s : specs)
    set(s);
}

void fault_injector::set(const fault_spec& s) {
  if (s.kind == fault_kind::latency)
    delay_ms_.store(s.delay.count(), std::memory_order_relaxed);
  probability_[static_cast<std::size_t>(s.kind)].store(s.probability,
                                                       std::memory_order_relaxed);
  if (s.probability > 0)
    return;
  std::lock_guard guard{mutex_};
  if (s.kind == fault_kind::stale_read)
    previous_.clear();
  else if (s.kind == fault_kind::lost_update)
    undo_.clear();
}

std::vector<fault_spec> fault_injector::settings() const {
  std::vector<fault_spec> out;
  for (std::size_t i = 0; i < fault_kind_count; ++i) {
    auto k = static_cast<fault_kind>(i);
    out.push_back({k, probability_[i].load(std::memory_order_relaxed),
                   k == fault_kind::latency ? delay() : std::chrono::milliseconds{0}});
  }
  return out;
}

bool fault_injector::fires(fault_kind k) {
  auto p = probability_[static_cast<std::size_t>(k)].load(std::memory_order_relaxed);
  if (p <= 0)
    return false;
  // Each thread (I/O or worker) draws from a stream of its own; the owner
  // check reseeds when a thread serves another injector (tests make
  // several).
  thread_local const fault_injector* owner = nullptr;
  thread_local std::uint64_t state = 0;
  if (owner != this) {
    owner = this;
    state = seed_ ^ (0x5851f42d4c957f2dULL * ++streams_);
  }
  auto draw = static_cast<double>(splitmix(state) >> 11) * 0x1.0p-53;
  if (draw >= p)
    return false;
  count(k);
  return true;
}

void fault_injector::count(fault_kind k) noexcept {
  injected_[static_cast<std::size_t>(k)].fetch_add(1,
                                                   std::memory_order_relaxed);
}

std::vector<fault_count> fault_injector::counts() const {
  std::vector<fault_count> out;
  for (const auto& spec : settings()) {
    auto n = injected_[static_cast<std::size_t>(spec.kind)].load();
    if (spec.probability > 0 || n > 0)
      out.push_back(fault_count{spec, n});
  }
  return out;
}

void fault_injector::updated(const std::string& nid, std::string before) {
  std::lock_guard guard{mutex_};
  previous_[nid] = previous{std::move(before), false};
}

std::optional<std::string>
fault_injector::unread_previous(const std::string& nid) {
  std::lock_guard guard{mutex_};
  auto i = previous_.find(nid);
  if (i == previous_.end() || i->second.read)
    return std::nullopt;
  i->second.read = true;
  return i->second.content;
}

void fault_injector::undo_later(const std::string& nid, std::string aid,
                                std::string before) {
  std::lock_guard guard{mutex_};
  undo_[nid] = {std::move(aid), std::move(before)};
}

void fault_injector::cancel_undo(const std::string& nid) {
  std::lock_guard guard{mutex_};
  undo_.erase(nid);
}

std::optional<std::pair<std::string, std::string>>
fault_injector::take_undo(const std::string& nid) {
  std::lock_guard guard{mutex_};
  auto i = undo_.find(nid);
  if (i == undo_.end())
    return std::nullopt;
  auto out = std::move(i->second);
  undo_.erase(i);
  return out;
}

} // namespace throng::server
