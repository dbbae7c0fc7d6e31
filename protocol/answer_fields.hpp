#pragma once

// Where one operation's answers keep the values throng reads, and the
// function that takes them out of a JSON body (a profile's "answer").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json_pointer.hpp"
#include "protocol/result.hpp"

namespace throng::protocol {

/// The pointers of one operation's answer; an unset one is not read. Items
/// and their fields: `items` points at the list's array, `item_id` and
/// `item_content` are relative to each element.
struct answer_fields {
  std::optional<json_pointer> account_id;
  std::optional<json_pointer> token;
  std::optional<json_pointer> name;
  std::optional<json_pointer> note_id;
  std::optional<json_pointer> content;
  std::optional<json_pointer> items;
  std::optional<json_pointer> item_id;
  std::optional<json_pointer> item_content;
  /// The next page's cursor, a string or an integer: absent, null or ""
  /// at the end of a list.
  std::optional<json_pointer> next;
};

/// One element of an extracted list.
struct extracted_item {
  std::string id;
  std::optional<std::string> content; // set when item_content is
};

/// The values an answer held at its answer_fields. Ids come as text: a
/// JSON string as is, an integer in decimal.
struct extracted_answer {
  std::string account_id;
  std::string token;
  std::string name;
  std::string note_id;
  std::optional<std::string> content;
  std::vector<extracted_item> items;
  std::optional<std::string> next; // nullopt: the last page
};

/// Returns the values of JSON `body` at `f`'s pointers. An error (a body
/// that is not JSON, a pointer with nothing at it, a value of the wrong
/// type: ids and `next` must be strings or integers, the rest strings,
/// `items` an array of at most `max_items`) names the field and its
/// pointer. A body is parsed only when `f` reads something: with no
/// pointer set, any body (an empty 204) gives an empty answer. Never throws.
result<extracted_answer, std::string>
extract_answer(std::string_view body, const answer_fields& f,
               std::size_t max_items = 10000);

} // namespace throng::protocol
