// The JSON codecs of the API bodies: nlohmann_json's serializer to encode,
// the body reader to decode (codec.hpp).

#include "protocol/codec.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/body_reader.hpp"

namespace throng::protocol {

namespace {

using json = nlohmann::json;

// No body of the API nests deeper than 3; the reader stops at this depth.
constexpr int max_depth = 64;

// A member of API body T and its name in JSON.
template <class T, class M>
struct member {
  const char* key;
  M T::*field;
};

// Spelled out for clang before 17, which deduces no aggregate's arguments
// (the fuzz targets build with Debian's clang 14).
template <class T, class M>
member(const char*, M T::*) -> member<T, M>;

// The members of each API body, for both directions.
constexpr auto members_of(std::type_identity<credentials>) {
  return std::tuple{member{"name", &credentials::name},
                    member{"password", &credentials::password}};
}

constexpr auto members_of(std::type_identity<account_created>) {
  return std::tuple{member{"id", &account_created::id}, member{"name", &account_created::name},
                    member{"token", &account_created::token}};
}

constexpr auto members_of(std::type_identity<session_created>) {
  return std::tuple{member{"account_id", &session_created::account_id},
                    member{"token", &session_created::token}};
}

constexpr auto members_of(std::type_identity<account_info>) {
  return std::tuple{member{"id", &account_info::id}, member{"name", &account_info::name},
                    member{"note_count", &account_info::note_count}};
}

constexpr auto members_of(std::type_identity<account_update>) {
  return std::tuple{member{"name", &account_update::name}};
}

constexpr auto members_of(std::type_identity<note_content>) {
  return std::tuple{member{"content", &note_content::content}};
}

constexpr auto members_of(std::type_identity<note>) {
  return std::tuple{member{"id", &note::id}, member{"content", &note::content}};
}

constexpr auto members_of(std::type_identity<note_list>) {
  return std::tuple{member{"notes", &note_list::notes}};
}

constexpr auto members_of(std::type_identity<error_body>) {
  return std::tuple{member{"error", &error_body::error}};
}

// Writes API values as JSON text into one string, member by member: each
// string through nlohmann's serializer (invalid UTF-8 becomes U+FFFD
// instead of throwing), no document of the object built around them.
class writer {
public:
  explicit writer(std::string& out)
    : out_(out), serializer_(nlohmann::detail::output_adapter<char>(out), ' ',
                             json::error_handler_t::replace) {}

  void write(const std::string& x) { serializer_.dump(json(x), false, false, 0); }

  void write(std::int64_t x) { out_ += std::to_string(x); }

  template <class T>
  void write(const std::vector<T>& xs) {
    out_ += '[';
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (i > 0)
        out_ += ',';
      write(xs[i]);
    }
    out_ += ']';
  }

  // An API body: an object of its members, in members_of's order (their
  // keys need no escaping).
  template <class T>
  void write(const T& x) {
    char separator = '{';
    std::apply(
      [&](auto... m) {
        ((out_ += separator, out_ += '"', out_ += m.key, out_ += "\":", write(x.*m.field),
          separator = ','),
         ...);
      },
      members_of(std::type_identity<T>{}));
    out_ += separator == '{' ? "{}" : "}";
  }

private:
  std::string& out_;
  nlohmann::detail::serializer<json> serializer_;
};

} // namespace

template <class T>
std::string encode(const T& x) {
  std::string out;
  writer{out}.write(x);
  return out;
}

template <class T>
result<T> decode(std::string_view body) {
  T x;
  auto members = std::apply(
    [&](auto... m) { return std::array{body_member{m.key, &(x.*m.field)}...}; },
    members_of(std::type_identity<T>{}));
  if (auto err = read_body(body, members, max_depth))
    return std::move(*err);
  return x;
}

template std::string encode<credentials>(const credentials&);
template std::string encode<account_created>(const account_created&);
template std::string encode<session_created>(const session_created&);
template std::string encode<account_info>(const account_info&);
template std::string encode<account_update>(const account_update&);
template std::string encode<note_content>(const note_content&);
template std::string encode<note>(const note&);
template std::string encode<note_list>(const note_list&);
template std::string encode<error_body>(const error_body&);
template result<credentials> decode<credentials>(std::string_view);
template result<account_created> decode<account_created>(std::string_view);
template result<session_created> decode<session_created>(std::string_view);
template result<account_info> decode<account_info>(std::string_view);
template result<account_update> decode<account_update>(std::string_view);
template result<note_content> decode<note_content>(std::string_view);
template result<note> decode<note>(std::string_view);
template result<note_list> decode<note_list>(std::string_view);
template result<error_body> decode<error_body>(std::string_view);

bool nests_deeper_than(std::string_view text, int limit,
                       bool comments) noexcept {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case '"':
        for (++i; i < text.size() && text[i] != '"'; ++i)
          if (text[i] == '\\')
            ++i;
        break;
      case '/':
        if (!comments || i + 1 >= text.size())
          break;
        if (text[i + 1] == '/')
          i = std::min(text.find('\n', i), text.size());
        else if (text[i + 1] == '*')
          i = std::min(text.find("*/", i + 2), text.size()) + 1;
        break;
      case '[':
      case '{':
        if (++depth > limit)
          return true;
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

} // namespace throng::protocol
