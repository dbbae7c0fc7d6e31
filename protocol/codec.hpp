#pragma once

// JSON codecs for the API bodies. Encoding never fails (invalid UTF-8 in a
// string is written as U+FFFD). Decoding checks that the body is valid UTF-8
// JSON nested at most 64 levels deep, an object, and that every required
// field is present with the right type (unknown fields are ignored); anything
// else is a decode_error naming the field, never an exception. Thread-safe.

#include <string>
#include <string_view>

#include "protocol/api_types.hpp"
#include "protocol/result.hpp"

namespace throng::protocol {

/// Returns whether JSON `text` nests arrays and objects deeper than
/// `limit`, skipping strings and, with `comments`, `//` and `/* */`
/// comments. A scan, not a parse: run before parsing, it keeps hostile input
/// from building a deep DOM, whose copies and destruction recurse.
bool nests_deeper_than(std::string_view text, int limit,
                       bool comments = false) noexcept;

/// Encodes `x` as JSON text; T is one of the types in api_types.hpp.
template <class T>
std::string encode(const T& x);

/// Decodes `body` as a T; T is one of the types in api_types.hpp.
template <class T>
result<T> decode(std::string_view body);

} // namespace throng::protocol
