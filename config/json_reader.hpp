#pragma once

// json_reader: reads a JSON document value by value, checking types and
// ranges and naming the path of each offending value in its messages.

#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "protocol/result.hpp"

namespace throng::config {

class json_reader;

/// Why a JSON document was rejected. `message` is one line ready to print:
/// "LABEL: populations[1].think.mean: expected a string, got 5", or
/// "LABEL:3:14: not valid JSON: ..." for a syntax error.
struct json_error {
  std::string message;
  std::string field;      // the path of the offending value; empty if none
  std::size_t line = 0;   // 1-based, syntax errors only
  std::size_t column = 0; // 1-based, syntax errors only
};

/// One key an object may have, and how to read its value.
struct json_field {
  std::string_view key;
  std::function<void(const json_reader&)> read;
};

/// A position in a parsed JSON document: a value (possibly absent, as a
/// missing key is) and its path, such as `populations[1].think_time`.
///
/// Readers are cheap handles: the one `parse` returns owns the document
/// and the readers it hands out share it. They also share the document's
/// error, which keeps the first problem any of them reports and ignores
/// later ones, so that a caller can read on after a problem and look once
/// at the end. Every typed read checks the type first and returns nothing
/// on a mismatch, so reading on is safe. Not thread-safe: the readers of
/// one document belong to one thread.
class json_reader {
public:
  static constexpr std::size_t no_limit = std::numeric_limits<std::size_t>::max();

  /// Parses `text` (JSON with // and /* */ comments) and returns a reader
  /// at its root, or the syntax error, with its line and column. Input
  /// nested deeper than `max_depth` levels is refused before parsing.
  /// `label` (a file name) starts every message.
  static protocol::result<json_reader, json_error>
  parse(std::string_view text, std::string_view label, int max_depth);

  /// The path of this value: empty at the root, `a.b[2].c` below it.
  const std::string& path() const noexcept { return path_; }

  /// Whether there is a value here (false for a missing key).
  bool present() const noexcept { return value_ != nullptr; }

  /// The value of `key` in this object; absent when this is no object or
  /// has no such key.
  json_reader member(std::string_view key) const;

  /// The element `i` of this array; absent when there is none.
  json_reader element(std::size_t i) const;

  /// Whether a problem has been reported anywhere in the document.
  bool failed() const noexcept;

  /// The first problem reported, if any.
  std::optional<json_error> error() const;

  /// Reports `what` about this value, unless a problem was reported first.
  void fail(const std::string& what) const;

  /// Reports that `name` is no `noun` (`unknown operation "x"`), adding
  /// the closest of `names` or, when none is close, the list of them.
  void fail_unknown(std::string_view noun, const std::string& name,
                    std::span<const std::string_view> names) const;

  /// Returns whether the value is present and JSON's null.
  bool is_null() const noexcept;

  /// Returns the value as parsed (nullptr when absent), for a reader that
  /// needs the JSON as it is rather than a typed read: a profile's body,
  /// compiled from its compact text. Owned by the document.
  const nlohmann::json* raw() const noexcept { return value_; }

  /// Whether there is an object here.
  bool is_object() const noexcept;

  /// The value as compact JSON, cut to 40 characters, for messages;
  /// "nothing" when absent.
  std::string describe() const;

  /// True when this is an object; otherwise reports "expected WHAT (a JSON
  /// object), got ...".
  bool object(std::string_view what) const;

  /// True when this is a non-empty array; otherwise reports "expected
  /// WHAT (a JSON array), got ..." or "expected WHAT, got an empty array".
  bool array(std::string_view what) const;

  /// Calls `read` for each member of this object in the document's order
  /// (by key), with the key and the member's reader. Nothing if no object.
  void for_each_member(
    const std::function<void(std::string_view, const json_reader&)>& read) const;

  /// Reads each member of this object with the field of its key; a key
  /// with no field is reported as unknown ("did you mean ...?"), at its
  /// place in the order. Nothing if no object.
  void read_members(const std::vector<json_field>& fields) const;

  /// Reports the first key of this object (by key) that is not one of
  /// `known`, as read_members does. Nothing if no object.
  void check_keys(std::span<const std::string_view> known) const;

  /// Calls `read` for each element of this array. Nothing if no array.
  void for_each_element(const std::function<void(const json_reader&)>& read) const;

  /// A whole number in [lo, hi].
  std::optional<std::size_t> whole(std::size_t lo, std::size_t hi) const;

  /// A number more than `lo` and at most `hi`.
  std::optional<double>
  number_above(double lo, double hi = std::numeric_limits<double>::max()) const;

  /// A number at least `lo` and at most `hi`.
  std::optional<double>
  number_from(double lo, double hi = std::numeric_limits<double>::max()) const;

  /// A non-empty string.
  std::optional<std::string> text() const;

  /// Any string; anything else is reported as "expected EXPECTED, got ...".
  std::optional<std::string> string(std::string_view expected) const;

  /// true or false.
  std::optional<bool> flag() const;

  /// What to add to a message about the unknown `word`: "; did you mean
  /// \"NAME\"?" for the closest of `names`, or " (expected one of: A, B)"
  /// when none is close enough to be a likely typo.
  static std::string suggestion(std::string_view word,
                                std::span<const std::string_view> names);

private:
  struct document;
  json_reader(std::shared_ptr<document> doc, const nlohmann::json* value, std::string path);

  std::optional<double> number(double lo, bool lo_included, double hi) const;

  std::shared_ptr<document> doc_;
  const nlohmann::json* value_;
  std::string path_;
};

} // namespace throng::config
