// The bounded registry of shard names: a lock-free lookup in front of a
// mutex-protected admission.
#include "stats/shard_names.hpp"

#include <algorithm>
#include <bit>
#include <functional>

namespace throng::stats {

namespace {

// Returns whether `raw` may be counted under its own name.
bool admissible(std::string_view raw) noexcept {
  return raw.size() <= shard_names::max_name_length
         && std::all_of(raw.begin(), raw.end(),
                        [](char c) { return c >= '\x21' && c <= '\x7e'; });
}

} // namespace

shard_names::shard_names(std::size_t limit)
  : limit_(limit), slots_(std::bit_ceil(std::max<std::size_t>(2 * limit, 2))) {
}

std::string_view shard_names::name_of(std::string_view raw) {
  if (raw.empty())
    return {};
  if (raw == other_name)
    return other_name;
  if (!admissible(raw))
    return other();
  // Read before the probe: if the registry was full then, every name it
  // will ever hold was visible to the probe (size_ is stored after the slot).
  const auto admitted = size_.load(std::memory_order_acquire);
  const auto h = std::hash<std::string_view>{}(raw);
  if (const auto* name = find(raw, h))
    return *name;
  if (admitted >= limit_)
    return other();
  return admit(raw, h);
}

const std::string* shard_names::find(std::string_view raw,
                                     std::size_t h) const noexcept {
  const auto mask = slots_.size() - 1;
  for (auto i = h & mask;; i = (i + 1) & mask) {
    const auto* name = slots_[i].load(std::memory_order_acquire);
    if (name == nullptr || *name == raw)
      return name;
  }
}

std::string_view shard_names::admit(std::string_view raw, std::size_t h) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (const auto* name = find(raw, h))
    return *name;
  const auto admitted = size_.load(std::memory_order_relaxed);
  if (admitted >= limit_)
    return other();
  const auto& name = names_.emplace_back(raw);
  const auto mask = slots_.size() - 1;
  auto i = h & mask;
  while (slots_[i].load(std::memory_order_relaxed) != nullptr)
    i = (i + 1) & mask;
  slots_[i].store(&name, std::memory_order_release);
  size_.store(admitted + 1, std::memory_order_release);
  return name;
}

std::string_view shard_names::other() noexcept {
  // Load first: once set, the flag's cache line stays shared, not written.
  if (!overflowed_.load(std::memory_order_relaxed))
    overflowed_.store(true, std::memory_order_relaxed);
  return other_name;
}

} // namespace throng::stats
