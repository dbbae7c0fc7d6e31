#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/content_hash.hpp"

namespace throng::actors {

/// A note as its account knows it: the content it last wrote and saw
/// acknowledged, the contents before it, and writes whose outcome is unknown.
struct known_note {
  std::string id;
  protocol::content_hash hash{};
  /// Earlier contents, oldest first, at most account_state::history_depth.
  std::vector<protocol::content_hash> history;
  /// Contents of updates that got no answer (5xx, timeout, dropped
  /// connection): each may or may not have been applied.
  std::vector<protocol::content_hash> unknown_updates;
  /// A delete got no answer: the note may or may not be gone.
  bool delete_unknown = false;
  /// A read or list has shown `hash` since it was written.
  bool seen = false;
};

/// Everything one simulated account knows: its credentials, its notes and
/// the writes whose outcome it does not know. A plain value owned by the
/// account; behaviours read it, the account and its checker change it. Not
/// thread-safe (an account is one actor).
class account_state {
public:
  /// How many earlier contents of a note are remembered.
  static constexpr std::size_t history_depth = 8;
  /// How many deleted note ids are remembered, to catch resurrections.
  static constexpr std::size_t deleted_depth = 8;
  /// How many creates of unknown outcome are remembered for adoption.
  static constexpr std::size_t unknown_create_depth = 16;

  std::uint32_t index = 0;   // the account's number in the run
  std::string name;          // as the service knows it
  std::string password;
  std::string id;            // empty until signed up or logged in
  std::string token;         // empty when logged out
  std::string shard;         // the last X-Shard seen for this account
  bool signup_unknown = false;     // a sign-up got no answer
  bool seeded = false;             // has created its seed notes
  std::string rename_unknown;      // a rename to this name got no answer
  /// Answers applied since the last log-in or sign-up, that one included.
  std::uint64_t ops_since_login = 0;
  std::uint64_t writes = 0;        // writes sent, for content numbering
  /// Operations the behaviour has chosen (idle steps not counted).
  std::uint64_t behaviour_steps = 0;
  /// When the behaviour took its first step (-1: not yet), and `writes`
  /// then: time-driven behaviours count from there.
  std::int64_t mix_start_ns = -1;
  std::uint64_t mix_start_writes = 0;

  std::vector<known_note> notes;  // in creation order
  std::vector<protocol::content_hash> unknown_creates;
  std::vector<std::string> deleted; // most recent last

  /// Returns whether the account exists on the service as far as it knows.
  bool has_account() const noexcept { return !id.empty(); }

  /// Returns the note with id `nid`, or nullptr.
  known_note* find(std::string_view nid) noexcept;
  const known_note* find(std::string_view nid) const noexcept;

  /// Adds a note whose creation was acknowledged (or adopted).
  known_note& add_note(std::string nid, const protocol::content_hash& h);

  /// Makes `h` the note's content, moving the old one into its history.
  void set_content(known_note& n, const protocol::content_hash& h);

  /// Adds `h` to the note's earlier contents, unless it is there already or
  /// is its current content.
  void remember(known_note& n, const protocol::content_hash& h);

  /// Remembers an update of note `n` to `h` whose outcome is unknown,
  /// keeping at most history_depth of them.
  void add_unknown_update(known_note& n, const protocol::content_hash& h);

  /// Forgets note `nid`, remembering its id as deleted.
  void remove_note(std::string_view nid);

  /// Remembers a create whose outcome is unknown.
  void add_unknown_create(const protocol::content_hash& h);

  /// Removes and returns whether `h` was a create of unknown outcome.
  bool take_unknown_create(const protocol::content_hash& h);

  /// Returns whether `nid` is one of the remembered deleted notes.
  bool was_deleted(std::string_view nid) const noexcept;

  /// Returns the number of notes the account may have on the service: the
  /// known ones and the creates of unknown outcome.
  std::size_t possible_notes() const noexcept {
    return notes.size() + unknown_creates.size();
  }
};

} // namespace throng::actors
