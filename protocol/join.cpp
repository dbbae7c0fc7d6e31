// Words joined into one line (join.hpp).

#include "protocol/join.hpp"

#include <cstddef>

namespace throng::protocol {

std::string join(std::span<const std::string_view> words, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0)
      out += separator;
    out += words[i];
  }
  return out;
}

} // namespace throng::protocol
