#pragma once

// Reads the token of an `Authorization: Bearer` header value.

#include <string_view>

namespace throng::http {

/// Returns the token of an `Authorization: Bearer <token>` header value: the
/// scheme matches in any case (RFC 9110) and spaces around the token are
/// dropped. Empty when the value holds no bearer token. The result points
/// into `authorization`.
std::string_view bearer_token(std::string_view authorization) noexcept;

} // namespace throng::http
