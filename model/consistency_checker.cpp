// The consistency checker (consistency_checker.hpp).

#include "model/consistency_checker.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace throng::model {

using protocol::content_hash;
using protocol::operation;
using model::violation_class;

namespace {

std::vector<content_hash> acceptable(const known_note& n) {
  const auto pending = n.pending();
  std::vector<content_hash> xs{n.hash};
  xs.insert(xs.end(), pending.begin(), pending.end());
  return xs;
}

violation make(violation_class kind, operation op, std::string_view nid,
               std::vector<content_hash> expected,
               std::optional<content_hash> received, int status,
               std::string_view shard) {
  return violation{kind,   op,     std::string{nid}, std::move(expected),
                   received, status, std::string{shard}};
}

// A value seen before the current one: a stale read while the current one
// has not been shown (a lagging replica or cache), a lost update once it
// has (the service held the write and went back on it).
violation_class earlier_value(bool current_seen) {
  return current_seen ? violation_class::lost_update : violation_class::stale_read;
}

} // namespace

void consistency_checker::created(account_state& s, std::string nid,
                                  const content_hash& h) const {
  s.add_note(std::move(nid), h);
}

void consistency_checker::create_unknown(account_state& s, const content_hash& h,
                                         findings& out) const {
  if (s.add_pending_create(h))
    ++out.indeterminate;
}

void consistency_checker::updated(account_state& s, std::string_view nid,
                                  const content_hash& h) const {
  auto* n = s.find(nid);
  if (n == nullptr)
    return;
  if (n->content_unknown) {
    // No content to move into the history: it was never known.
    n->hash = h;
    n->seen = false;
    n->content_unknown = false;
    return;
  }
  s.set_content(*n, h);
}

void consistency_checker::update_unknown(account_state& s, std::string_view nid,
                                         const content_hash& h, findings& out) const {
  if (auto* n = s.find(nid); n != nullptr && s.add_pending_update(*n, h))
    ++out.indeterminate;
}

void consistency_checker::deleted(account_state& s, std::string_view nid) const {
  s.remove_note(nid);
}

void consistency_checker::delete_unknown(account_state& s,
                                         std::string_view nid) const {
  if (auto* n = s.find(nid))
    n->delete_pending = true;
}

void consistency_checker::check_content(account_state& s, known_note& n,
                                        const content_hash& h, operation op,
                                        std::string_view shard,
                                        findings& out) const {
  if (n.content_unknown) {
    check_unknown_content(s, n, h, op, shard, out);
    return;
  }
  if (h == n.hash) {
    n.seen = true;
    return;
  }
  if (s.take_pending_update(n, h)) {
    // That write landed, after the one that was current; the others may
    // still land after it.
    s.set_content(n, h);
    n.seen = true;
    return;
  }
  if (n.indeterminate) {
    s.set_content(n, h);
    n.seen = true;
    return;
  }
  // By fingerprint: a corrupt content whose fingerprint equals an earlier
  // content's is reported as that earlier one (docs/design.md).
  out.violations.push_back(make(n.was_earlier(h) ? earlier_value(n.seen)
                                        : violation_class::corrupt_content,
                                op, n.id, acceptable(n), h, 200, shard));
}

void consistency_checker::check_unknown_content(account_state& s, known_note& n,
                                                const content_hash& h,
                                                operation op,
                                                std::string_view shard,
                                                findings& out) const {
  // The note is a create of unknown outcome that landed, updated since by
  // none, or by one of its own pending updates.
  if (s.take_pending_create(h) || s.creates_indeterminate || n.indeterminate
      || s.take_pending_update(n, h)) {
    n.hash = h;
    n.content_unknown = false;
    n.seen = true;
    return;
  }
  std::vector<content_hash> expected{s.pending_creates};
  const auto pending = n.pending();
  expected.insert(expected.end(), pending.begin(), pending.end());
  out.violations.push_back(make(violation_class::corrupt_content, op, n.id,
                                std::move(expected), h, 200, shard));
}

void consistency_checker::note_absent(account_state& s, known_note& n,
                                      operation op, int status,
                                      std::string_view shard,
                                      findings& out) const {
  if (n.delete_pending || n.indeterminate) {
    // The delete landed: the note is gone for good.
    s.remove_note(n.id.str());
    return;
  }
  out.violations.push_back(make(violation_class::missing_note, op, n.id,
                                acceptable(n), std::nullopt, status, shard));
}

void consistency_checker::check_read(account_state& s, operation op,
                                     std::string_view nid,
                                     const std::optional<content_hash>& h,
                                     std::string_view shard,
                                     findings& out) const {
  auto* n = s.find(nid);
  if (n == nullptr) {
    if (!h || !s.was_deleted(nid))
      return;
    // A service may give a landing create the id of a deleted note.
    if (s.take_pending_create(*h) || s.creates_indeterminate)
      s.add_note(nid, *h).seen = true;
    else
      out.violations.push_back(make(violation_class::resurrected_note, op, nid,
                                    {}, h, 200, shard));
    return;
  }
  if (h)
    check_content(s, *n, *h, op, shard, out);
  else
    note_absent(s, *n, op, 404, shard, out);
}

void consistency_checker::check_list(account_state& s,
                                     const std::vector<listed_note>& list,
                                     std::string_view shard, findings& out,
                                     const list_view& how) const {
  std::unordered_map<std::string_view, const content_hash*> listed;
  listed.reserve(list.size());
  for (const auto& x : list)
    listed.emplace(x.id, &x.content);
  std::vector<std::string> gone;
  for (auto& n : s.notes) {
    auto i = listed.find(n.id);
    if (i != listed.end()) {
      if (how.contents)
        check_content(s, n, *i->second, operation::list_notes, shard, out);
      listed.erase(i);
    } else if (!how.complete) {
      continue;
    } else if (n.delete_pending || n.indeterminate) {
      gone.push_back(n.id.str());
    } else {
      out.violations.push_back(make(violation_class::missing_note,
                                    operation::list_notes, n.id, acceptable(n),
                                    std::nullopt, 200, shard));
    }
  }
  for (const auto& nid : gone)
    s.remove_note(nid);
  // Pending creates not yet claimed by a note adopted without its content:
  // how many unknown notes of a list without contents they may explain.
  std::size_t blind = 0;
  if (!how.contents) {
    blind = s.pending_creates.size();
    for (const auto& n : s.notes)
      blind -= n.content_unknown && blind > 0 ? 1 : 0;
  }
  // What is left was not known: a create of unknown outcome landing, or
  // something that should not be there. Walk the list to keep its order.
  for (const auto& x : list) {
    if (listed.erase(x.id) == 0)
      continue;
    if (adopt(s, x, how, blind))
      continue;
    out.violations.push_back(make(s.was_deleted(x.id)
                                    ? violation_class::resurrected_note
                                    : violation_class::unexpected_note,
                                  operation::list_notes, x.id, {},
                                  how.contents ? std::optional{x.content} : std::nullopt,
                                  200, shard));
  }
  s.creates_unlisted = 0;
}

bool consistency_checker::adopt(account_state& s, const listed_note& x,
                                const list_view& how, std::size_t& blind) const {
  if (how.contents) {
    if (!s.take_pending_create(x.content) && !s.creates_indeterminate)
      return false;
    s.add_note(x.id, x.content).seen = true;
    return true;
  }
  if (!s.creates_indeterminate) {
    if (blind == 0)
      return false;
    --blind;
  }
  s.add_note(x.id, content_hash{}).content_unknown = true;
  return true;
}

bool consistency_checker::writes_may_land(const account_state& s) noexcept {
  for (const auto& n : s.notes)
    if (n.delete_pending || n.indeterminate || !n.pending().empty())
      return true;
  return false;
}

void consistency_checker::renamed(account_state& s, std::string name) const {
  s.set_name(std::move(name));
}

void consistency_checker::rename_unknown(account_state& s, std::string name,
                                         findings& out) const {
  if (s.add_pending_name(std::move(name)))
    ++out.indeterminate;
}

void consistency_checker::check_name(account_state& s, operation op,
                                     std::string_view shown,
                                     std::string_view shard, findings& out) const {
  if (shown == s.name) {
    s.name_seen = true;
    return;
  }
  auto& pending = s.pending_names;
  if (auto p = std::find(pending.begin(), pending.end(), shown); p != pending.end()
      || s.name_indeterminate) {
    if (p != pending.end())
      pending.erase(p);
    s.set_name(std::string{shown});
    s.name_seen = true;
    return;
  }
  std::vector<content_hash> expected{protocol::hash_content(s.name)};
  for (const auto& n : pending)
    expected.push_back(protocol::hash_content(n));
  const auto key = account_state::name_key(shown);
  const bool earlier = std::find(s.old_names.begin(), s.old_names.end(), key)
                       != s.old_names.end();
  out.violations.push_back(make(earlier ? earlier_value(s.name_seen)
                                        : violation_class::corrupt_content,
                                op, "", std::move(expected),
                                protocol::hash_content(shown), 200, shard));
}

void consistency_checker::logged_in(account_state& s) const {
  if (const auto used = s.login_name(); used != s.name) {
    // A pending rename landed, after the name that was current.
    auto name = std::string{used};
    auto& pending = s.pending_names;
    pending.erase(std::find(pending.begin(), pending.end(), name));
    s.set_name(std::move(name));
  }
  s.login_refusals = 0;
}

bool consistency_checker::login_refused(account_state& s) const {
  // Each try of every name in turn that is refused throughout means some
  // pending rename landed meanwhile, and each lands at most once: so
  // (pending + 1) such rounds in a row cannot happen on a correct service.
  ++s.login_refusals;
  const auto names = s.pending_names.size() + 1;
  return s.login_refusals >= names * names;
}

void consistency_checker::account_lost(account_state& s, std::string_view shard,
                                       findings& out) const {
  if (s.name_indeterminate) {
    ++out.indeterminate;
  } else {
    for (const auto& n : s.notes) {
      if (n.delete_pending || n.indeterminate)
        continue;
      out.violations.push_back(make(violation_class::missing_note,
                                    operation::login, n.id, acceptable(n),
                                    std::nullopt, 401, shard));
    }
  }
  s.notes.clear();
  s.pending_creates.clear();
  s.creates_unlisted = 0;
  s.creates_indeterminate = false;
  s.deleted.clear();
  s.pending_names.clear();
  s.old_names.clear();
  s.name_seen = false;
  s.name_indeterminate = false;
  s.login_refusals = 0;
  s.id.clear();
  s.token.clear();
}

} // namespace throng::model
