// Reads JSON documents value by value, naming each offending path
// (json_reader.hpp).

#include "config/json_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/codec.hpp"
#include "protocol/join.hpp"
#include "protocol/number_format.hpp"

namespace throng::config {

using json = nlohmann::json;

struct json_reader::document {
  json root;
  std::string label;
  std::optional<json_error> error;
};

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Returns the name in `names` closest to `word`, or an empty view when none
// is close enough to be a likely typo.
std::string_view closest(std::string_view word, std::span<const std::string_view> names) {
  std::string_view best;
  auto best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto name : names) {
    auto d = edit_distance(word, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string{key} : path + "." + std::string{key};
}

std::string element_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// Says where a syntax error is: nlohmann gives the count of bytes read, the
// last of which is the offending one.
json_error syntax_error(std::string_view text, std::string_view label,
                        std::size_t bytes_read, std::string_view what) {
  auto at = std::min(bytes_read > 0 ? bytes_read - 1 : 0, text.size());
  auto before = text.substr(0, at);
  json_error e;
  e.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  auto line_start = before.rfind('\n');
  e.column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  // nlohmann says "[json.exception.parse_error.101] parse error at line 1,
  // column 5: syntax error ..."; keep what follows the position.
  if (auto colon = what.find(": "); colon != std::string_view::npos)
    what.remove_prefix(colon + 2);
  e.message = std::string{label} + ":" + std::to_string(e.line) + ":"
              + std::to_string(e.column) + ": not valid JSON: " + std::string{what};
  return e;
}

} // namespace

protocol::result<json_reader, json_error>
json_reader::parse(std::string_view text, std::string_view label, int max_depth) {
  // Refusing deep input before parsing keeps hostile files from building a
  // deep DOM whose destruction recurses.
  if (protocol::nests_deeper_than(text, max_depth, true))
    return json_error{std::string{label} + ": nested deeper than "
                        + std::to_string(max_depth) + " levels",
                      "", 0, 0};
  auto doc = std::make_shared<document>();
  doc->label = label;
  try {
    doc->root = json::parse(text.begin(), text.end(), nullptr, true, true);
  } catch (const json::parse_error& e) {
    return syntax_error(text, label, e.byte, e.what());
  } catch (const json::exception& e) {
    std::string_view what = e.what();
    if (auto tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
    return json_error{std::string{label} + ": not valid JSON: " + std::string{what}, "",
                      0, 0};
  }
  const auto* root = &doc->root;
  return json_reader{std::move(doc), root, ""};
}

json_reader::json_reader(std::shared_ptr<document> doc, const json* value, std::string path)
  : doc_(std::move(doc)), value_(value), path_(std::move(path)) {
}

json_reader json_reader::member(std::string_view key) const {
  const json* found = nullptr;
  if (is_object())
    if (auto it = value_->find(key); it != value_->end())
      found = &*it;
  return json_reader{doc_, found, child_path(path_, key)};
}

json_reader json_reader::element(std::size_t i) const {
  const json* found = nullptr;
  if (present() && value_->is_array() && i < value_->size())
    found = &(*value_)[i];
  return json_reader{doc_, found, element_path(path_, i)};
}

bool json_reader::failed() const noexcept {
  return doc_->error.has_value();
}

std::optional<json_error> json_reader::error() const {
  return doc_->error;
}

void json_reader::fail(const std::string& what) const {
  if (doc_->error)
    return;
  json_error e;
  e.field = path_;
  e.message = doc_->label + ": " + (path_.empty() ? "" : path_ + ": ") + what;
  doc_->error = std::move(e);
}

void json_reader::fail_unknown(std::string_view noun, const std::string& name,
                               std::span<const std::string_view> names) const {
  fail("unknown " + std::string{noun} + " \"" + name + "\"" + suggestion(name, names));
}

bool json_reader::is_null() const noexcept {
  return present() && value_->is_null();
}

bool json_reader::is_object() const noexcept {
  return present() && value_->is_object();
}

std::string json_reader::describe() const {
  constexpr std::size_t longest = 40;
  if (!present())
    return "nothing";
  auto s = value_->dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > longest) {
    s.resize(longest - 3);
    s += "...";
  }
  return s;
}

bool json_reader::object(std::string_view what) const {
  if (is_object())
    return true;
  fail("expected " + std::string{what} + " (a JSON object), got " + describe());
  return false;
}

bool json_reader::array(std::string_view what) const {
  if (!present() || !value_->is_array()) {
    fail("expected " + std::string{what} + " (a JSON array), got " + describe());
    return false;
  }
  if (value_->empty()) {
    fail("expected " + std::string{what} + ", got an empty array");
    return false;
  }
  return true;
}

void json_reader::for_each_member(
  const std::function<void(std::string_view, const json_reader&)>& read) const {
  if (!is_object())
    return;
  const auto& v = (*value_);
  for (auto it = v.begin(); it != v.end(); ++it)
    read(it.key(), json_reader{doc_, &*it, child_path(path_, it.key())});
}

void json_reader::read_members(const std::vector<json_field>& fields) const {
  std::vector<std::string_view> known;
  for (const auto& f : fields)
    known.push_back(f.key);
  for_each_member([&](std::string_view key, const json_reader& value) {
    auto field = std::find(known.begin(), known.end(), key);
    if (field != known.end())
      fields[static_cast<std::size_t>(field - known.begin())].read(value);
    else
      value.fail("unknown key" + suggestion(key, known));
  });
}

void json_reader::check_keys(std::span<const std::string_view> known) const {
  for_each_member([&](std::string_view key, const json_reader& value) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      value.fail("unknown key" + suggestion(key, known));
  });
}

void json_reader::for_each_element(const std::function<void(const json_reader&)>& read) const {
  if (!present() || !value_->is_array())
    return;
  for (std::size_t i = 0; i < value_->size(); ++i)
    read(element(i));
}

std::optional<std::size_t> json_reader::whole(std::size_t lo, std::size_t hi) const {
  if (!present() || !value_->is_number_integer()) {
    fail("expected a whole number, got " + describe());
    return std::nullopt;
  }
  const auto& v = (*value_);
  if (v.is_number_unsigned()) {
    auto n = v.get<std::uint64_t>();
    if (n >= lo && n <= hi)
      return static_cast<std::size_t>(n);
  }
  if (hi == no_limit)
    fail("must be at least " + std::to_string(lo) + ", got " + describe());
  else
    fail("must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got "
         + describe());
  return std::nullopt;
}

std::optional<double> json_reader::number_above(double lo, double hi) const {
  return number(lo, false, hi);
}

std::optional<double> json_reader::number_from(double lo, double hi) const {
  return number(lo, true, hi);
}

std::optional<double> json_reader::number(double lo, bool lo_included, double hi) const {
  if (!present() || !value_->is_number()) {
    fail("expected a number, got " + describe());
    return std::nullopt;
  }
  auto x = value_->get<double>();
  if (lo_included ? x < lo : x <= lo) {
    fail(std::string{lo_included ? "must be at least " : "must be more than "}
         + protocol::shortest(lo) + ", got " + describe());
    return std::nullopt;
  }
  if (x > hi) {
    fail("must be at most " + protocol::shortest(hi) + ", got " + describe());
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> json_reader::text() const {
  auto s = string("a string");
  if (s && s->empty()) {
    fail("must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> json_reader::string(std::string_view expected) const {
  if (!present() || !value_->is_string()) {
    fail("expected " + std::string{expected} + ", got " + describe());
    return std::nullopt;
  }
  return value_->get<std::string>();
}

std::optional<bool> json_reader::flag() const {
  if (!present() || !value_->is_boolean()) {
    fail("expected true or false, got " + describe());
    return std::nullopt;
  }
  return value_->get<bool>();
}

std::string json_reader::suggestion(std::string_view word,
                                    std::span<const std::string_view> names) {
  if (auto best = closest(word, names); !best.empty())
    return "; did you mean \"" + std::string{best} + "\"?";
  return " (expected one of: " + protocol::join(names, ", ") + ")";
}

} // namespace throng::config
