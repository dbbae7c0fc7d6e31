#pragma once

// Fresh self-signed certificates for the TLS tests.

#include <string>

#include "tests/http/scripted_server.hpp"

namespace throng::http::test {

/// Returns a fresh EC P-256 key and a self-signed certificate for it with
/// subject CN=localhost and the subjectAltName `alt_names` in OpenSSL's
/// configuration syntax ("DNS:localhost,IP:127.0.0.1"). Returns empty
/// strings if OpenSSL fails.
tls_identity make_self_signed(const std::string& alt_names);

} // namespace throng::http::test
