// SHA-256 through OpenSSL's EVP API (content_hash.hpp).

#include "protocol/content_hash.hpp"

#include <cstdlib>
#include <cstring>

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

content_fingerprint fingerprint_of(const content_hash& h) noexcept {
  content_fingerprint f = 0;
  std::memcpy(&f, h.data(), sizeof f);
  return f;
}

} // namespace throng::protocol
