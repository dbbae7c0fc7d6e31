#pragma once

// The challenge a coordinator and a worker answer before any work passes
// between them: each proves it holds the shared secret without sending it.
//
// The handshake, carried by CAF messages elsewhere (actors/), is:
//   1. coordinator -> worker: its version and a fresh nonce (make_nonce);
//   2. worker -> coordinator: its version, its own fresh nonce and
//      challenge_proof(secret, worker_role, coordinator_nonce, worker_nonce);
//   3. the coordinator checks the version and that proof (proof_matches),
//      then sends challenge_proof(secret, coordinator_role, worker_nonce,
//      coordinator_nonce);
//   4. the worker checks it; only then does it take work from that peer.
// Each side draws a new nonce for every handshake and never reuses one, so a
// recorded proof answers no later challenge. Every value a peer sends is
// hostile until checked: nonce_valid first, then proof_matches.
//
// Plain functions over strings, thread-safe; OpenSSL stays inside the .cpp.

#include <string>
#include <string_view>

namespace throng::protocol {

/// The role a coordinator names in its proof.
inline constexpr std::string_view coordinator_role = "coordinator";

/// The role a worker names in its proof.
inline constexpr std::string_view worker_role = "worker";

/// The role of the session token both sides derive once the proofs hold,
/// which every later order carries: challenge_proof(secret, session_role,
/// coordinator_nonce, worker_nonce).
inline constexpr std::string_view session_role = "session";

/// Returns a fresh nonce: 32 bytes from OpenSSL's RAND_bytes as 64
/// lower-case hex digits. Aborts only if OpenSSL's generator cannot produce
/// random bytes at all (an unusable system, not a bad input).
std::string make_nonce();

/// Returns whether `text` has the shape of a nonce: exactly 64 lower-case hex
/// digits. Anything else a peer sends (upper case, spaces, NUL bytes, any
/// other length) is refused.
bool nonce_valid(std::string_view text);

/// Returns the proof that the sender in `role` holds `secret`: the HMAC-SHA256,
/// keyed with `secret`, of an encoding of `role`, `their_nonce` (the nonce
/// the other side drew) and `own_nonce` (the sender's), as 64 lower-case hex
/// digits. Each field is length-prefixed, so no two different triples share
/// an encoding: a worker's proof is never a coordinator's, and swapping the
/// nonces changes the proof. Aborts only if OpenSSL cannot compute an HMAC.
std::string challenge_proof(std::string_view secret, std::string_view role,
                            std::string_view their_nonce, std::string_view own_nonce);

/// Returns whether `given` equals `expected`, comparing the bytes in time
/// that does not depend on where they differ (CRYPTO_memcmp). False when the
/// lengths differ or `expected` is empty: an empty proof never matches.
bool proof_matches(std::string_view expected, std::string_view given);

/// Returns the HMAC-SHA256 of `message` keyed with `key` as 64 lower-case hex
/// digits: challenge_proof's primitive, exposed so that tests can check it
/// against RFC 4231's vectors. Aborts only if OpenSSL cannot compute an HMAC.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

} // namespace throng::protocol
