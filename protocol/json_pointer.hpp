#pragma once

// A JSON pointer (RFC 6901), parsed once: where an answer of a profile's
// API keeps a value ("/note/id", "/items").

#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace throng::protocol {

/// A parsed JSON pointer: its reference tokens, with `~0` and `~1`
/// unescaped. A plain value.
class json_pointer {
public:
  /// The pointer "": the whole document.
  json_pointer() = default;

  /// Parses `text`: "" or a sequence of "/token". Errors say what is wrong
  /// (no leading '/', a '~' not followed by 0 or 1).
  static result<json_pointer, std::string> parse(std::string_view text);

  /// Returns the unescaped reference tokens, outermost first.
  const std::vector<std::string>& tokens() const noexcept { return tokens_; }

  /// Returns the pointer as written ("/note/id").
  const std::string& text() const noexcept { return text_; }

private:
  std::vector<std::string> tokens_;
  std::string text_;
};

} // namespace throng::protocol
