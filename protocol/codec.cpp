// The JSON codecs of the API bodies, on nlohmann_json (codec.hpp).

#include "protocol/codec.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace throng::protocol {

namespace {

using json = nlohmann::json;

// No body of the API nests deeper than 3. Rejecting deep nesting before
// parsing keeps hostile input from building a deep DOM, whose copies and
// serialization recurse.
constexpr int max_depth = 64;


std::optional<decode_error> parse_object(std::string_view body, json& out) {
  if (nests_deeper_than(body, max_depth))
    return decode_error{"not valid JSON: nested deeper than "
                        + std::to_string(max_depth) + " levels"};
  try {
    out = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {
    // Drop the "[json.exception.parse_error.101] " tag: the message may be
    // sent back to a client.
    std::string_view what = e.what();
    if (auto tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
    return decode_error{"not valid JSON: " + std::string{what}};
  }
  if (!out.is_object())
    return decode_error{"expected a JSON object"};
  return std::nullopt;
}

// Reads the fields of one JSON object, remembering the first problem.
class fields {
public:
  fields(const json& obj, std::string prefix)
    : obj_(obj), prefix_(std::move(prefix)) {
  }

  void read(const char* key, std::string& out) {
    if (auto* v = find(key)) {
      if (v->is_string())
        out = v->get_ref<const std::string&>();
      else
        fail(key, "expected a string");
    }
  }

  void read(const char* key, std::int64_t& out) {
    if (auto* v = find(key)) {
      if (v->is_number_unsigned()
          && v->get<std::uint64_t>()
               > static_cast<std::uint64_t>(
                 std::numeric_limits<std::int64_t>::max()))
        fail(key, "integer out of range");
      else if (v->is_number_integer())
        out = v->get<std::int64_t>();
      else
        fail(key, "expected an integer");
    }
  }

  // Returns the member `key` if it exists and no problem was found yet.
  const json* find(const char* key) {
    if (error_)
      return nullptr;
    auto i = obj_.find(key);
    if (i == obj_.end()) {
      fail(key, "missing");
      return nullptr;
    }
    return &*i;
  }

  void fail(const char* key, std::string_view what) {
    error_ = decode_error{"field '" + prefix_ + key + "': " + std::string{what}};
  }

  std::optional<decode_error>& error() noexcept {
    return error_;
  }

private:
  const json& obj_;
  std::string prefix_;
  std::optional<decode_error> error_;
};

void read_fields(fields& f, credentials& x) {
  f.read("name", x.name);
  f.read("password", x.password);
}

void read_fields(fields& f, account_created& x) {
  f.read("id", x.id);
  f.read("name", x.name);
  f.read("token", x.token);
}

void read_fields(fields& f, session_created& x) {
  f.read("account_id", x.account_id);
  f.read("token", x.token);
}

void read_fields(fields& f, account_info& x) {
  f.read("id", x.id);
  f.read("name", x.name);
  f.read("note_count", x.note_count);
}

void read_fields(fields& f, account_update& x) {
  f.read("name", x.name);
}

void read_fields(fields& f, note_content& x) {
  f.read("content", x.content);
}

void read_fields(fields& f, note& x) {
  f.read("id", x.id);
  f.read("content", x.content);
}

void read_fields(fields& f, note_list& x) {
  auto* arr = f.find("notes");
  if (arr == nullptr)
    return;
  if (!arr->is_array()) {
    f.fail("notes", "expected an array");
    return;
  }
  x.notes.reserve(arr->size());
  for (const auto& elem : *arr) {
    auto index = x.notes.size();
    if (!elem.is_object()) {
      f.fail("notes",
             "element " + std::to_string(index) + ": expected a JSON object");
      return;
    }
    fields inner{elem, "notes[" + std::to_string(index) + "]."};
    read_fields(inner, x.notes.emplace_back());
    if (inner.error()) {
      f.error() = std::move(inner.error());
      return;
    }
  }
}

void read_fields(fields& f, error_body& x) {
  f.read("error", x.error);
}

// Invalid UTF-8 in a string becomes U+FFFD instead of throwing.
std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json to_json(const note& x) {
  return json{{"id", x.id}, {"content", x.content}};
}

} // namespace

std::string encode(const credentials& x) {
  return dump({{"name", x.name}, {"password", x.password}});
}

std::string encode(const account_created& x) {
  return dump({{"id", x.id}, {"name", x.name}, {"token", x.token}});
}

std::string encode(const session_created& x) {
  return dump({{"account_id", x.account_id}, {"token", x.token}});
}

std::string encode(const account_info& x) {
  return dump({{"id", x.id}, {"name", x.name}, {"note_count", x.note_count}});
}

std::string encode(const account_update& x) {
  return dump({{"name", x.name}});
}

std::string encode(const note_content& x) {
  return dump({{"content", x.content}});
}

std::string encode(const note& x) {
  return dump(to_json(x));
}

std::string encode(const note_list& x) {
  auto arr = json::array();
  for (const auto& n : x.notes)
    arr.push_back(to_json(n));
  return dump({{"notes", std::move(arr)}});
}

std::string encode(const error_body& x) {
  return dump({{"error", x.error}});
}

template <class T>
result<T> decode(std::string_view body) {
  json doc;
  if (auto err = parse_object(body, doc))
    return std::move(*err);
  T x;
  fields f{doc, ""};
  read_fields(f, x);
  if (f.error())
    return std::move(*f.error());
  return x;
}

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
