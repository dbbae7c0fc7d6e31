#pragma once

// Certificates for the fleet's TLS tests, made in the test with OpenSSL's C
// API and written as PEM files in a temp_dir of their own: a CA (an EC P-256
// key and a self-signed certificate) and the leaf certificates it signs.

#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "fleet/node_transport.hpp"
#include "tests/temp_dir.hpp"

namespace throng::testing {

/// What a leaf certificate is made for.
struct leaf_options {
  /// Its subjectAltName, in OpenSSL's configuration syntax.
  std::string names = "IP:127.0.0.1,DNS:localhost";
  /// Whether its validity ended yesterday.
  bool expired = false;
};

/// A certificate authority of one test. Owns its key and certificate, and a
/// directory for the files it writes, removed with them when the CA is
/// destroyed. Not thread-safe. Fails the current test (ADD_FAILURE) if
/// OpenSSL cannot make something.
class test_ca {
public:
  /// Makes a CA named `name` and writes its certificate to ca.pem in its
  /// directory.
  explicit test_ca(const std::string& name);

  /// Returns the path of the CA's certificate file.
  const std::string& cert_file() const noexcept { return cert_file_; }

  /// Makes a key and a certificate for `leaf` signed by this CA, writes
  /// them to LEAF.pem and LEAF-key.pem in the CA's directory, and returns
  /// the files of a node that holds them and trusts the CA certificate in
  /// `trusted_ca_file`.
  fleet::tls_files issue(const std::string& leaf, const std::string& trusted_ca_file,
                         const leaf_options& o = {}) const;

  /// Writes the key of `files` again, encrypted with `passphrase`, to
  /// `path`.
  static void write_encrypted_key(const fleet::tls_files& files, const std::string& path,
                                  const std::string& passphrase);

private:
  temp_dir dir_;
  std::string cert_file_;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, &EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> cert_{nullptr, &X509_free};
};

} // namespace throng::testing
