// SHA-256 through OpenSSL's EVP API (content_hash.hpp).

#include "protocol/content_hash.hpp"

#include <cstdlib>

#include <openssl/evp.h>

namespace throng::protocol {

content_hash hash_content(std::string_view content) {
  content_hash h{};
  unsigned int len = 0;
  if (EVP_Digest(content.data(), content.size(), h.data(), &len, EVP_sha256(),
                 nullptr)
        != 1
      || len != h.size())
    std::abort();
  return h;
}

std::string to_hex(const content_hash& h) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(h.size() * 2);
  for (auto byte : h) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0f]);
  }
  return out;
}

} // namespace throng::protocol
