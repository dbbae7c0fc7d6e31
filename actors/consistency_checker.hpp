#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "actors/account_state.hpp"
#include "actors/violation.hpp"
#include "protocol/api_types.hpp"

namespace throng::actors {

/// Checks what a service answers against what one account knows it wrote,
/// and keeps the account's knowledge up to date as writes are acknowledged.
///
/// A write whose outcome is unknown (5xx, timeout, dropped connection) makes
/// both outcomes acceptable until a later read or list of the note settles
/// it: the read shows which happened, and from then on the other outcome is
/// a violation. A create of unknown outcome is adopted when a list shows a
/// note with its content, and forgotten when a list does not.
///
/// Stateless: every call works on the account_state it is given. Violations
/// are appended to `out`; nothing is thrown.
class consistency_checker {
public:
  /// A create was acknowledged with note id `nid`.
  void created(account_state& s, std::string nid,
               const protocol::content_hash& h) const;
  /// A create got no answer.
  void create_unknown(account_state& s, const protocol::content_hash& h) const;
  /// An update of note `nid` to content `h` was acknowledged.
  void updated(account_state& s, std::string_view nid,
               const protocol::content_hash& h) const;
  /// An update got no answer.
  void update_unknown(account_state& s, std::string_view nid,
                      const protocol::content_hash& h) const;
  /// A delete was acknowledged.
  void deleted(account_state& s, std::string_view nid) const;
  /// A delete got no answer.
  void delete_unknown(account_state& s, std::string_view nid) const;

  /// Checks an answer about note `nid` to `op`: 200 with content hash `h`,
  /// or 404 (nullopt). A known note answered 404 is missing_note; a deleted
  /// note that reads back is resurrected_note; a content that was the note's
  /// earlier is stale_read (or lost_update once the latest content has been
  /// shown), one it never had corrupt_content.
  void check_read(account_state& s, protocol::operation op, std::string_view nid,
                  const std::optional<protocol::content_hash>& h,
                  std::string_view shard, std::vector<violation>& out) const;

  /// Checks a list of the account's notes: every known note must be there
  /// with an acceptable content (else missing_note, stale_read or
  /// corrupt_content) and nothing else (else unexpected_note, or
  /// resurrected_note for a note whose delete was acknowledged).
  void check_list(account_state& s, const protocol::note_list& list,
                  std::string_view shard, std::vector<violation>& out) const;

  /// The service no longer knows the account (its log-in is refused): every
  /// note it held is lost, each a missing_note. The account forgets them
  /// and its identity, so that it signs up afresh.
  void account_lost(account_state& s, std::string_view shard,
                    std::vector<violation>& out) const;

private:
  void check_content(account_state& s, known_note& n,
                     const protocol::content_hash& h, protocol::operation op,
                     std::string_view shard, std::vector<violation>& out) const;
};

} // namespace throng::actors
