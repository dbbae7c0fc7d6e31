// Reading and checking cookies (cookies.hpp).

#include "http/cookies.hpp"

#include <string_view>
#include <utility>

namespace throng::http {

namespace {

std::string_view trim(std::string_view s) noexcept {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return {};
  s.remove_prefix(first);
  return s.substr(0, s.find_last_not_of(" \t") + 1);
}

// Splits "name=value" into its trimmed halves; nullopt without '='.
std::optional<std::pair<std::string_view, std::string_view>>
split_pair(std::string_view pair) noexcept {
  auto eq = pair.find('=');
  if (eq == std::string_view::npos)
    return std::nullopt;
  return std::pair{trim(pair.substr(0, eq)), trim(pair.substr(eq + 1))};
}

} // namespace

std::optional<std::string_view> cookie_value(std::string_view header,
                                             std::string_view name) noexcept {
  while (!header.empty()) {
    auto end = header.find(';');
    auto pair = split_pair(header.substr(0, end));
    if (pair && pair->first == name)
      return pair->second;
    if (end == std::string_view::npos)
      break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::optional<std::string_view> set_cookie_value(std::string_view header,
                                                 std::string_view name) noexcept {
  auto pair = split_pair(header.substr(0, header.find(';')));
  if (!pair || pair->first != name)
    return std::nullopt;
  return pair->second;
}

bool cookie_safe(std::string_view value) noexcept {
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\')
      return false;
  }
  return true;
}

bool token_valid(std::string_view name) noexcept {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  if (name.empty())
    return false;
  for (char c : name) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && extra.find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

} // namespace throng::http
