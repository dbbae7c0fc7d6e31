// The placement rule of new accounts (shard_placement.hpp).

#include "server/shard_placement.hpp"

#include <cassert>

#include "server/ids.hpp"

namespace throng::server {

shard_placement::shard_placement(std::size_t shards) : open_(shards, true) {
  assert(shards > 0);
}

std::size_t shard_placement::pick(std::string_view aid) const {
  std::lock_guard guard{mutex_};
  std::size_t open = 0;
  for (bool b : open_)
    open += b ? 1 : 0;
  if (open == 0)
    return placement_shard(aid, open_.size());
  auto k = placement_shard(aid, open);
  for (std::size_t i = 0; i < open_.size(); ++i)
    if (open_[i] && k-- == 0)
      return i;
  return 0;
}

void shard_placement::set_open(std::size_t shard, bool open) {
  std::lock_guard guard{mutex_};
  if (shard < open_.size())
    open_[shard] = open;
}

} // namespace throng::server
