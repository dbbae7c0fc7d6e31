#include "actors/consistency_checker.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace throng::actors {

using protocol::content_hash;
using protocol::operation;
using stats::violation_class;

namespace {

std::vector<content_hash> acceptable(const known_note& n) {
  std::vector<content_hash> xs{n.hash};
  xs.insert(xs.end(), n.unknown_updates.begin(), n.unknown_updates.end());
  return xs;
}

violation make(violation_class kind, operation op, std::string_view nid,
               std::vector<content_hash> expected,
               std::optional<content_hash> received, int status,
               std::string_view shard) {
  return violation{kind,   op,     std::string{nid}, std::move(expected),
                   received, status, std::string{shard}};
}

} // namespace

void consistency_checker::created(account_state& s, std::string nid,
                                  const content_hash& h) const {
  s.add_note(std::move(nid), h);
}

void consistency_checker::create_unknown(account_state& s,
                                         const content_hash& h) const {
  s.add_unknown_create(h);
}

void consistency_checker::updated(account_state& s, std::string_view nid,
                                  const content_hash& h) const {
  auto* n = s.find(nid);
  if (n == nullptr)
    return;
  // Earlier updates of unknown outcome are superseded: seeing one of them
  // from now on is a stale read.
  for (auto& u : n->unknown_updates)
    s.remember(*n, u);
  n->unknown_updates.clear();
  s.set_content(*n, h);
}

void consistency_checker::update_unknown(account_state& s, std::string_view nid,
                                         const content_hash& h) const {
  if (auto* n = s.find(nid))
    s.add_unknown_update(*n, h);
}

void consistency_checker::deleted(account_state& s, std::string_view nid) const {
  s.remove_note(nid);
}

void consistency_checker::delete_unknown(account_state& s,
                                         std::string_view nid) const {
  if (auto* n = s.find(nid))
    n->delete_unknown = true;
}

void consistency_checker::check_content(account_state& s, known_note& n,
                                        const content_hash& h, operation op,
                                        std::string_view shard,
                                        std::vector<violation>& out) const {
  const int status = 200;
  n.delete_unknown = false;
  if (h == n.hash) {
    n.seen = true;
    // The updates of unknown outcome did not happen: seeing one of them
    // from now on is a stale read.
    for (auto& u : n.unknown_updates)
      s.remember(n, u);
    n.unknown_updates.clear();
    return;
  }
  auto u = std::find(n.unknown_updates.begin(), n.unknown_updates.end(), h);
  if (u != n.unknown_updates.end()) {
    // That write happened: so did the unknown ones before it, perhaps; the
    // ones after it remain unknown.
    std::vector<content_hash> later(u + 1, n.unknown_updates.end());
    for (auto i = n.unknown_updates.begin(); i != u; ++i)
      s.set_content(n, *i);
    s.set_content(n, h);
    n.seen = true;
    n.unknown_updates = std::move(later);
    return;
  }
  auto expected = acceptable(n);
  // An earlier content is a stale read while the latest write has not been
  // shown yet (a lagging replica or cache), and a lost update once it has:
  // the service held the write and then went back on it.
  auto kind = violation_class::corrupt_content;
  if (std::find(n.history.begin(), n.history.end(), h) != n.history.end())
    kind = n.seen ? violation_class::lost_update : violation_class::stale_read;
  out.push_back(make(kind, op, n.id, std::move(expected), h, status, shard));
}

void consistency_checker::check_read(account_state& s, operation op,
                                     std::string_view nid,
                                     const std::optional<content_hash>& h,
                                     std::string_view shard,
                                     std::vector<violation>& out) const {
  auto* n = s.find(nid);
  if (n == nullptr) {
    if (h && s.was_deleted(nid))
      out.push_back(make(violation_class::resurrected_note, op,
                         nid, {}, h, 200, shard));
    return;
  }
  if (!h) {
    if (n->delete_unknown)
      s.remove_note(nid);
    else
      out.push_back(make(violation_class::missing_note, op,
                         nid, acceptable(*n), std::nullopt, 404, shard));
    return;
  }
  check_content(s, *n, *h, op, shard, out);
}

void consistency_checker::account_lost(account_state& s, std::string_view shard,
                                       std::vector<violation>& out) const {
  for (const auto& n : s.notes)
    out.push_back(make(violation_class::missing_note, operation::login, n.id,
                       acceptable(n), std::nullopt, 401, shard));
  s.notes.clear();
  s.unknown_creates.clear();
  s.deleted.clear();
  s.id.clear();
  s.token.clear();
}

void consistency_checker::check_list(account_state& s,
                                     const protocol::note_list& list,
                                     std::string_view shard,
                                     std::vector<violation>& out) const {
  std::unordered_map<std::string_view, content_hash> listed;
  listed.reserve(list.notes.size());
  for (auto& x : list.notes)
    listed.emplace(x.id, protocol::hash_content(x.content));
  std::vector<std::string> gone;
  for (auto& n : s.notes) {
    auto i = listed.find(n.id);
    if (i == listed.end()) {
      if (n.delete_unknown)
        gone.push_back(n.id);
      else
        out.push_back(make(violation_class::missing_note,
                           operation::list_notes, n.id, acceptable(n),
                           std::nullopt, 200, shard));
      continue;
    }
    check_content(s, n, i->second, operation::list_notes, shard, out);
    listed.erase(i);
  }
  for (auto& nid : gone)
    s.remove_note(nid);
  // What is left was not known: an adopted create of unknown outcome, or
  // something that should not be there. Walk the list to keep its order.
  for (auto& x : list.notes) {
    auto i = listed.find(x.id);
    if (i == listed.end())
      continue;
    if (s.take_unknown_create(i->second))
      s.add_note(x.id, i->second).seen = true;
    else
      out.push_back(make(s.was_deleted(x.id)
                           ? violation_class::resurrected_note
                           : violation_class::unexpected_note,
                         operation::list_notes, x.id, {}, i->second, 200,
                         shard));
    listed.erase(i);
  }
  // A create of unknown outcome that this list does not show did not happen.
  s.unknown_creates.clear();
}

} // namespace throng::actors
