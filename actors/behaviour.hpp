#pragma once

#include "actors/account_state.hpp"
#include "actors/rng.hpp"
#include "protocol/operation.hpp"

namespace throng::actors {

/// What an account does next: a policy that reads (never writes) the
/// account's state. One behaviour object serves every account of its
/// population, so it keeps no per-account data; it must be safe to call from
/// several threads at once (it is const).
class behaviour {
public:
  virtual ~behaviour() = default;

  /// Returns the operation an account in state `s` does next, drawing any
  /// randomness from `r`. Called only for an account that is signed up and
  /// logged in; the account itself handles signing up and logging in.
  virtual protocol::operation next(const account_state& s, rng& r) const = 0;
};

} // namespace throng::actors
