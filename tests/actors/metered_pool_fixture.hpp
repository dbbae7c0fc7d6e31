#pragma once

// What the tests of metered_pool and of its flusher start from: a metered
// pool over a fake client pool, in an actor system with scoped actors in
// the places of an account and of the stats actor.

#include <memory>
#include <optional>
#include <utility>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "actors/metered_pool.hpp"
#include "actors/run_control.hpp"
#include "stats/shard_names.hpp"
#include "tests/actors/fake_client_pool.hpp"

namespace throng::actors::test {

/// A metered pool over a fake client pool (`fake`, owned by the pool),
/// with `account` and `stats` to receive what it sends.
struct metered_pool_fixture : ::testing::Test {
  metered_pool_fixture() : account{sys}, stats{sys} {
    auto p = std::make_unique<fake_client_pool>();
    fake = p.get();
    pool.emplace(std::move(p), control, shards);
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor account;
  caf::scoped_actor stats;
  run_control control;
  stats::shard_names shards;
  fake_client_pool* fake = nullptr;
  std::optional<metered_pool> pool;
};

} // namespace throng::actors::test
