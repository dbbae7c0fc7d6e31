// The live migrator and its bugs (migrator.hpp).

#include "server/migrator.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "server/ids.hpp"

namespace throng::server {

namespace {

using clock = std::chrono::steady_clock;

constexpr std::size_t batch_size = 256;

} // namespace

std::string_view to_string(migration_bug b) noexcept {
  switch (b) {
    case migration_bug::none:
      return "none";
    case migration_bug::lose_writes_during_copy:
      return "lose-writes-during-copy";
    case migration_bug::stale_after_cutover:
      return "stale-after-cutover";
  }
  return "none";
}

protocol::result<migration_bug> parse_migration_bug(std::string_view name) {
  for (auto b : {migration_bug::none, migration_bug::lose_writes_during_copy,
                 migration_bug::stale_after_cutover})
    if (to_string(b) == name)
      return b;
  return protocol::decode_error{
    "--migration-bug '" + std::string{name}
    + "': unknown (known: none, lose-writes-during-copy, stale-after-cutover)"};
}

std::string_view to_string(migration_status::state s) noexcept {
  switch (s) {
    case migration_status::state::running:
      return "running";
    case migration_status::state::done:
      return "done";
    case migration_status::state::failed:
      return "failed";
  }
  return "failed";
}

migrator::migrator(store& st, migration_bug bug, windows w)
  : store_(st), bug_(bug), windows_(w) {
}

migrator::~migrator() {
  stop();
}

protocol::result<migration_status, migrator::refusal>
migrator::start(const migration_request& req) {
  auto shards = store_.shard_count();
  if (req.from >= shards || req.to >= shards)
    return refusal{400, "no such shard: there are " + std::to_string(shards)
                          + " (shard-0 to " + shard_name(shards - 1) + ")"};
  if (req.from == req.to)
    return refusal{400, "'from' and 'to' name the same shard"};
  if (req.accounts && *req.accounts == 0)
    return refusal{400, "field 'accounts': must be \"all\" or at least 1"};
  if (!std::isfinite(req.rate) || req.rate <= 0 || req.rate > 1e6)
    return refusal{400, "field 'rate': must be a number of accounts per "
                        "second above 0 (at most 1000000)"};
  std::lock_guard serial{start_mutex_};
  std::size_t index = 0;
  {
    std::lock_guard guard{mutex_};
    if (stopping_)
      return refusal{409, "the service is stopping"};
    for (const auto& m : migrations_)
      if (m.now == migration_status::state::running)
        return refusal{409, "migration " + m.id + " is still running"};
  }
  // The previous migration has finished; its thread is about to end.
  if (worker_.joinable())
    worker_.join();
  auto usage = store_.usage();
  if (!usage)
    return refusal{500, "storage failed"};
  migration_status s;
  s.from = req.from;
  s.to = req.to;
  auto on_source = (*usage)[req.from].accounts;
  s.remaining = req.accounts ? std::min<std::uint64_t>(*req.accounts, on_source)
                             : on_source;
  {
    std::lock_guard guard{mutex_};
    index = migrations_.size();
    s.id = 'm' + std::to_string(index + 1);
    migrations_.push_back(s);
  }
  worker_ = std::thread{[this, index, req] { run(index, req); }};
  return s;
}

std::optional<migration_status> migrator::status(std::string_view id) const {
  std::lock_guard guard{mutex_};
  for (const auto& m : migrations_)
    if (m.id == id)
      return m;
  return std::nullopt;
}

std::vector<migration_status> migrator::all() const {
  std::lock_guard guard{mutex_};
  return migrations_;
}

std::optional<stale_copy> migrator::stale_view(std::string_view aid) const {
  std::lock_guard guard{stale_mutex_};
  auto i = stale_.find(std::string{aid});
  if (i == stale_.end() || clock::now() >= i->second.second)
    return std::nullopt;
  return i->second.first;
}

void migrator::stop() {
  std::lock_guard serial{start_mutex_};
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable())
    worker_.join();
}

bool migrator::wait_until(clock::time_point t) {
  std::unique_lock guard{mutex_};
  return !wake_.wait_until(guard, t, [this] { return stopping_; });
}

void migrator::update(std::size_t index, std::uint64_t moved,
                      std::uint64_t remaining) {
  std::lock_guard guard{mutex_};
  migrations_[index].moved = moved;
  migrations_[index].remaining = remaining;
}

void migrator::finish(std::size_t index, migration_status::state s,
                      std::string error) {
  std::lock_guard guard{mutex_};
  migrations_[index].now = s;
  migrations_[index].error = std::move(error);
  if (s == migration_status::state::done)
    migrations_[index].remaining = 0;
}

bool migrator::install_due(std::vector<pending_copy>& copies, std::size_t to,
                           bool all) {
  while (!copies.empty()) {
    auto& first = copies.front();
    if (first.due > clock::now()) {
      if (!all)
        return true;
      if (!wait_until(first.due))
        return false;
    }
    if (!store_.move_account(first.aid, to)
        || !store_.replace_notes(first.aid, first.notes))
      return false;
    copies.erase(copies.begin());
  }
  return true;
}

bool migrator::move(const std::string& aid, const migration_request& req,
                    std::vector<pending_copy>& copies) {
  switch (bug()) {
    case migration_bug::none:
      return static_cast<bool>(store_.move_account(aid, req.to));
    case migration_bug::lose_writes_during_copy: {
      auto notes = store_.list_notes(aid);
      if (!notes)
        return false;
      copies.push_back({aid, std::move(*notes), clock::now() + windows_.copy});
      return true;
    }
    case migration_bug::stale_after_cutover: {
      auto notes = store_.list_notes(aid);
      if (!notes)
        return false;
      stale_copy copy{store_.shard_of(aid), std::move(*notes)};
      if (!store_.move_account(aid, req.to))
        return false;
      std::lock_guard guard{stale_mutex_};
      auto now = clock::now();
      std::erase_if(stale_, [now](const auto& entry) {
        return entry.second.second <= now;
      });
      stale_.insert_or_assign(aid, std::pair{std::move(copy),
                                             now + windows_.stale});
      return true;
    }
  }
  return false;
}

void migrator::run(std::size_t index, migration_request req) {
  using state = migration_status::state;
  store_.set_accepting(req.from, false);
  store_.set_accepting(req.to, true);
  std::uint64_t total = 0;
  {
    std::lock_guard guard{mutex_};
    total = migrations_[index].remaining;
  }
  auto interval = std::chrono::duration_cast<clock::duration>(
    std::chrono::duration<double>(1.0 / req.rate));
  auto next = clock::now();
  std::uint64_t moved = 0;
  std::vector<pending_copy> copies;
  auto fail = [&](std::string why) {
    if (req.accounts)
      store_.set_accepting(req.from, true);
    finish(index, state::failed, std::move(why));
  };
  while (!req.accounts || moved < *req.accounts) {
    auto batch = store_.accounts_on(req.from, batch_size);
    if (!batch)
      return fail("storage failed");
    // Accounts whose copy window is open are still on the source shard.
    std::unordered_set<std::string> copying;
    for (const auto& c : copies)
      copying.insert(c.aid);
    std::erase_if(*batch, [&](const auto& aid) { return copying.count(aid) > 0; });
    if (batch->empty()) {
      if (copies.empty())
        break;
      if (!install_due(copies, req.to, true))
        return fail("stopped");
      continue;
    }
    for (const auto& aid : *batch) {
      if (req.accounts && moved >= *req.accounts)
        break;
      if (!wait_until(next))
        return fail("stopped");
      // A migration that fell behind goes on at its rate, not in a burst.
      next = std::max(next + interval, clock::now() - interval);
      if (!install_due(copies, req.to, false) || !move(aid, req, copies))
        return fail("storage failed");
      ++moved;
      update(index, moved, total > moved ? total - moved : 0);
    }
  }
  if (!install_due(copies, req.to, true))
    return fail("stopped");
  if (req.accounts)
    store_.set_accepting(req.from, true);
  finish(index, state::done, {});
}

} // namespace throng::server
