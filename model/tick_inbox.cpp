// An open-model account's inbox of ticks (tick_inbox.hpp).

#include "model/tick_inbox.hpp"

namespace throng::model {

tick_inbox::hold::hold(const tick_inbox& in) noexcept : lock_(in.lock_) {
  while (lock_.test_and_set(std::memory_order_acquire))
    while (lock_.test(std::memory_order_relaxed))
      __builtin_ia32_pause();
}

tick_inbox::hold::~hold() {
  lock_.clear(std::memory_order_release);
}

bool tick_inbox::add(std::int64_t first_ns, std::int64_t last_ns, std::uint64_t n) noexcept {
  if (n == 0)
    return false;
  hold h{*this};
  backlog_.add(first_ns, last_ns, n);
  const bool wake = listening_;
  listening_ = false;
  return wake;
}

std::optional<std::int64_t> tick_inbox::take_or_listen() noexcept {
  hold h{*this};
  if (backlog_.empty()) {
    listening_ = true;
    return std::nullopt;
  }
  return backlog_.take();
}

void tick_inbox::listen() noexcept {
  hold h{*this};
  listening_ = true;
}

std::uint64_t tick_inbox::clear() noexcept {
  hold h{*this};
  const auto n = backlog_.size();
  backlog_ = tick_backlog{};
  listening_ = false;
  return n;
}

std::uint64_t tick_inbox::size() const noexcept {
  hold h{*this};
  return backlog_.size();
}

bool tick_inbox::listening() const noexcept {
  hold h{*this};
  return listening_;
}

} // namespace throng::model
