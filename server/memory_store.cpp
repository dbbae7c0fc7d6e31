// The in-memory store (memory_store.hpp).

#include "server/memory_store.hpp"

#include <cassert>
#include <tuple>
#include <utility>

#include "server/ids.hpp"

namespace throng::server {

memory_store::memory_store(std::size_t shards) : placement_(shards) {
  assert(shards > 0);
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i)
    shards_.push_back(std::make_unique<shard>());
}

const memory_store::account_record*
memory_store::find_record(std::string_view aid) const {
  std::shared_lock guard{accounts_mutex_};
  auto i = records_.find(aid);
  return i == records_.end() ? nullptr : &i->second;
}

std::optional<memory_store::locked_notes>
memory_store::lock_notes(std::string_view aid) {
  const auto* rec = find_record(aid);
  if (rec == nullptr)
    return std::nullopt;
  for (;;) {
    auto index = rec->shard.load();
    auto& sh = *shards_[index];
    std::unique_lock lock{sh.mutex};
    // A move may have taken the account away between the load and the lock.
    if (rec->shard.load() != index)
      continue;
    auto i = sh.notes.find(aid);
    if (i == sh.notes.end())
      return std::nullopt;
    return locked_notes{std::move(lock), &i->second};
  }
}

std::optional<memory_store::locked_note>
memory_store::lock_note(std::string_view aid, std::string_view nid) {
  auto n = parse_note_id(nid);
  auto notes = n ? lock_notes(aid) : std::nullopt;
  if (!notes)
    return std::nullopt;
  auto i = notes->notes->find(*n);
  if (i == notes->notes->end())
    return std::nullopt;
  return locked_note{std::move(*notes), i};
}

std::string memory_store::shard_of(std::string_view aid) const {
  const auto* rec = find_record(aid);
  return shard_name(rec != nullptr ? rec->shard.load()
                                   : placement_shard(aid, shards_.size()));
}

store_result<std::string> memory_store::create_account(std::string_view name,
                                                       std::string secret) {
  std::unique_lock guard{accounts_mutex_};
  if (logins_.find(name) != logins_.end())
    return store_error::name_taken;
  auto id = make_account_id(++accounts_created_);
  auto index = placement_.pick(id);
  {
    // The notes entry exists before the account is visible to anyone.
    auto& sh = *shards_[index];
    std::lock_guard shard_guard{sh.mutex};
    sh.notes.emplace(id, note_map{});
  }
  records_.emplace(std::piecewise_construct, std::forward_as_tuple(id),
                   std::forward_as_tuple(std::string{name}, index));
  logins_.emplace(std::string{name}, login_record{id, std::move(secret)});
  return id;
}

store_result<login_record> memory_store::find_login(std::string_view name) {
  std::shared_lock guard{accounts_mutex_};
  auto i = logins_.find(name);
  if (i == logins_.end())
    return store_error::not_found;
  return i->second;
}

store_result<protocol::account_info>
memory_store::find_account(std::string_view aid) {
  protocol::account_info info;
  {
    std::shared_lock guard{accounts_mutex_};
    auto i = records_.find(aid);
    if (i == records_.end())
      return store_error::not_found;
    info.id = i->first;
    info.name = i->second.name;
  }
  if (auto notes = lock_notes(aid))
    info.note_count = static_cast<std::int64_t>(notes->notes->size());
  return info;
}

store_result<protocol::account_info>
memory_store::rename_account(std::string_view aid, std::string_view name) {
  {
    std::unique_lock guard{accounts_mutex_};
    auto i = records_.find(aid);
    if (i == records_.end())
      return store_error::not_found;
    auto& old_name = i->second.name;
    if (old_name != name) {
      if (logins_.find(name) != logins_.end())
        return store_error::name_taken;
      auto login = logins_.extract(old_name);
      login.key() = std::string{name};
      logins_.insert(std::move(login));
      old_name = std::string{name};
    }
  }
  return find_account(aid);
}

store_result<done> memory_store::add_token(std::string token,
                                           std::string_view aid) {
  std::unique_lock guard{tokens_mutex_};
  tokens_.insert_or_assign(std::move(token), std::string{aid});
  return done{};
}

store_result<std::string>
memory_store::token_account(std::string_view token) {
  std::shared_lock guard{tokens_mutex_};
  auto i = tokens_.find(token);
  if (i == tokens_.end())
    return store_error::not_found;
  return i->second;
}

store_result<std::string> memory_store::revoke_token(std::string_view token) {
  std::unique_lock guard{tokens_mutex_};
  auto i = tokens_.find(token);
  if (i == tokens_.end())
    return store_error::not_found;
  auto aid = std::move(i->second);
  tokens_.erase(i);
  return aid;
}

store_result<protocol::note> memory_store::create_note(std::string_view aid,
                                                       std::string content) {
  auto notes = lock_notes(aid);
  if (!notes)
    return store_error::not_found;
  auto n = ++notes_created_;
  notes->notes->emplace(n, content);
  return protocol::note{make_note_id(n), std::move(content)};
}

store_result<protocol::note> memory_store::find_note(std::string_view aid,
                                                     std::string_view nid) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  return protocol::note{std::string{nid}, note->at->second};
}

store_result<protocol::note> memory_store::update_note(std::string_view aid,
                                                       std::string_view nid,
                                                       std::string content) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  note->at->second = content;
  return protocol::note{std::string{nid}, std::move(content)};
}

store_result<done> memory_store::delete_note(std::string_view aid,
                                             std::string_view nid) {
  auto note = lock_note(aid, nid);
  if (!note)
    return store_error::not_found;
  note->notes.notes->erase(note->at);
  return done{};
}

store_result<protocol::note_list>
memory_store::list_notes(std::string_view aid) {
  auto notes = lock_notes(aid);
  if (!notes)
    return store_error::not_found;
  protocol::note_list out;
  out.notes.reserve(notes->notes->size());
  for (const auto& [n, content] : *notes->notes)
    out.notes.push_back(protocol::note{make_note_id(n), content});
  return out;
}

std::size_t memory_store::shard_count() const noexcept {
  return shards_.size();
}

void memory_store::set_accepting(std::size_t index, bool accepting) {
  placement_.set_open(index, accepting);
}

store_result<std::vector<shard_usage>> memory_store::usage() {
  std::vector<shard_usage> out;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    auto& sh = *shards_[i];
    std::lock_guard guard{sh.mutex};
    shard_usage u{shard_name(i), sh.notes.size(), 0};
    for (const auto& entry : sh.notes)
      u.notes += entry.second.size();
    out.push_back(std::move(u));
  }
  return out;
}

store_result<std::vector<std::string>>
memory_store::accounts_on(std::size_t index, std::size_t limit) {
  std::vector<std::string> out;
  if (index >= shards_.size())
    return out;
  auto& sh = *shards_[index];
  std::lock_guard guard{sh.mutex};
  for (const auto& entry : sh.notes) {
    if (out.size() >= limit)
      break;
    out.push_back(entry.first);
  }
  return out;
}

store_result<done> memory_store::move_account(std::string_view aid,
                                              std::size_t to) {
  const auto* rec = find_record(aid);
  if (rec == nullptr || to >= shards_.size())
    return store_error::not_found;
  for (;;) {
    auto from = rec->shard.load();
    if (from == to)
      return done{};
    auto& src = *shards_[from];
    auto& dst = *shards_[to];
    std::scoped_lock guard{src.mutex, dst.mutex};
    if (rec->shard.load() != from)
      continue;
    auto i = src.notes.find(aid);
    if (i == src.notes.end())
      return store_error::not_found;
    dst.notes.insert(src.notes.extract(i));
    rec->shard.store(to);
    return done{};
  }
}

store_result<done>
memory_store::replace_notes(std::string_view aid,
                            const protocol::note_list& notes) {
  auto locked = lock_notes(aid);
  if (!locked)
    return store_error::not_found;
  note_map replacement;
  for (const auto& n : notes.notes)
    if (auto k = parse_note_id(n.id))
      replacement.emplace(*k, n.content);
  *locked->notes = std::move(replacement);
  return done{};
}

} // namespace throng::server
