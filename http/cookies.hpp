#pragma once

// Reading and checking cookies (RFC 6265): the value of one cookie in a
// Cookie header, the cookie a Set-Cookie header sets, and which values a
// cookie can carry. Plain functions, thread-safe.

#include <optional>
#include <string_view>

namespace throng::http {

/// Returns the value of cookie `name` in a Cookie header value
/// ("a=1; sid=xyz"), the first when it appears twice, or nullopt when it
/// is absent. Names match exactly (cookie names are case-sensitive); the
/// result points into `header`.
std::optional<std::string_view> cookie_value(std::string_view header,
                                             std::string_view name) noexcept;

/// Returns the value a Set-Cookie header value ("sid=xyz; Path=/;
/// HttpOnly") gives cookie `name`, or nullopt when it sets another cookie
/// or is malformed (no '='). An empty value (a cookie being cleared) is
/// returned as such. The result points into `header`.
std::optional<std::string_view> set_cookie_value(std::string_view header,
                                                 std::string_view name) noexcept;

/// Returns whether `value` is made of RFC 6265 cookie-octets only: no
/// control character, space, double quote, comma, semicolon or backslash,
/// nothing above 0x7e. Such a value cannot forge another cookie or header.
bool cookie_safe(std::string_view value) noexcept;

/// Returns whether `name` is a non-empty RFC 9110 token, as a header or
/// cookie name must be.
bool token_valid(std::string_view name) noexcept;

} // namespace throng::http
