// An account's knowledge of itself and its notes (account_state.hpp).

#include "model/account_state.hpp"

#include <algorithm>
#include <utility>

namespace throng::model {

namespace {

template <class T>
void push_bounded(std::vector<T>& v, T x, std::size_t depth) {
  if (v.size() == depth)
    v.erase(v.begin());
  v.push_back(std::move(x));
}

} // namespace

known_note::known_note(const known_note& other)
  : id(other.id),
    hash(other.hash),
    past(other.past ? std::make_unique<note_past>(*other.past) : nullptr),
    delete_pending(other.delete_pending),
    seen(other.seen),
    indeterminate(other.indeterminate),
    content_unknown(other.content_unknown) {
}

known_note& known_note::operator=(const known_note& other) {
  if (this != &other)
    *this = known_note{other};
  return *this;
}

std::span<const protocol::content_fingerprint> known_note::history() const noexcept {
  if (!past)
    return {};
  return {past->history.data(), past->history_size};
}

std::span<const protocol::content_hash> known_note::pending() const noexcept {
  if (!past)
    return {};
  return past->pending;
}

bool known_note::was_earlier(const protocol::content_hash& h) const noexcept {
  const auto earlier = history();
  return std::find(earlier.begin(), earlier.end(), protocol::fingerprint_of(h))
         != earlier.end();
}

known_note* account_state::find(std::string_view nid) noexcept {
  auto i = std::find_if(notes.begin(), notes.end(),
                        [nid](const known_note& n) { return n.id == nid; });
  return i == notes.end() ? nullptr : &*i;
}

const known_note* account_state::find(std::string_view nid) const noexcept {
  return const_cast<account_state*>(this)->find(nid);
}

known_note& account_state::add_note(std::string_view nid,
                                    const protocol::content_hash& h) {
  // A service may give a new note the id of one deleted before.
  if (auto i = std::find(deleted.begin(), deleted.end(), nid); i != deleted.end())
    deleted.erase(i);
  if (notes.size() == notes.capacity())
    notes.reserve(notes.size() + std::max<std::size_t>(2, notes.size() / 2));
  auto& n = notes.emplace_back();
  n.id = short_string{nid};
  n.hash = h;
  return n;
}

void account_state::set_content(known_note& n, const protocol::content_hash& h) {
  n.seen = false;
  if (n.hash == h)
    return;
  const auto old = protocol::fingerprint_of(std::exchange(n.hash, h));
  if (!n.past)
    n.past = std::make_unique<note_past>();
  auto& p = *n.past;
  auto* first = p.history.data();
  auto* last = first + p.history_size;
  if (std::find(first, last, old) != last)
    return;
  if (p.history_size == history_depth) {
    std::copy(first + 1, last, first);
    --p.history_size;
  }
  p.history[p.history_size++] = old;
}

bool account_state::add_pending_update(known_note& n,
                                       const protocol::content_hash& h) {
  if (n.indeterminate)
    return false;
  if (!n.past)
    n.past = std::make_unique<note_past>();
  auto& pending = n.past->pending;
  if (pending.size() < pending_depth) {
    pending.push_back(h);
    return false;
  }
  n.indeterminate = true;
  pending.clear();
  pending.shrink_to_fit();
  return true;
}

bool account_state::take_pending_update(known_note& n,
                                        const protocol::content_hash& h) {
  if (!n.past)
    return false;
  auto& pending = n.past->pending;
  auto i = std::find(pending.begin(), pending.end(), h);
  if (i == pending.end())
    return false;
  pending.erase(i);
  return true;
}

void account_state::remove_note(std::string_view nid) {
  auto i = std::find_if(notes.begin(), notes.end(),
                        [nid](const known_note& n) { return n.id == nid; });
  if (i == notes.end())
    return;
  push_bounded(deleted, std::move(i->id), deleted_depth);
  notes.erase(i);
}

bool account_state::add_pending_create(const protocol::content_hash& h) {
  ++creates_unlisted;
  if (creates_indeterminate)
    return false;
  if (pending_creates.size() < pending_create_depth) {
    pending_creates.push_back(h);
    return false;
  }
  creates_indeterminate = true;
  pending_creates.clear();
  pending_creates.shrink_to_fit();
  return true;
}

bool account_state::take_pending_create(const protocol::content_hash& h) {
  auto i = std::find(pending_creates.begin(), pending_creates.end(), h);
  if (i == pending_creates.end())
    return false;
  pending_creates.erase(i);
  return true;
}

bool account_state::was_deleted(std::string_view nid) const noexcept {
  return std::find(deleted.begin(), deleted.end(), nid) != deleted.end();
}

void account_state::set_name(std::string n) {
  name_seen = false;
  if (n == name)
    return;
  push_bounded(old_names, name_key(name), pending_name_depth);
  name = std::move(n);
}

bool account_state::add_pending_name(std::string n) {
  if (name_indeterminate)
    return false;
  if (pending_names.size() < pending_name_depth) {
    pending_names.push_back(std::move(n));
    return false;
  }
  name_indeterminate = true;
  pending_names.clear();
  pending_names.shrink_to_fit();
  return true;
}

std::string_view account_state::login_name() const noexcept {
  const auto k = login_refusals % (pending_names.size() + 1);
  return k == 0 ? name.view() : std::string_view{pending_names[k - 1]};
}

std::uint64_t account_state::name_key(std::string_view n) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL; // FNV-1a
  for (unsigned char c : n) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

} // namespace throng::model
