#pragma once

// The shapes of API the reference service can speak (`throng serve
// --shape`): the built-in contract, or the cookie-session shape that
// profiles/example-cookie.json describes.

#include <cstdint>
#include <string_view>

#include "protocol/result.hpp"

namespace throng::server {

/// The API the reference service speaks.
enum class service_shape : std::uint8_t {
  v1,     // shared/api-v1.md: bearer tokens, X-Shard (notes_service)
  cookie, // cookie sessions, numeric ids, X-Backend (cookie_notes_service)
};

/// Returns the flag name of `s` ("v1", "cookie").
std::string_view to_string(service_shape s) noexcept;

/// Returns the shape named `name`, or an error quoting it and listing the
/// names.
protocol::result<service_shape> parse_service_shape(std::string_view name);

/// Returns the header that names the shard in answers of shape `s`.
std::string_view shard_header_of(service_shape s) noexcept;

} // namespace throng::server
