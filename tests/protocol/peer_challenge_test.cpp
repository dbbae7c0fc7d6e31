// Tests of the peer challenge: HMAC-SHA256 against RFC 4231, known proofs,
// role separation, nonces and the constant-time comparison.

#include "protocol/peer_challenge.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

using namespace throng::protocol;

namespace {

const std::string secret = "correct horse battery staple";
const std::string nonce_a(
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
const std::string nonce_b(
  "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");

} // namespace

TEST(peer_challenge, hmac_matches_rfc_4231) {
  // Test case 1: a 20-byte key of 0x0b.
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: a key shorter than the digest.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a 131-byte key, longer than SHA-256's block.
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(peer_challenge, hmac_takes_empty_key_and_message) {
  // `openssl dgst -sha256 -hmac ''` of empty input.
  EXPECT_EQ(hmac_sha256_hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(peer_challenge, proofs_have_known_values) {
  // Computed once with OpenSSL's command line, from the encoding
  // peer_challenge.cpp documents (netstrings of label, role, their nonce,
  // own nonce):
  //   printf '24:throng peer challenge v1,6:worker,64:%s,64:%s,' A B |
  //     openssl dgst -sha256 -hmac 'correct horse battery staple'
  // with A = nonce_a, B = nonce_b (and 11:coordinator for the other).
  EXPECT_EQ(challenge_proof(secret, worker_role, nonce_a, nonce_b),
            "b60e7156dcb9c06b4eeb7e09359db05b1dd08bc38386de0fe6170a9bda189df8");
  EXPECT_EQ(challenge_proof(secret, coordinator_role, nonce_a, nonce_b),
            "7d37670bcc2a2c202395233aa95bd79fa3bae63e15731f9d3f22dd98ef7b7c3c");
}

TEST(peer_challenge, roles_and_nonce_order_give_different_proofs) {
  // Step 2's proof (worker, coordinator's nonce, worker's nonce) must not
  // serve as step 3's (coordinator, worker's nonce, coordinator's nonce)
  // for either order of the nonces.
  auto worker = challenge_proof(secret, worker_role, nonce_a, nonce_b);
  EXPECT_NE(worker, challenge_proof(secret, coordinator_role, nonce_b, nonce_a));
  EXPECT_NE(worker, challenge_proof(secret, coordinator_role, nonce_a, nonce_b));
  EXPECT_NE(worker, challenge_proof(secret, worker_role, nonce_b, nonce_a));
  EXPECT_NE(worker, challenge_proof(secret + "x", worker_role, nonce_a, nonce_b));
  // Fields whose concatenation, or whose comma-joined text, is the same
  // still give different proofs.
  EXPECT_NE(challenge_proof(secret, "ab", "c", "d"), challenge_proof(secret, "a", "bc", "d"));
  EXPECT_NE(challenge_proof(secret, "a,b", "c", "d"), challenge_proof(secret, "a", "b,c", "d"));
}

TEST(peer_challenge, proofs_are_hex_and_repeatable) {
  auto proof = challenge_proof(secret, worker_role, nonce_a, nonce_b);
  EXPECT_EQ(proof, challenge_proof(secret, worker_role, nonce_a, nonce_b));
  EXPECT_TRUE(nonce_valid(proof)); // 64 lower-case hex digits, like a nonce
}

TEST(peer_challenge, nonces_are_valid_and_unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto nonce = make_nonce();
    ASSERT_TRUE(nonce_valid(nonce)) << nonce;
    seen.insert(std::move(nonce));
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(peer_challenge, nonce_valid_refuses_hostile_input) {
  EXPECT_TRUE(nonce_valid(nonce_a));
  EXPECT_FALSE(nonce_valid(""));
  EXPECT_FALSE(nonce_valid(nonce_a.substr(1)));
  EXPECT_FALSE(nonce_valid(nonce_a + "0"));
  EXPECT_FALSE(nonce_valid(std::string(64, 'A')));
  EXPECT_FALSE(nonce_valid(std::string(63, 'a') + "g"));
  EXPECT_FALSE(nonce_valid(std::string(63, 'a') + " "));
  EXPECT_FALSE(nonce_valid(std::string(63, 'a') + '\0'));
  EXPECT_FALSE(nonce_valid(std::string(63, 'a') + "\xff"));
  EXPECT_FALSE(nonce_valid(std::string(1 << 20, 'a')));
}

TEST(peer_challenge, proof_matches_compares_whole_strings) {
  auto proof = challenge_proof(secret, worker_role, nonce_a, nonce_b);
  auto other = proof;
  other.back() = other.back() == '0' ? '1' : '0';
  EXPECT_TRUE(proof_matches(proof, proof));
  EXPECT_FALSE(proof_matches(proof, other));
  EXPECT_FALSE(proof_matches(proof, proof.substr(0, 63)));
  EXPECT_FALSE(proof_matches(proof, proof + "0"));
  EXPECT_FALSE(proof_matches(proof, ""));
  EXPECT_FALSE(proof_matches("", ""));
  EXPECT_FALSE(proof_matches(proof, std::string(64, '\0')));
}
