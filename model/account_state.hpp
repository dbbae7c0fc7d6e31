#pragma once

// What one simulated account knows of itself and of its notes on the
// service: the plain value that behaviours read and that the account and its
// consistency checker keep up to date.

#include <cstddef>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/short_string.hpp"
#include "protocol/content_hash.hpp"

namespace throng::model {

/// How many earlier contents of a note are remembered.
inline constexpr std::size_t note_history_depth = 8;

/// What a note keeps only once it has changed: the fingerprints of its
/// earlier contents and the writes of unknown outcome. Most notes of a
/// crowd never need one, so it lives apart (known_note::past).
struct note_past {
  /// Fingerprints of earlier contents, oldest first; history_size are used.
  std::array<protocol::content_fingerprint, note_history_depth> history{};
  std::uint8_t history_size = 0;
  /// Contents of updates whose request went out and whose answer never
  /// told (a timeout, a dropped connection, a 5xx, a malformed answer):
  /// each may land later, even after a later update was acknowledged. At
  /// most account_state::pending_depth; one more makes the note
  /// indeterminate. Full hashes: one that a read shows becomes current.
  std::vector<protocol::content_hash> pending;
};

/// A note as its account knows it: the content that is current as far as
/// the account knows (the last write acknowledged, or shown by a read since),
/// the contents before it, and the writes of unknown outcome that may still
/// land at any time. 64 bytes, and a note_past once it has one.
struct known_note {
  known_note() = default;
  known_note(known_note&&) noexcept = default;
  known_note& operator=(known_note&&) noexcept = default;
  known_note(const known_note& other);
  known_note& operator=(const known_note& other);

  short_string id;
  /// The SHA-256 of the current content: what tells a correct read.
  protocol::content_hash hash{};
  /// The earlier contents and pending writes; nullptr while there are none.
  std::unique_ptr<note_past> past;
  /// A delete of unknown outcome may still land: a 404 is acceptable.
  bool delete_pending = false;
  /// A read or list has shown `hash` since it became current.
  bool seen = false;
  /// More writes of unknown outcome than the account remembers: whatever
  /// the service shows of this note is accepted.
  bool indeterminate = false;
  /// Adopted from a list without contents (a create of unknown outcome
  /// that landed): `hash` is not known yet; the content is that of one of
  /// the account's pending creates, or of a pending update, until a read
  /// tells which.
  bool content_unknown = false;

  /// Returns the fingerprints of the earlier contents, oldest first, at
  /// most note_history_depth: what tells a stale read from a corrupt one.
  std::span<const protocol::content_fingerprint> history() const noexcept;
  /// Returns the contents of the updates of unknown outcome, oldest first.
  std::span<const protocol::content_hash> pending() const noexcept;
  /// Returns whether `h` is one of the earlier contents (by fingerprint: a
  /// content whose fingerprint equals an earlier one's counts as it).
  bool was_earlier(const protocol::content_hash& h) const noexcept;
};

/// Everything one simulated account knows: its credentials, its notes and
/// the writes whose outcome it does not know. A plain value owned by the
/// account; behaviours read it, the account and its checker change it. Not
/// thread-safe (an account is one actor).
///
/// Writes of unknown outcome are kept until a read shows that they landed,
/// or until the end of the run: a write whose answer never came may take
/// effect at any later time. Memory stays bounded: past its cap, a note (or
/// the account's name, or its set of notes) becomes indeterminate instead.
class account_state {
public:
  /// How many earlier contents of a note are remembered.
  static constexpr std::size_t history_depth = note_history_depth;
  /// How many updates of unknown outcome a note keeps before it becomes
  /// indeterminate.
  static constexpr std::size_t pending_depth = 16;
  /// How many deleted note ids are remembered, to catch resurrections.
  static constexpr std::size_t deleted_depth = 8;
  /// How many creates of unknown outcome are kept for adoption before the
  /// account's set of notes becomes indeterminate.
  static constexpr std::size_t pending_create_depth = 16;
  /// How many renames of unknown outcome are kept before the account's name
  /// becomes indeterminate, and how many earlier names are remembered.
  static constexpr std::size_t pending_name_depth = 4;

  short_string name;         // as the service knows it, as far as we know
  short_string password;
  short_string id;           // empty until signed up or logged in
  short_string token;        // empty when logged out
  short_string shard;        // the last X-Shard seen for this account
  /// Renames of unknown outcome that may still land, oldest first.
  std::vector<std::string> pending_names;
  /// Earlier names (as name_key), oldest first: what tells a stale name
  /// from a wrong one.
  std::vector<std::uint64_t> old_names;
  /// A read of the account has shown `name` since it became current.
  bool name_seen = false;
  /// More renames of unknown outcome than remembered: any name is accepted.
  bool name_indeterminate = false;
  bool signup_unknown = false;     // a sign-up got no answer
  bool seeded = false;             // has created its seed notes
  /// Log-ins of the signed-up account refused in a row: each tries the next
  /// of the names the account may have (login_name()).
  std::uint32_t login_refusals = 0;
  // (Small fields together: no padding between them, in each of a
  // million accounts.)
  std::uint32_t index = 0;   // the account's number in the run
  /// More creates of unknown outcome than remembered: an unknown note in a
  /// list is adopted whatever its content.
  bool creates_indeterminate = false;
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
  /// Contents of creates of unknown outcome: a list that shows an unknown
  /// note with one of them is that create landing.
  std::vector<protocol::content_hash> pending_creates;
  /// Creates of unknown outcome made since the last list of the notes:
  /// counted against the notes cap (a list that does not show them makes
  /// them unlikely, though they may still land).
  std::size_t creates_unlisted = 0;
  std::vector<short_string> deleted; // most recent last

  /// Returns whether the account exists on the service as far as it knows.
  bool has_account() const noexcept { return !id.empty(); }

  /// Returns the note with id `nid`, or nullptr.
  known_note* find(std::string_view nid) noexcept;
  const known_note* find(std::string_view nid) const noexcept;

  /// Adds a note whose creation was acknowledged (or adopted). The notes
  /// grow by half their number (not doubling), so that a crowd's memory
  /// stays close to what it holds.
  known_note& add_note(std::string_view nid, const protocol::content_hash& h);

  /// Makes `h` the note's current content, moving the old one into its
  /// history; the new content is not yet seen.
  void set_content(known_note& n, const protocol::content_hash& h);

  /// Remembers an update of note `n` to `h` whose outcome is unknown.
  /// Returns true when this makes the note indeterminate.
  bool add_pending_update(known_note& n, const protocol::content_hash& h);

  /// Removes and returns whether `h` was an update of `n` of unknown
  /// outcome.
  bool take_pending_update(known_note& n, const protocol::content_hash& h);

  /// Forgets note `nid`, remembering its id as deleted.
  void remove_note(std::string_view nid);

  /// Remembers a create whose outcome is unknown. Returns true when this
  /// makes the account's set of notes indeterminate.
  bool add_pending_create(const protocol::content_hash& h);

  /// Removes and returns whether `h` was a create of unknown outcome.
  bool take_pending_create(const protocol::content_hash& h);

  /// Returns whether `nid` is one of the remembered deleted notes.
  bool was_deleted(std::string_view nid) const noexcept;

  /// Returns the number of notes the account counts against its cap: the
  /// known ones and the creates of unknown outcome since the last list.
  std::size_t possible_notes() const noexcept {
    return notes.size() + creates_unlisted;
  }

  /// Makes `n` the account's current name, the old one an earlier name.
  void set_name(std::string n);

  /// Remembers a rename to `n` whose outcome is unknown. Returns true when
  /// this makes the name indeterminate.
  bool add_pending_name(std::string n);

  /// Returns the name to log in with next: the current name, then each
  /// pending rename in turn, as log-ins are refused.
  std::string_view login_name() const noexcept;

  /// Returns the key under which an earlier name is remembered.
  static std::uint64_t name_key(std::string_view n) noexcept;
};

} // namespace throng::model
