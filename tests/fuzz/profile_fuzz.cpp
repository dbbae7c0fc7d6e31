// Feeds arbitrary bytes to the two readers of API profiles: the profile
// file's reader, and the extraction of a hostile target's answers through
// a compiled profile. Neither may crash, leak or hit undefined behaviour; a
// rejected profile must name the file; an accepted one must have what the
// account needs (sign-up, log-in, create, read and list, their answers'
// ids), and render its templates; an extraction keeps its item cap.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/api_profile_reader.hpp"
#include "protocol/answer_fields.hpp"

namespace {

using namespace throng;

void require(bool ok) {
  if (!ok)
    std::abort();
}

protocol::json_pointer pointer(std::string_view text) {
  return *protocol::json_pointer::parse(text);
}

const protocol::answer_fields& list_fields() {
  static const protocol::answer_fields f = [] {
    protocol::answer_fields x;
    x.items = pointer("/items");
    x.item_id = pointer("/id");
    x.item_content = pointer("/body");
    x.next = pointer("/next");
    return x;
  }();
  return f;
}

const protocol::answer_fields& note_fields() {
  static const protocol::answer_fields f = [] {
    protocol::answer_fields x;
    x.note_id = pointer("/note/id");
    x.content = pointer("/note/body");
    x.account_id = pointer("/user/id");
    return x;
  }();
  return f;
}

void check(const model::api_profile& p) {
  using protocol::operation;
  for (auto op : {operation::signup, operation::login, operation::create_note,
                  operation::read_note, operation::list_notes})
    require(p.has(op) && !p.at(op).success.codes.empty());
  require(p.at(operation::signup).answer.account_id.has_value());
  require(p.at(operation::create_note).answer.note_id.has_value());
  require(p.at(operation::list_notes).answer.items.has_value());
  protocol::template_values v;
  v.name = "n\"a\\me";
  v.note_id = "n/1 ?";
  for (const auto& m : p.ops) {
    if (!m.present)
      continue;
    require(!m.path.render(v).empty());
    (void)m.body.render(v);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  std::string_view input{reinterpret_cast<const char*>(data) + 1, size - 1};
  if (data[0] % 2 == 0) {
    auto p = config::parse_api_profile(input, "fuzz.json");
    if (p)
      check(*p);
    else
      require(p.error().starts_with("fuzz.json"));
    return 0;
  }
  const auto& f = data[0] % 4 == 1 ? list_fields() : note_fields();
  auto a = protocol::extract_answer(input, f, 64);
  if (a)
    require(a->items.size() <= 64);
  else
    require(!a.error().empty());
  return 0;
}
