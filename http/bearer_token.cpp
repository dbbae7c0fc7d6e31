// Reading a bearer token (bearer_token.hpp).

#include "http/bearer_token.hpp"

#include <cstddef>

namespace throng::http {

std::string_view bearer_token(std::string_view authorization) noexcept {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size())
    return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    auto c = authorization[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i])
      return {};
  }
  auto token = authorization.substr(scheme.size());
  auto first = token.find_first_not_of(' ');
  if (first == std::string_view::npos)
    return {};
  token.remove_prefix(first);
  return token.substr(0, token.find_last_not_of(' ') + 1);
}

} // namespace throng::http
