#pragma once

// The crowd of a run: its account actors in the order they joined, added to
// and removed from the ticker's schedule as the load asks.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>
#include <vector>

#include <caf/actor.hpp>

#include "actors/crowd_controls.hpp"
#include "actors/messages.hpp"
#include "actors/population_slot.hpp"
#include "control/run_controller.hpp"
#include "model/account_indexes.hpp"
#include "model/tick_inbox.hpp"

namespace throng::actors {

/// What a crowd is made of: the run's populations and what decides which
/// one an account joins.
struct crowd_plan {
  /// The run's populations, in order (owned by crowd_controls).
  std::vector<const population_slot*> populations;
  std::size_t accounts = 0;      // the run's accounts, for population_of()
  std::size_t account_limit = 0; // account indexes stay below it
  model::account_indexes indexes; // which index each account made gets
  bool closed = false;           // the closed model: accounts pace themselves
  /// The open model: where each account's tick_inbox is made, by whoever
  /// outlives the accounts and the ticker; nullptr where no ticker runs.
  std::deque<model::tick_inbox>* inboxes = nullptr;
};

/// The crowd of a run: the account actors it spawned and that have not
/// left, in the order they joined (removal takes the last). Each account
/// gets the next index of the plan's `indexes` (never reused) and the
/// population population_of() gives it, or the one it is added for; its
/// place in the ticker's schedule is the order it was made in. In the open
/// model the accounts join the ticker's schedule (held until the ticker
/// starts) and leave it when removed; in the closed model they start
/// pacing themselves (once the crowd has started) and are retired when
/// removed. Lives on the run coordinator's thread; not thread-safe. Sends with anon_send, so it needs
/// no actor of its own.
class crowd {
public:
  /// Spawns the actor of account number `index`, of population `pop`, its
  /// ticks in `inbox` (nullptr in the closed model).
  using spawner = std::function<caf::actor(std::uint32_t index, const population_slot& pop,
                                           model::tick_inbox* inbox)>;

  /// A crowd of `plan` that reports the indexes it gives out to
  /// `controls`, spawns its accounts with `spawn` and says on `log` when it
  /// runs out of indexes. `controls` and `log` must outlive it.
  crowd(crowd_plan plan, crowd_controls& controls, spawner spawn, std::ostream& log);

  /// Adds `n` accounts, of population `only`, or each of the population
  /// population_of() gives its index when `only` is null. Past the account
  /// limit, says so once on the log and adds what fits.
  void add(std::size_t n, const population_slot* only);

  /// Removes the `n` most recently added accounts (all if there are fewer)
  /// and returns how many it removed. Each stops once its request in
  /// flight is answered.
  std::size_t remove(std::size_t n);

  /// The measured run begins with `ticker` as its clock: the accounts held
  /// so far join its schedule (open model) or start pacing themselves
  /// (closed model), as do those added from now on.
  void start(caf::actor ticker);

  /// Returns the accounts, in the order they joined.
  std::vector<caf::actor> accounts() const;

  /// Returns how many accounts the crowd has.
  std::size_t size() const noexcept { return members_.size(); }

  /// Sets the crowd's part of `s`: the accounts, by population and by
  /// behaviour.
  void count(control::crowd_status& s) const;

  /// Ends every account at once (an exit message) and lets go of the
  /// ticker; the crowd is empty afterwards.
  void stop();

private:
  // 16 bytes: a million of them are the crowd's own share of its memory.
  struct member {
    std::uint32_t slot;       // the order it was made in: its place in the ticker's schedule
    std::uint32_t population; // its index in populations_
    caf::actor actor;
  };

  /// Returns the population of the account of `index`.
  const population_slot* next_population(std::uint32_t index,
                                         const population_slot* only) const;
  /// Returns the index of `pop` in populations_, adding it if it is new.
  std::uint32_t population_index(const population_slot* pop);
  /// Sends the accounts of `join` to the ticker, or holds them until it starts.
  void join_ticker(ticker_join join);

  crowd_plan plan_;
  std::vector<model::population_spec> specs_; // of plan_.populations, for population_of()
  crowd_controls& controls_;
  spawner spawn_;
  std::ostream& log_;
  std::vector<member> members_;
  std::vector<const population_slot*> populations_; // of the members, by index
  std::vector<std::size_t> live_;                    // accounts alive, by population index
  std::uint32_t made_ = 0; // accounts made so far
  bool told_used_up_ = false;
  caf::actor ticker_;  // set by start()
  ticker_join held_;   // open model: the accounts added before start()
};

} // namespace throng::actors
