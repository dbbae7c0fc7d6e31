// SHA-256 through OpenSSL's EVP API (content_hash.hpp).

#include "protocol/content_hash.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>

#include <openssl/evp.h>

namespace throng::protocol {

namespace {

// SHA-256, fetched once for the process: EVP_sha256() looks the algorithm
// up in OpenSSL's provider store at every use, which costs more than
// hashing a note of 128 bytes.
const EVP_MD* sha256() {
  static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md{
    EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free};
  if (!md)
    std::abort();
  return md.get();
}

// A digest context of this thread's own, reused hash after hash.
EVP_MD_CTX* this_thread_context() {
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{
    EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  if (!ctx)
    std::abort();
  return ctx.get();
}

} // namespace

content_hash hash_content(std::string_view content) {
  content_hash h{};
  unsigned int len = 0;
  EVP_MD_CTX* ctx = this_thread_context();
  if (EVP_DigestInit_ex2(ctx, sha256(), nullptr) != 1
      || EVP_DigestUpdate(ctx, content.data(), content.size()) != 1
      || EVP_DigestFinal_ex(ctx, h.data(), &len) != 1 || len != h.size())
    std::abort();
  return h;
}

content_fingerprint fingerprint_of(const content_hash& h) noexcept {
  content_fingerprint f = 0;
  std::memcpy(&f, h.data(), sizeof f);
  return f;
}

} // namespace throng::protocol
