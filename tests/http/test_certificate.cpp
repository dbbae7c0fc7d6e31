// Self-signed test certificates through OpenSSL (test_certificate.hpp).

#include "tests/http/test_certificate.hpp"

#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace throng::http::test {

namespace {

struct openssl_free {
  void operator()(EVP_PKEY* p) const noexcept {
    EVP_PKEY_free(p);
  }
  void operator()(EVP_PKEY_CTX* p) const noexcept {
    EVP_PKEY_CTX_free(p);
  }
  void operator()(X509* p) const noexcept {
    X509_free(p);
  }
  void operator()(X509_EXTENSION* p) const noexcept {
    X509_EXTENSION_free(p);
  }
  void operator()(BIO* p) const noexcept {
    BIO_free(p);
  }
};

template <class T>
using owned = std::unique_ptr<T, openssl_free>;

owned<EVP_PKEY> make_key() {
  owned<EVP_PKEY_CTX> ctx{EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)};
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1
      || EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1
      || EVP_PKEY_generate(ctx.get(), &key) != 1)
    return nullptr;
  return owned<EVP_PKEY>{key};
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  owned<X509_EXTENSION> ext{
    X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str())};
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

template <class Write>
std::string to_pem(Write write) {
  owned<BIO> bio{BIO_new(BIO_s_mem())};
  if (!bio || write(bio.get()) != 1)
    return {};
  std::string out(BIO_ctrl_pending(bio.get()), '\0');
  if (BIO_read(bio.get(), out.data(), static_cast<int>(out.size()))
      != static_cast<int>(out.size()))
    return {};
  return out;
}

} // namespace

tls_identity make_self_signed(const std::string& alt_names) {
  auto key = make_key();
  owned<X509> cert{X509_new()};
  if (!key || !cert)
    return {};
  auto* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>("localhost");
  if (X509_set_version(cert.get(), 2) != 1
      || ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) != 1
      || !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
      || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400)
      || X509_set_pubkey(cert.get(), key.get()) != 1
      || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0)
           != 1
      || X509_set_issuer_name(cert.get(), name) != 1
      || !add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE")
      || !add_extension(cert.get(), NID_subject_alt_name, alt_names)
      || X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
    return {};
  tls_identity id;
  id.certificate_pem = to_pem([&](BIO* b) {
    return PEM_write_bio_X509(b, cert.get());
  });
  id.key_pem = to_pem([&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr,
                                    nullptr);
  });
  return id;
}

} // namespace throng::http::test
