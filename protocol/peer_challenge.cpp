// Nonces and HMAC-SHA256 proofs of the peer challenge (peer_challenge.hpp).

#include "protocol/peer_challenge.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "protocol/content_hash.hpp"
#include "protocol/digits.hpp"

namespace throng::protocol {

namespace {

constexpr std::size_t nonce_bytes = 32;
constexpr std::size_t sha256_block_bytes = 64;

// Names this encoding, so that a proof made for another purpose under the
// same secret cannot stand in for a challenge proof.
constexpr std::string_view proof_label = "throng peer challenge v1";

// Appends `field` as a netstring ("5:hello,"): its length says where it
// ends, whatever bytes it holds.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

} // namespace

std::string make_nonce() {
  std::array<std::uint8_t, nonce_bytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    std::abort();
  return to_hex(bytes);
}

bool nonce_valid(std::string_view text) {
  if (text.size() != nonce_bytes * 2)
    return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

std::string challenge_proof(std::string_view secret, std::string_view role,
                            std::string_view their_nonce, std::string_view own_nonce) {
  std::string message;
  append_field(message, proof_label);
  append_field(message, role);
  append_field(message, their_nonce);
  append_field(message, own_nonce);
  return hmac_sha256_hex(secret, message);
}

bool proof_matches(std::string_view expected, std::string_view given) {
  if (expected.empty() || expected.size() != given.size())
    return false;
  return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  // HMAC replaces a key longer than SHA-256's block with its digest (RFC
  // 2104); doing it here keeps every key's length within HMAC()'s int.
  content_hash long_key_digest{};
  if (key.size() > sha256_block_bytes) {
    long_key_digest = hash_content(key);
    key = {reinterpret_cast<const char*>(long_key_digest.data()), long_key_digest.size()};
  }
  // An empty string_view may hold a null pointer, which HMAC() would take
  // for "no key" rather than the empty key.
  auto bytes = [](std::string_view text) {
    static constexpr unsigned char nothing = 0;
    return text.empty() ? &nothing : reinterpret_cast<const unsigned char*>(text.data());
  };
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), bytes(key), static_cast<int>(key.size()), bytes(message),
           message.size(), mac.data(), &len)
        == nullptr
      || len != 32)
    std::abort();
  return to_hex(std::span<const std::uint8_t>{mac.data(), len});
}

} // namespace throng::protocol
