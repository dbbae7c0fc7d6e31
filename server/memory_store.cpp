#include "server/memory_store.hpp"

#include <cassert>
#include <utility>

#include "server/ids.hpp"

namespace throng::server {

memory_store::memory_store(std::size_t shards) {
  assert(shards > 0);
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i)
    shards_.push_back(std::make_unique<shard>());
}

std::size_t memory_store::shard_index(std::string_view aid) const noexcept {
  return placement_shard(aid, shards_.size());
}

memory_store::shard& memory_store::shard_for(std::string_view aid) {
  return *shards_[shard_index(aid)];
}

std::string memory_store::shard_of(std::string_view aid) const {
  return shard_name(shard_index(aid));
}

store_result<std::string> memory_store::create_account(std::string_view name,
                                                       std::string secret) {
  std::unique_lock guard{accounts_mutex_};
  if (logins_.find(name) != logins_.end())
    return store_error::name_taken;
  auto id = make_account_id(++accounts_created_);
  {
    // The notes entry exists before the account is visible to anyone.
    auto& sh = shard_for(id);
    std::lock_guard shard_guard{sh.mutex};
    sh.notes.emplace(id, note_map{});
  }
  names_.emplace(id, std::string{name});
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
    auto i = names_.find(aid);
    if (i == names_.end())
      return store_error::not_found;
    info.id = i->first;
    info.name = i->second;
  }
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  if (auto i = sh.notes.find(aid); i != sh.notes.end())
    info.note_count = static_cast<std::int64_t>(i->second.size());
  return info;
}

store_result<protocol::account_info>
memory_store::rename_account(std::string_view aid, std::string_view name) {
  {
    std::unique_lock guard{accounts_mutex_};
    auto i = names_.find(aid);
    if (i == names_.end())
      return store_error::not_found;
    auto& old_name = i->second;
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
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  auto i = sh.notes.find(aid);
  if (i == sh.notes.end())
    return store_error::not_found;
  auto n = ++notes_created_;
  i->second.emplace(n, content);
  return protocol::note{make_note_id(n), std::move(content)};
}

std::string* memory_store::content_of(shard& sh, std::string_view aid,
                                      std::uint64_t n) {
  auto i = sh.notes.find(aid);
  if (i == sh.notes.end())
    return nullptr;
  auto j = i->second.find(n);
  return j == i->second.end() ? nullptr : &j->second;
}

store_result<protocol::note> memory_store::find_note(std::string_view aid,
                                                     std::string_view nid) {
  auto n = parse_note_id(nid);
  if (!n)
    return store_error::not_found;
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  auto* content = content_of(sh, aid, *n);
  if (content == nullptr)
    return store_error::not_found;
  return protocol::note{std::string{nid}, *content};
}

store_result<protocol::note> memory_store::update_note(std::string_view aid,
                                                       std::string_view nid,
                                                       std::string content) {
  auto n = parse_note_id(nid);
  if (!n)
    return store_error::not_found;
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  auto* slot = content_of(sh, aid, *n);
  if (slot == nullptr)
    return store_error::not_found;
  *slot = content;
  return protocol::note{std::string{nid}, std::move(content)};
}

store_result<done> memory_store::delete_note(std::string_view aid,
                                             std::string_view nid) {
  auto n = parse_note_id(nid);
  if (!n)
    return store_error::not_found;
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  auto i = sh.notes.find(aid);
  if (i == sh.notes.end() || i->second.erase(*n) == 0)
    return store_error::not_found;
  return done{};
}

store_result<protocol::note_list>
memory_store::list_notes(std::string_view aid) {
  auto& sh = shard_for(aid);
  std::lock_guard guard{sh.mutex};
  auto i = sh.notes.find(aid);
  if (i == sh.notes.end())
    return store_error::not_found;
  protocol::note_list out;
  out.notes.reserve(i->second.size());
  for (const auto& [n, content] : i->second)
    out.notes.push_back(protocol::note{make_note_id(n), content});
  return out;
}

} // namespace throng::server
