#pragma once

// The consistency checker: what counts as a violation, given what one
// account knows it wrote.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/account_state.hpp"
#include "model/answer.hpp"
#include "model/violation.hpp"
#include "protocol/content_hash.hpp"
#include "protocol/operation.hpp"

namespace throng::model {

/// How a list of an account's notes was seen, for check_list.
struct list_view {
  /// The items carry contents; else only membership is checked (the
  /// contents of known notes are not compared, and an unknown note a
  /// pending create may explain is adopted with its content unknown).
  bool contents = true;
  /// The list is all of the account's notes: a walk to its end during
  /// which no write of unknown outcome could shift its pages. Else a known
  /// note absent from it proves nothing (never a missing_note), while an
  /// unknown or resurrected note it shows is still one.
  bool complete = true;
};

/// Checks what a service answers against what one account knows it wrote,
/// and keeps the account's knowledge up to date.
///
/// The promise: against a service that is linearizable per note (and per
/// account), it reports no violation, whatever the timeouts, delays, dropped
/// connections and 5xx. It models each note, and the account's name, as the
/// value that is current plus the writes of unknown outcome that may still
/// land (a write whose answer never came may take effect at any later time):
///
/// - an acknowledged write makes its value the current one; writes still
///   pending stay pending, since they may land after it;
/// - a write of unknown outcome is pending until a read shows its value
///   (it landed: its value is current, and the value before it is history)
///   or until the end of the run; a request that was never sent is not one;
/// - a 404 is acceptable while a delete of unknown outcome may land; a
///   listed note the account does not know whose content is that of a
///   pending create is that create landing, and is adopted;
/// - past the caps of account_state, a note (or the name, or the set of
///   notes) becomes indeterminate, and whatever it shows is accepted.
///
/// A list may show less than all of the account's notes with their
/// contents (list_view): a partial one (a walk of pages cut short, or one
/// that a write of unknown outcome could have shifted) never makes a note
/// missing; one without contents checks membership only, and an unknown
/// note in it that a pending create may explain is adopted with its content
/// unknown, until a read shows one of the pending creates' contents (or a
/// pending update's).
///
/// Anything else is a violation: a content seen before is a stale_read
/// (before the current one was ever shown) or a lost_update (after), one
/// never written is corrupt_content; a known note gone is missing_note, an
/// unknown one there is unexpected_note (resurrected_note for a note whose
/// delete was acknowledged). docs/design.md has worked examples.
///
/// Stateless: every call works on the account_state it is given. Findings
/// are added to `out`; nothing is thrown.
class consistency_checker {
public:
  /// A create was acknowledged with note id `nid`.
  void created(account_state& s, std::string nid,
               const protocol::content_hash& h) const;
  /// A create's outcome is unknown.
  void create_unknown(account_state& s, const protocol::content_hash& h,
                      findings& out) const;
  /// An update of note `nid` to content `h` was acknowledged.
  void updated(account_state& s, std::string_view nid,
               const protocol::content_hash& h) const;
  /// An update's outcome is unknown.
  void update_unknown(account_state& s, std::string_view nid,
                      const protocol::content_hash& h, findings& out) const;
  /// A delete was acknowledged.
  void deleted(account_state& s, std::string_view nid) const;
  /// A delete's outcome is unknown.
  void delete_unknown(account_state& s, std::string_view nid) const;

  /// Checks an answer about note `nid` to `op`: 200 with content hash `h`,
  /// or 404 (nullopt).
  void check_read(account_state& s, protocol::operation op, std::string_view nid,
                  const std::optional<protocol::content_hash>& h,
                  std::string_view shard, findings& out) const;

  /// Checks a list of the account's notes: every known note must be there
  /// with an acceptable content, and nothing else; `how` says what the list
  /// can show (a partial list, one without contents). Ids are unique in
  /// `list` (a later duplicate is ignored).
  void check_list(account_state& s, const std::vector<listed_note>& list,
                  std::string_view shard, findings& out,
                  const list_view& how = {}) const;

  /// Returns whether a write of unknown outcome to a known note (a delete,
  /// an update) may land: it could shift a paged list under its walk (an
  /// offset that skips a note; an order by modification), so that a walk
  /// that misses a note proves nothing.
  static bool writes_may_land(const account_state& s) noexcept;

  /// A rename to `name` was acknowledged.
  void renamed(account_state& s, std::string name) const;
  /// A rename's outcome is unknown.
  void rename_unknown(account_state& s, std::string name, findings& out) const;
  /// Checks the name a read of the account (`op`) showed.
  void check_name(account_state& s, protocol::operation op, std::string_view shown,
                  std::string_view shard, findings& out) const;

  /// A log-in under s.login_name() succeeded: that name is current.
  void logged_in(account_state& s) const;

  /// A log-in of the signed-up account was refused. Returns true once every
  /// name the account may have has been refused often enough that no
  /// pending rename can explain it: the service no longer knows the account.
  bool login_refused(account_state& s) const;

  /// The service no longer knows the account (its log-ins are refused):
  /// every note it held is lost, each a missing_note, unless the account's
  /// name or a note was indeterminate (then it is counted as such). The
  /// account forgets them and its identity, so that it signs up afresh.
  void account_lost(account_state& s, std::string_view shard, findings& out) const;

private:
  void check_content(account_state& s, known_note& n,
                     const protocol::content_hash& h, protocol::operation op,
                     std::string_view shard, findings& out) const;
  void check_unknown_content(account_state& s, known_note& n,
                             const protocol::content_hash& h,
                             protocol::operation op, std::string_view shard,
                             findings& out) const;
  bool adopt(account_state& s, const listed_note& x, const list_view& how,
             std::size_t& blind) const;
  void note_absent(account_state& s, known_note& n, protocol::operation op,
                   int status, std::string_view shard, findings& out) const;
};

} // namespace throng::model
