// The registry of published account and note ids (account_directory.hpp).

#include "model/account_directory.hpp"

#include <algorithm>

namespace throng::model {

account_directory::account_directory(std::size_t capacity)
  : per_stripe_(std::max<std::size_t>(1, (capacity + stripe_count - 1) / stripe_count)),
    stripes_(std::make_unique<stripe[]>(stripe_count)) {
  for (std::size_t i = 0; i < stripe_count; ++i)
    stripes_[i].slots = std::make_unique<entry[]>(per_stripe_);
}

// Publication number i goes to stripe i % stripe_count, slot
// (i / stripe_count) % per_stripe_: the first `capacity` publications fill
// positions 0..capacity-1 in order, so sample() can draw a position below
// min(published, capacity) and find an entry there.
void account_directory::publish(std::string_view account_id,
                                std::string_view note_id) {
  auto i = published_.fetch_add(1, std::memory_order_relaxed);
  auto& s = stripes_[i % stripe_count];
  std::lock_guard<std::mutex> guard{s.mutex};
  auto& e = s.slots[(i / stripe_count) % per_stripe_];
  e.account_id.assign(account_id);
  e.note_id.assign(note_id);
}

std::optional<account_directory::entry> account_directory::sample(rng& r) const {
  auto n = size();
  if (n == 0)
    return std::nullopt;
  auto i = r.below(n);
  auto& s = stripes_[i % stripe_count];
  std::lock_guard<std::mutex> guard{s.mutex};
  const auto& e = s.slots[i / stripe_count];
  // A publication that took its number but not yet the lock.
  if (e.account_id.empty())
    return std::nullopt;
  return e;
}

std::size_t account_directory::size() const noexcept {
  return static_cast<std::size_t>(
    std::min<std::uint64_t>(published_.load(std::memory_order_relaxed), capacity()));
}

} // namespace throng::model
