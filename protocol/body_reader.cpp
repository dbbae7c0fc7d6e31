// Reads API bodies (body_reader.hpp): simdjson reads a body that is all
// it should be, and nlohmann_json's SAX parser any other, naming its
// problem. simdjson is ten times faster; nlohmann's reading defines what a
// body means, so simdjson's fast path stands only when it finds every
// member of the right type, and gives way on any doubt (an integer beyond
// 64 bits, "-0", any error at all) to the reader whose verdict counts.

#include "protocol/body_reader.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace throng::protocol {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_members = 4;

// The largest body the fast path reads: its parser keeps the capacity of
// the largest body a thread read (several times its size), for good.
constexpr std::size_t fast_max_bytes = 1 << 20;

// A problem that a member of a list keeps as a whole message.
constexpr const char* in_list = "";

// The members of one object being read (the body, or a note of its list)
// and, for each, what its last value was wrong with (nullptr: nothing).
struct object_frame {
  std::span<const body_member> members;
  std::array<const char*, max_members> problems{};
  int current = -1; // the member the last key named; -1: an unknown key

  void open(std::span<const body_member> m) {
    assert(m.size() <= max_members);
    members = m;
    problems.fill("missing");
    current = -1;
  }

  void name(std::string_view key) {
    current = -1;
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].key == key)
        current = static_cast<int>(i);
  }

  const body_member* member() const {
    return current < 0 ? nullptr : &members[current];
  }
};

enum class scalar { text, integer, too_big, other };

// The members of a note in a list, in their order.
std::array<body_member, 2> members_of(note& n) {
  return {body_member{"id", &n.id}, body_member{"content", &n.content}};
}

const char* expected(const body_member& m) {
  if (std::holds_alternative<std::string*>(m.target))
    return "expected a string";
  if (std::holds_alternative<std::int64_t*>(m.target))
    return "expected an integer";
  return "expected an array";
}

// Stores a scalar in `m`; returns what is wrong with it, or nullptr.
const char* store(const body_member& m, scalar k, std::int64_t number, const std::string* text) {
  if (auto* s = std::get_if<std::string*>(&m.target)) {
    if (k != scalar::text)
      return expected(m);
    **s = *text;
    return nullptr;
  }
  if (auto* n = std::get_if<std::int64_t*>(&m.target)) {
    if (k == scalar::too_big)
      return "integer out of range";
    if (k != scalar::integer)
      return expected(m);
    **n = number;
    return nullptr;
  }
  return expected(m);
}

// The SAX handler. Depth 1 is the body, 2 a member's value; inside a list,
// depth 3 is an element and 4 an element's member's value. Containers
// anywhere else are skipped, their depth still counted against the limit.
class body_reader {
public:
  body_reader(std::span<const body_member> members, int max_depth)
    : members_(members), max_depth_(max_depth) {}

  bool null() { return on_scalar(scalar::other, 0, nullptr); }
  bool boolean(bool) { return on_scalar(scalar::other, 0, nullptr); }
  bool number_integer(json::number_integer_t v) { return on_scalar(scalar::integer, v, nullptr); }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      return on_scalar(scalar::too_big, 0, nullptr);
    return on_scalar(scalar::integer, static_cast<std::int64_t>(v), nullptr);
  }
  bool number_float(json::number_float_t, const std::string&) {
    return on_scalar(scalar::other, 0, nullptr);
  }
  bool string(std::string& s) { return on_scalar(scalar::text, 0, &s); }
  bool binary(json::binary_t&) { return on_scalar(scalar::other, 0, nullptr); }
  bool start_object(std::size_t) { return on_start(false); }
  bool start_array(std::size_t) { return on_start(true); }
  bool end_object() { return on_end(); }
  bool end_array() { return on_end(); }

  bool key(std::string& k) {
    if (skip_ == 0 && depth_ == 1)
      top_.name(k);
    else if (skip_ == 0 && list_ != nullptr && depth_ == 3)
      element_.name(k);
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    // Drop the "[json.exception.parse_error.101] " tag: the message may be
    // sent back to a client.
    std::string_view what = e.what();
    if (auto tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
    parse_error_ = "not valid JSON: " + std::string{what};
    return false;
  }

  // The first problem of the body, once the parser returned `parsed`.
  std::optional<decode_error> verdict(bool parsed) const {
    if (too_deep_)
      return decode_error{"not valid JSON: nested deeper than " + std::to_string(max_depth_)
                          + " levels"};
    if (!parsed)
      return decode_error{parse_error_.empty() ? "not valid JSON" : parse_error_};
    if (not_object_)
      return decode_error{"expected a JSON object"};
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (top_.problems[i] == in_list)
        return decode_error{list_problem_};
      if (top_.problems[i] != nullptr)
        return decode_error{"field '" + std::string{members_[i].key} + "': " + top_.problems[i]};
    }
    return std::nullopt;
  }

private:
  bool on_scalar(scalar k, std::int64_t number, const std::string* text) {
    if (skip_ != 0)
      return true;
    if (depth_ == 0)
      not_object_ = true;
    else if (list_ != nullptr && depth_ == 2)
      fail_element("expected a JSON object");
    else if (auto& f = list_ != nullptr ? element_ : top_; f.member() != nullptr)
      f.problems[f.current] = store(*f.member(), k, number, text);
    return true;
  }

  bool on_start(bool array) {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    if (skip_ == 0 && !open(array))
      skip_ = depth_;
    return true;
  }

  // Takes the container the parser just entered; returns false for one
  // the reader skips.
  bool open(bool array) {
    switch (depth_) {
      case 1:
        if (array) {
          not_object_ = true;
          return false;
        }
        top_.open(members_);
        return true;
      case 2:
        return open_member_value(array);
      case 3:
        if (array || top_.problems[list_slot_] != nullptr) {
          fail_element("expected a JSON object");
          return false;
        }
        open_element();
        return true;
      default:
        if (auto* m = element_.member())
          element_.problems[element_.current] = expected(*m);
        return false;
    }
  }

  // A container as the value of the body's member the last key named: the
  // list is read, anything else skipped.
  bool open_member_value(bool array) {
    const body_member* m = top_.member();
    if (m == nullptr)
      return false;
    auto* list = std::get_if<std::vector<note>*>(&m->target);
    if (!array || list == nullptr) {
      top_.problems[top_.current] = expected(*m);
      return false;
    }
    list_ = *list;
    list_->clear();
    list_slot_ = static_cast<std::size_t>(top_.current);
    top_.problems[list_slot_] = nullptr;
    return true;
  }

  void open_element() {
    element_members_ = members_of(list_->emplace_back());
    element_.open(element_members_);
  }

  bool on_end() {
    if (skip_ != 0) {
      if (depth_ == skip_)
        skip_ = 0;
    } else if (list_ != nullptr && depth_ == 3) {
      finish_element();
    } else if (list_ != nullptr && depth_ == 2) {
      list_ = nullptr;
    }
    --depth_;
    return true;
  }

  void finish_element() {
    for (std::size_t i = 0; i < element_members_.size(); ++i)
      if (element_.problems[i] != nullptr) {
        top_.problems[list_slot_] = in_list;
        list_problem_ = "field '" + std::string{members_[list_slot_].key} + "["
                        + std::to_string(list_->size() - 1) + "]."
                        + std::string{element_members_[i].key} + "': " + element_.problems[i];
        return;
      }
  }

  // Marks the list wrong at its next element, unless it already is.
  void fail_element(const char* what) {
    if (top_.problems[list_slot_] != nullptr)
      return;
    top_.problems[list_slot_] = in_list;
    list_problem_ = "field '" + std::string{members_[list_slot_].key} + "': element "
                    + std::to_string(list_->size()) + ": " + what;
  }

  std::span<const body_member> members_;
  int max_depth_;
  int depth_ = 0;
  int skip_ = 0; // the depth of the container being skipped; 0: none
  bool too_deep_ = false;
  bool not_object_ = false;
  object_frame top_;
  std::vector<note>* list_ = nullptr; // set while inside the list
  std::size_t list_slot_ = 0;
  std::array<body_member, 2> element_members_{};
  object_frame element_;
  std::string list_problem_;
  std::string parse_error_;
};

// A simdjson parser and the padded copy of a body it reads, one per
// thread; both keep the capacity of the largest body the thread read.
struct fast_reader {
  simdjson::dom::parser parser;
  std::string padded;
};

bool take_fast(const body_member& m, simdjson::dom::element v);

// Reads the members of object `o` into `members`; false unless each is
// there with a value of its type (the last, of a repeated key).
bool take_members(simdjson::dom::object o, std::span<const body_member> members) {
  std::array<simdjson::dom::element, max_members> last{};
  std::array<bool, max_members> found{};
  for (auto field : o)
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].key == field.key) {
        last[i] = field.value;
        found[i] = true;
      }
  for (std::size_t i = 0; i < members.size(); ++i)
    if (!found[i] || !take_fast(members[i], last[i]))
      return false;
  return true;
}

bool take_fast(const body_member& m, simdjson::dom::element v) {
  if (auto* s = std::get_if<std::string*>(&m.target)) {
    std::string_view text;
    if (v.get(text) != simdjson::SUCCESS)
      return false;
    (*s)->assign(text);
    return true;
  }
  if (auto* n = std::get_if<std::int64_t*>(&m.target))
    return v.get(**n) == simdjson::SUCCESS;
  auto* list = std::get<std::vector<note>*>(m.target);
  simdjson::dom::array items;
  if (v.get(items) != simdjson::SUCCESS)
    return false;
  list->clear();
  for (auto item : items) {
    simdjson::dom::object o;
    if (item.get(o) != simdjson::SUCCESS || !take_members(o, members_of(list->emplace_back())))
      return false;
  }
  return true;
}

// The fast path: true when simdjson read the body whole, every member
// there and of its type.
bool read_fast(std::string_view body, std::span<const body_member> members, int max_depth) {
  if (body.size() > fast_max_bytes)
    return false;
  thread_local fast_reader r;
  const auto depth = static_cast<std::size_t>(max_depth);
  if (r.parser.max_depth() != depth || r.parser.capacity() < body.size())
    if (r.parser.allocate(std::max(body.size(), r.parser.capacity()), depth)
        != simdjson::SUCCESS)
      return false;
  r.padded.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  r.padded.assign(body);
  simdjson::dom::object top;
  if (r.parser.parse(r.padded.data(), r.padded.size(), false).get(top) != simdjson::SUCCESS)
    return false;
  return take_members(top, members);
}

} // namespace

std::optional<decode_error> read_body(std::string_view body, std::span<const body_member> members,
                                      int max_depth) {
  if (read_fast(body, members, max_depth))
    return std::nullopt;
  body_reader r{members, max_depth};
  const bool parsed = json::sax_parse(body.begin(), body.end(), &r);
  return r.verdict(parsed);
}

} // namespace throng::protocol
