// The values of an answer's body at a profile's pointers, on nlohmann_json
// (answer_fields.hpp).

#include "protocol/answer_fields.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <nlohmann/json.hpp>

#include "protocol/codec.hpp"

namespace throng::protocol {

namespace {

using json = nlohmann::json;

// As the codecs: deep nesting is refused before a DOM is built.
constexpr int max_depth = 64;

// The value at `p` in `doc`, or nullptr. Array elements are numbered in
// decimal without leading zeros (RFC 6901: "-" names no element).
const json* resolve(const json& doc, const json_pointer& p) {
  const json* at = &doc;
  for (const auto& token : p.tokens()) {
    if (at->is_object()) {
      auto i = at->find(token);
      if (i == at->end())
        return nullptr;
      at = &*i;
    } else if (at->is_array()) {
      std::size_t index = 0;
      const char* end = token.data() + token.size();
      auto [ptr, ec] = std::from_chars(token.data(), end, index);
      if (token.empty() || ec != std::errc{} || ptr != end
          || (token.size() > 1 && token[0] == '0') || index >= at->size())
        return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

// Reads the values of one JSON value (the body, or item `index` of the
// list at `list`), keeping the first problem, named by the answer's field
// and its pointer.
class reader {
public:
  explicit reader(const json& doc, const json_pointer* list = nullptr, std::size_t index = 0)
    : doc_(doc), list_(list), index_(index) {}

  // An id: a string as is, an integer in decimal.
  void id(const char* field, const std::optional<json_pointer>& p, std::string& out) {
    const json* v = find(field, p);
    if (v == nullptr)
      return;
    if (v->is_string())
      out = v->get_ref<const std::string&>();
    else if (v->is_number_unsigned())
      out = std::to_string(v->get<std::uint64_t>());
    else if (v->is_number_integer())
      out = std::to_string(v->get<std::int64_t>());
    else
      fail(field, *p, "expected a string or an integer, got " + describe(*v));
  }

  void text(const char* field, const std::optional<json_pointer>& p, std::string& out) {
    const json* v = find(field, p);
    if (v == nullptr)
      return;
    if (v->is_string())
      out = v->get_ref<const std::string&>();
    else
      fail(field, *p, "expected a string, got " + describe(*v));
  }

  void text(const char* field, const std::optional<json_pointer>& p,
            std::optional<std::string>& out) {
    if (p && !error_)
      text(field, p, out.emplace());
  }

  // The cursor: nullopt when absent, null or "" (the last page).
  void cursor(const char* field, const std::optional<json_pointer>& p,
              std::optional<std::string>& out) {
    if (!p || error_)
      return;
    const json* v = resolve(doc_, *p);
    if (v == nullptr || v->is_null()
        || (v->is_string() && v->get_ref<const std::string&>().empty()))
      return;
    id(field, p, out.emplace());
  }

  // The array at `p`, or nullptr after reporting why not.
  const json* array(const char* field, const std::optional<json_pointer>& p,
                    std::size_t max_items) {
    const json* v = find(field, p);
    if (v == nullptr)
      return nullptr;
    if (!v->is_array()) {
      fail(field, *p, "expected an array, got " + describe(*v));
      return nullptr;
    }
    if (v->size() > max_items) {
      fail(field, *p, "more than " + std::to_string(max_items) + " items");
      return nullptr;
    }
    return v;
  }

  std::optional<std::string>& error() noexcept { return error_; }

private:
  const json* find(const char* field, const std::optional<json_pointer>& p) {
    if (!p || error_)
      return nullptr;
    const json* v = resolve(doc_, *p);
    if (v == nullptr)
      fail(field, *p, "nothing there");
    return v;
  }

  // The item's prefix is made here, not per item: most lists have no error.
  void fail(const char* field, const json_pointer& p, const std::string& what) {
    std::string where;
    if (list_ != nullptr)
      where = "item " + std::to_string(index_) + " of \"" + list_->text() + "\": ";
    error_ = where + field + " \"" + p.text() + "\": " + what;
  }

  static std::string describe(const json& v) {
    auto text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
  }

  const json& doc_;
  const json_pointer* list_;
  std::size_t index_;
  std::optional<std::string> error_;
};

bool reads_nothing(const answer_fields& f) noexcept {
  return !f.account_id && !f.token && !f.name && !f.note_id && !f.content && !f.items
         && !f.next;
}

std::optional<std::string> parse_body(std::string_view body, json& out) {
  if (nests_deeper_than(body, max_depth))
    return "answer is not valid JSON: nested deeper than " + std::to_string(max_depth)
           + " levels";
  try {
    out = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {
    std::string_view what = e.what();
    if (auto tag_end = what.find("] "); tag_end != std::string_view::npos)
      what.remove_prefix(tag_end + 2);
    return "answer is not valid JSON: " + std::string{what};
  }
  return std::nullopt;
}

std::optional<std::string> read_items(const json& list, const answer_fields& f,
                                      std::vector<extracted_item>& out) {
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    reader r{list[i], &*f.items, i};
    auto& item = out.emplace_back();
    r.id("item_id", f.item_id, item.id);
    r.text("item_content", f.item_content, item.content);
    if (r.error())
      return std::move(r.error());
  }
  return std::nullopt;
}

} // namespace

result<extracted_answer, std::string>
extract_answer(std::string_view body, const answer_fields& f, std::size_t max_items) {
  extracted_answer a;
  if (reads_nothing(f))
    return a;
  json doc;
  if (auto e = parse_body(body, doc))
    return std::move(*e);
  reader r{doc};
  r.id("account_id", f.account_id, a.account_id);
  r.text("token", f.token, a.token);
  r.text("name", f.name, a.name);
  r.id("note_id", f.note_id, a.note_id);
  r.text("content", f.content, a.content);
  r.cursor("next", f.next, a.next);
  const json* list = r.array("items", f.items, max_items);
  if (r.error())
    return std::move(*r.error());
  if (list != nullptr)
    if (auto e = read_items(*list, f, a.items))
      return std::move(*e);
  return a;
}

} // namespace throng::protocol
