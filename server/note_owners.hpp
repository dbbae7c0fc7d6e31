#pragma once

// Which account owns which note, as the cookie shape of the service learns
// it: its paths name a note without its account (GET /notes/{n}).

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace throng::server {

/// The owner of each note created through cookie_notes_service, by number
/// (server/ids: "n" and the number in base 36, "a" and the number for an
/// account). The cookie shape asks the inner service for a note under its
/// owner's account, so that the inner service, not the adapter, decides
/// whether a session may see it (and its cross_account fault can let it).
/// In memory only: notes created before a restart of a SQLite store are
/// looked up under the session's own account. Thread-safe.
class note_owners {
public:
  /// Records that account number `account` owns note number `note`.
  void add(std::uint64_t note, std::uint64_t account);

  /// Forgets note number `note`.
  void remove(std::uint64_t note);

  /// Returns the account number that owns note number `note`, or nullopt
  /// when it is not known.
  std::optional<std::uint64_t> find(std::uint64_t note) const;

private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, std::uint64_t> owners_;
};

} // namespace throng::server
