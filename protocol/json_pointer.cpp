// A JSON pointer parsed per RFC 6901 (json_pointer.hpp).

#include "protocol/json_pointer.hpp"

#include <cstddef>

namespace throng::protocol {

result<json_pointer, std::string> json_pointer::parse(std::string_view text) {
  json_pointer p;
  p.text_ = std::string{text};
  if (text.empty())
    return p;
  if (text.front() != '/')
    return "\"" + p.text_ + "\" is no JSON pointer: it must be \"\" or start with '/'";
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      p.tokens_.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (text[i] != '~') {
      token.push_back(text[i]);
      continue;
    }
    if (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))
      return "\"" + p.text_ + "\" is no JSON pointer: '~' at offset " + std::to_string(i)
             + " must be followed by 0 or 1 (\"~0\" is '~', \"~1\" is '/')";
    token.push_back(text[i + 1] == '0' ? '~' : '/');
    ++i;
  }
  return p;
}

} // namespace throng::protocol
