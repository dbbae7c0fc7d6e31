// Certificates for the fleet's TLS tests (test_certificates.hpp).

#include "tests/fleet/test_certificates.hpp"

#include <cstdio>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace throng::testing {

namespace {

using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using x509_ptr = std::unique_ptr<X509, decltype(&X509_free)>;

constexpr long day_s = 24 * 60 * 60;

key_ptr make_key() {
  key_ptr k{EVP_EC_gen("P-256"), &EVP_PKEY_free};
  if (!k)
    ADD_FAILURE() << "EVP_EC_gen failed";
  return k;
}

/// Adds extension `nid` with `value` to `cert`, issued by `issuer`.
void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) {
    ADD_FAILURE() << "cannot make extension " << OBJ_nid2sn(nid) << " = " << value;
    return;
  }
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

/// Returns a certificate for `key` named `common_name`, valid from
/// `from_s` to `until_s` seconds from now, not yet signed.
x509_ptr make_cert(EVP_PKEY* key, const std::string& common_name, long from_s, long until_s) {
  static long serial = 1;
  x509_ptr c{X509_new(), &X509_free};
  X509_set_version(c.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(c.get()), from_s);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), until_s);
  X509_set_pubkey(c.get(), key);
  X509_NAME* name = X509_get_subject_name(c.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  return c;
}

/// Writes `write(file, item)` to `path`.
template <class Write>
void write_pem(const std::string& path, Write write) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    ADD_FAILURE() << "cannot write " << path;
    return;
  }
  if (write(f) != 1)
    ADD_FAILURE() << "cannot write PEM to " << path;
  std::fclose(f);
}

} // namespace

test_ca::test_ca(const std::string& name) : cert_file_(dir_ / "ca.pem") {
  key_ = make_key();
  if (!key_)
    return;
  cert_ = make_cert(key_.get(), name + " test CA", -day_s, 30 * day_s);
  X509_set_issuer_name(cert_.get(), X509_get_subject_name(cert_.get()));
  add_extension(cert_.get(), cert_.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert_.get(), cert_.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert_.get(), cert_.get(), NID_subject_key_identifier, "hash");
  if (X509_sign(cert_.get(), key_.get(), EVP_sha256()) == 0)
    ADD_FAILURE() << "cannot sign the CA certificate " << name;
  write_pem(cert_file_, [this](std::FILE* f) { return PEM_write_X509(f, cert_.get()); });
}

fleet::tls_files test_ca::issue(const std::string& leaf, const std::string& trusted_ca_file,
                                const leaf_options& o) const {
  fleet::tls_files files;
  files.cert = dir_ / (leaf + ".pem");
  files.key = dir_ / (leaf + "-key.pem");
  files.ca = trusted_ca_file;
  auto key = make_key();
  if (!key || !key_)
    return files;
  auto cert = o.expired ? make_cert(key.get(), leaf, -2 * day_s, -day_s)
                        : make_cert(key.get(), leaf, -day_s, 30 * day_s);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert_.get()));
  add_extension(cert.get(), cert_.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), cert_.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), cert_.get(), NID_ext_key_usage, "serverAuth,clientAuth");
  add_extension(cert.get(), cert_.get(), NID_subject_alt_name, o.names);
  add_extension(cert.get(), cert_.get(), NID_authority_key_identifier, "keyid:always");
  if (X509_sign(cert.get(), key_.get(), EVP_sha256()) == 0)
    ADD_FAILURE() << "cannot sign the certificate " << leaf;
  write_pem(files.cert, [&](std::FILE* f) { return PEM_write_X509(f, cert.get()); });
  write_pem(files.key, [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return files;
}

void test_ca::write_encrypted_key(const fleet::tls_files& files, const std::string& path,
                                  const std::string& passphrase) {
  std::FILE* in = std::fopen(files.key.c_str(), "r");
  ASSERT_NE(in, nullptr) << files.key;
  key_ptr key{PEM_read_PrivateKey(in, nullptr, nullptr, nullptr), &EVP_PKEY_free};
  std::fclose(in);
  ASSERT_TRUE(key) << files.key;
  write_pem(path, [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, key.get(), EVP_aes_256_cbc(),
                                reinterpret_cast<const unsigned char*>(passphrase.data()),
                                static_cast<int>(passphrase.size()), nullptr, nullptr);
  });
}

} // namespace throng::testing
