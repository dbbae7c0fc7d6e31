#pragma once

// The id scheme and shard placement rule shared by every store, so that
// the same account and note get the same ids and shard whatever the back
// end. Plain functions, thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::server {

/// Returns the id of the n-th account created: "a" and n in base 36.
std::string make_account_id(std::uint64_t n);

/// Returns the id of the n-th note created: "n" and n in base 36.
std::string make_note_id(std::uint64_t n);

/// Returns the number a note id names, or nullopt for a string that is not
/// exactly what make_note_id gives (so "n01" never aliases "n1").
std::optional<std::uint64_t> parse_note_id(std::string_view nid);

/// Returns the number an account id names, or nullopt for a string that is
/// not exactly what make_account_id gives (so "a01" never aliases "a1").
std::optional<std::uint64_t> parse_account_id(std::string_view aid);

/// Returns FNV-1a (64 bits) of account id `aid` mod `shards` (at least 1):
/// the hash behind shard_placement. Unlike std::hash, the same on every
/// platform and run.
std::size_t placement_shard(std::string_view aid, std::size_t shards) noexcept;

/// Returns the name of shard `index`: "shard-0", "shard-1", ...
std::string shard_name(std::size_t index);

} // namespace throng::server
