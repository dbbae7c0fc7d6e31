// The owners of notes created through the cookie shape (note_owners.hpp).

#include "server/note_owners.hpp"

#include <mutex>

namespace throng::server {

void note_owners::add(std::uint64_t note, std::uint64_t account) {
  std::unique_lock lock{mutex_};
  owners_[note] = account;
}

void note_owners::remove(std::uint64_t note) {
  std::unique_lock lock{mutex_};
  owners_.erase(note);
}

std::optional<std::uint64_t> note_owners::find(std::uint64_t note) const {
  std::shared_lock lock{mutex_};
  auto at = owners_.find(note);
  if (at == owners_.end())
    return std::nullopt;
  return at->second;
}

} // namespace throng::server
