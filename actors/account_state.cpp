#include "actors/account_state.hpp"

#include <algorithm>
#include <utility>

namespace throng::actors {

namespace {

template <class T>
void push_bounded(std::vector<T>& v, T x, std::size_t depth) {
  if (v.size() == depth)
    v.erase(v.begin());
  v.push_back(std::move(x));
}

} // namespace

known_note* account_state::find(std::string_view nid) noexcept {
  auto i = std::find_if(notes.begin(), notes.end(),
                        [nid](const known_note& n) { return n.id == nid; });
  return i == notes.end() ? nullptr : &*i;
}

const known_note* account_state::find(std::string_view nid) const noexcept {
  return const_cast<account_state*>(this)->find(nid);
}

known_note& account_state::add_note(std::string nid,
                                    const protocol::content_hash& h) {
  auto& n = notes.emplace_back();
  n.id = std::move(nid);
  n.hash = h;
  return n;
}

void account_state::set_content(known_note& n, const protocol::content_hash& h) {
  if (n.hash == h)
    return;
  auto old = std::exchange(n.hash, h);
  n.seen = false;
  remember(n, old);
}

void account_state::remember(known_note& n, const protocol::content_hash& h) {
  if (h == n.hash || std::find(n.history.begin(), n.history.end(), h) != n.history.end())
    return;
  push_bounded(n.history, h, history_depth);
}

void account_state::remove_note(std::string_view nid) {
  auto i = std::find_if(notes.begin(), notes.end(),
                        [nid](const known_note& n) { return n.id == nid; });
  if (i == notes.end())
    return;
  push_bounded(deleted, std::move(i->id), deleted_depth);
  notes.erase(i);
}

void account_state::add_unknown_update(known_note& n,
                                       const protocol::content_hash& h) {
  push_bounded(n.unknown_updates, h, history_depth);
}

void account_state::add_unknown_create(const protocol::content_hash& h) {
  push_bounded(unknown_creates, h, unknown_create_depth);
}

bool account_state::take_unknown_create(const protocol::content_hash& h) {
  auto i = std::find(unknown_creates.begin(), unknown_creates.end(), h);
  if (i == unknown_creates.end())
    return false;
  unknown_creates.erase(i);
  return true;
}

bool account_state::was_deleted(std::string_view nid) const noexcept {
  return std::find(deleted.begin(), deleted.end(), nid) != deleted.end();
}

} // namespace throng::actors
