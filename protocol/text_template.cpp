// A text template compiled once and rendered without parsing (text_template.hpp).

#include "protocol/text_template.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace throng::protocol {

namespace {

constexpr std::array<std::string_view, 5> field_names{
  "name", "password", "content", "account_id", "note_id",
};

constexpr char hex_digits[] = "0123456789ABCDEF";
// JSON escapes in lower case, as nlohmann's dump(), so that a profile's body
// is byte for byte what the built-in codecs send.
constexpr char lower_hex_digits[] = "0123456789abcdef";

bool unreserved(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
         || c == '-' || c == '_' || c == '.' || c == '~';
}

// The length of the valid UTF-8 sequence at the start of `s`, or 0 when it
// starts with a byte that begins none (overlong forms and surrogates count
// as invalid, as RFC 3629 says).
std::size_t utf8_length(std::string_view s) noexcept {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < s.size() && b(i) >= lo && b(i) <= hi;
  };
  unsigned char c = b(0);
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// Counts the bytes an escaping would append, so that render_to reserves
// the exact size once.
struct size_sink {
  std::size_t n = 0;
  void put(char) noexcept { ++n; }
  void put(std::string_view s) noexcept { n += s.size(); }
};

struct string_sink {
  std::string& out;
  void put(char c) { out.push_back(c); }
  void put(std::string_view s) { out.append(s); }
};

template <class Sink>
void escape_url(std::string_view v, Sink& sink) {
  std::size_t run = 0; // the start of the bytes that pass as they are
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if (unreserved(c))
      continue;
    sink.put(v.substr(run, i - run));
    sink.put('%');
    sink.put(hex_digits[c >> 4]);
    sink.put(hex_digits[c & 0xF]);
    run = i + 1;
  }
  sink.put(v.substr(run));
}

// Whether a byte passes into a JSON string as it is: printable ASCII but
// the quote and the backslash (a table: the loop runs over whole contents).
constexpr auto json_plain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c)
    plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// The JSON escape of ASCII byte `c`, or "" when it passes as it is.
std::string_view json_escape_of(unsigned char c) noexcept {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return "";
  }
}

// Writes `v` as the inside of a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD (as the
// codecs do), so that the body stays valid JSON whatever the value. Runs
// of bytes that need nothing are written whole.
template <class Sink>
void escape_json(std::string_view v, Sink& sink) {
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < v.size()) {
    auto c = static_cast<unsigned char>(v[i]);
    if (json_plain[c]) {
      ++i;
      continue;
    }
    std::size_t len = c >= 0x80 ? utf8_length(v.substr(i)) : 0;
    if (len > 0) {
      i += len;
      continue;
    }
    sink.put(v.substr(run, i - run));
    if (c >= 0x80) {
      sink.put("\xEF\xBF\xBD");
    } else if (auto e = json_escape_of(c); !e.empty()) {
      sink.put(e);
    } else {
      sink.put("\\u00");
      sink.put(lower_hex_digits[c >> 4]);
      sink.put(lower_hex_digits[c & 0xF]);
    }
    run = ++i;
  }
  sink.put(v.substr(run));
}

std::string_view value_of(template_field f, const template_values& v) noexcept {
  switch (f) {
    case template_field::name: return v.name;
    case template_field::password: return v.password;
    case template_field::content: return v.content;
    case template_field::account_id: return v.account_id;
    case template_field::note_id: return v.note_id;
  }
  return {};
}

template <class Sink>
void escape(template_escape e, std::string_view v, Sink& sink) {
  if (e == template_escape::url)
    escape_url(v, sink);
  else
    escape_json(v, sink);
}

} // namespace

std::string_view to_string(template_field f) noexcept {
  return field_names[static_cast<std::size_t>(f)];
}

result<text_template, std::string> text_template::compile(std::string_view text,
                                                          template_escape escape) {
  text_template t;
  t.escape_ = escape;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty())
      t.parts_.push_back(part{false, template_field::name, std::move(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool doubled = i + 1 < text.size() && text[i + 1] == c;
    if ((c == '{' || c == '}') && doubled) {
      literal.push_back(c);
      ++i;
      continue;
    }
    if (c == '}')
      return "unmatched '}' at offset " + std::to_string(i) + " (write \"}}\" for a brace)";
    if (c != '{') {
      literal.push_back(c);
      continue;
    }
    auto close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] != '}')
      return "unmatched '{' at offset " + std::to_string(i) + " (write \"{{\" for a brace)";
    auto name = text.substr(i + 1, close - i - 1);
    std::size_t k = 0;
    while (k < field_names.size() && field_names[k] != name)
      ++k;
    if (k == field_names.size())
      return "unknown placeholder \"{" + std::string{name}
             + "}\" (expected one of: {name}, {password}, {content}, {account_id}, {note_id})";
    flush();
    t.parts_.push_back(part{true, static_cast<template_field>(k), {}});
    i = close;
  }
  flush();
  return t;
}

void text_template::render_to(std::string& out, const template_values& v) const {
  size_sink size;
  for (const auto& p : parts_) {
    if (p.is_field)
      escape(escape_, value_of(p.field, v), size);
    else
      size.put(p.text);
  }
  out.reserve(out.size() + size.n);
  string_sink sink{out};
  for (const auto& p : parts_) {
    if (p.is_field)
      escape(escape_, value_of(p.field, v), sink);
    else
      sink.put(p.text);
  }
}

std::string text_template::render(const template_values& v) const {
  std::string out;
  render_to(out, v);
  return out;
}

bool text_template::uses(template_field f) const noexcept {
  for (const auto& p : parts_)
    if (p.is_field && p.field == f)
      return true;
  return false;
}

void append_url_escaped(std::string& out, std::string_view v) {
  string_sink sink{out};
  escape_url(v, sink);
}

} // namespace throng::protocol
