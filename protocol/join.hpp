#pragma once

// Words joined into one line of text, for messages that list choices
// ("known: a, b, c"). A plain function, thread-safe.

#include <span>
#include <string>
#include <string_view>

namespace throng::protocol {

/// Returns `words` in order with `separator` between each two ("a, b" for
/// {"a", "b"} and ", "); empty for no words.
std::string join(std::span<const std::string_view> words, std::string_view separator);

} // namespace throng::protocol
