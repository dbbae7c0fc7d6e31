#pragma once

// A text template compiled once (a profile's paths and bodies): literal runs
// and the placeholders throng fills in, rendered without parsing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace throng::protocol {

/// A value a template may ask for: `{name}`, `{password}`, `{content}`,
/// `{account_id}`, `{note_id}`.
enum class template_field : std::uint8_t {
  name,
  password,
  content,
  account_id,
  note_id,
};

/// The values one rendering fills in. Views: the caller owns the text.
/// Each defaults to empty, so that designated initializers may name only
/// the ones a template uses (`{.note_id = id}`).
struct template_values {
  std::string_view name{};
  std::string_view password{};
  std::string_view content{};
  std::string_view account_id{};
  std::string_view note_id{};
};

/// How a template escapes the values it fills in: `url` percent-encodes
/// every byte outside A-Z a-z 0-9 - _ . ~ (a path); `json` writes a value as
/// the inside of a JSON string (a body whose placeholders sit in strings).
enum class template_escape : std::uint8_t { url, json };

/// A compiled template: a plain value, thread-safe to render from many
/// threads at once.
class text_template {
public:
  /// An empty template: renders nothing.
  text_template() = default;

  /// Compiles `text`, in which `{field}` is a placeholder (one of
  /// template_field's names) and `{{` / `}}` stand for literal braces.
  /// Errors name the unknown placeholder or the unmatched brace.
  static result<text_template, std::string> compile(std::string_view text,
                                                    template_escape escape);

  /// Appends the template to `out`, filled in from `v`.
  void render_to(std::string& out, const template_values& v) const;

  /// Returns the template filled in from `v`.
  std::string render(const template_values& v) const;

  /// Returns whether the template has placeholder `f`.
  bool uses(template_field f) const noexcept;

  /// Returns whether the template renders nothing.
  bool empty() const noexcept { return parts_.empty(); }

private:
  struct part {
    bool is_field = false;
    template_field field = template_field::name;
    std::string text; // the literal, when !is_field
  };
  std::vector<part> parts_;
  template_escape escape_ = template_escape::url;
};

/// Returns the placeholder's name without braces ("note_id").
std::string_view to_string(template_field f) noexcept;

/// Appends `v` to `out` percent-encoded as template_escape::url encodes a
/// template's values: every byte outside A-Z a-z 0-9 - _ . ~.
void append_url_escaped(std::string& out, std::string_view v);

} // namespace throng::protocol
