// Reads, checks and compiles API profile files, naming the offending field
// (api_profile_reader.hpp).

#include "config/api_profile_reader.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/json_reader.hpp"
#include "config/profile_rules.hpp"
#include "http/cookies.hpp"
#include "protocol/json_pointer.hpp"

namespace throng::config {

namespace {

using json = nlohmann::json;
using protocol::operation;
using protocol::template_field;
using keys = std::vector<std::string_view>;

// A profile nests four levels above a body; bodies get the rest.
constexpr int max_depth = 32;
constexpr std::uintmax_t max_file_bytes = 1u << 20;

std::optional<http::method> method(const json_reader& v) {
  static constexpr std::string_view names[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  static constexpr http::method methods[] = {http::method::get, http::method::post,
                                             http::method::put, http::method::patch,
                                             http::method::del};
  auto name = v.string("an HTTP method (GET, POST, PUT, PATCH, DELETE)");
  if (!name)
    return std::nullopt;
  for (std::size_t i = 0; i < std::size(names); ++i)
    if (*name == names[i])
      return methods[i];
  v.fail_unknown("method", *name, names);
  return std::nullopt;
}

// A list of statuses; the refusals may be empty (an API that never says 409).
std::optional<model::status_set> statuses(const json_reader& v, bool may_be_empty) {
  if (const auto* raw = v.raw(); raw != nullptr && raw->is_array() && raw->empty()) {
    if (may_be_empty)
      return model::status_set{};
    v.fail("expected at least one status, got an empty list");
    return std::nullopt;
  }
  if (!v.array("a list of HTTP statuses such as [200, 201]"))
    return std::nullopt;
  model::status_set out;
  v.for_each_element([&](const json_reader& e) {
    auto code = e.whole(100, 599);
    if (!code)
      return;
    auto c = static_cast<int>(*code);
    if (out.contains(c))
      e.fail("status " + std::to_string(c) + " is listed twice");
    out.codes.push_back(c);
  });
  return out;
}

// The name of a query parameter, written into the query as is.
std::string query_name(const json_reader& v) {
  auto s = v.text();
  if (!s)
    return {};
  for (char ch : *s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || ch == '&' || ch == '=' || ch == '#' || ch == '?') {
      v.fail("\"" + *s + "\" cannot name a query parameter (no spaces, controls, & = # ?)");
      break;
    }
  }
  return *s;
}

// Checks one compiled template of `op` (a path, or one string of a body)
// for placeholders the operation cannot fill.
void check_fillable(operation op, const json_reader& at, const protocol::text_template& t,
                    bool body) {
  for (auto f : {template_field::name, template_field::password, template_field::content,
                 template_field::account_id, template_field::note_id})
    if (t.uses(f))
      if (auto why = unfillable(op, f, body); !why.empty())
        at.fail("{" + std::string{to_string(f)} + "} cannot be filled in the "
                + (body ? "body" : "path") + " of " + std::string{to_string(op)} + ": "
                + std::string{why});
}

// Reads a profile into a model::api_profile: which keys it and its parts
// have, what each value may be, and the rules across fields. The document's
// reader keeps the first problem; reading goes on after it.
class profile_reader {
public:
  protocol::result<model::api_profile, std::string> read(const json_reader& root) {
    if (!root.is_object()) {
      root.fail("expected a JSON object at the top level, got " + root.describe());
      return root.error()->message;
    }
    root.read_members({
      {"name", [&](auto& v) { profile_.name = v.text().value_or(""); }},
      {"auth", [&](auto& v) { read_auth(v); }},
      {"shard_header", [&](auto& v) { read_shard_header(v); }},
      {"lists", [&](auto& v) { read_lists(v); }},
      // Read below, once auth and lists are known: its rules need them.
      {"operations", [](auto&) {}},
    });
    if (auto name = root.member("name"); !name.present())
      name.fail("missing; a profile needs a name, for messages");
    read_operations(root.member("operations"));
    if (root.failed())
      return root.error()->message;
    return std::move(profile_);
  }

private:
  void read_auth(const json_reader& v);
  void read_shard_header(const json_reader& v);
  void read_lists(const json_reader& v);
  void read_pages(const json_reader& v);
  void read_operations(const json_reader& v);
  void read_operation(operation op, const json_reader& v);
  void read_path(operation op, const json_reader& v, protocol::text_template& out);
  void read_body(operation op, const json_reader& v, protocol::text_template& out);
  void check_body_strings(operation op, const json& value, const json_reader& at);
  void read_answer(operation op, const json_reader& v, protocol::answer_fields& out);
  void check_answer(operation op, const json_reader& v, const protocol::answer_fields& f);
  static void check_overlaps(operation op, const json_reader& v,
                             const model::operation_mapping& m);

  model::api_profile profile_;
};

void profile_reader::read_auth(const json_reader& v) {
  if (!v.object("how requests carry the session"))
    return;
  auto& style = profile_.style;
  v.check_keys(keys{"kind", "name"});
  if (auto kind = v.member("kind"); kind.present()) {
    static constexpr std::string_view kinds[] = {"bearer", "header", "cookie"};
    auto name = kind.string("an auth kind (bearer, header, cookie)");
    if (name == "header")
      style.auth = http::auth_style::header;
    else if (name == "cookie")
      style.auth = http::auth_style::cookie;
    else if (name && *name != "bearer")
      kind.fail_unknown("auth kind", *name, kinds);
  }
  auto name = v.member("name");
  if (style.auth == http::auth_style::bearer) {
    if (name.present())
      name.fail("not used with bearer auth (the token goes in \"Authorization: Bearer\")");
    return;
  }
  const std::string noun = style.auth == http::auth_style::header ? "header" : "cookie";
  if (!name.present()) {
    name.fail("missing; " + noun + " auth needs the " + noun + "'s name");
    return;
  }
  auto text = name.text();
  if (!text)
    return;
  if (!http::token_valid(*text))
    name.fail("\"" + *text + "\" is no valid " + noun
              + " name (letters, digits and !#$%&'*+-.^_`|~ only)");
  style.auth_name = *text;
  if (style.auth == http::auth_style::cookie)
    style.session_cookie = *text;
}

void profile_reader::read_shard_header(const json_reader& v) {
  if (v.is_null()) {
    profile_.style.shard_header.clear();
    return;
  }
  auto name = v.string("a header name, or null for none");
  if (!name)
    return;
  if (!http::token_valid(*name))
    v.fail("\"" + *name + "\" is no valid header name (letters, digits and !#$%&'*+-.^_`|~"
           " only; null for none)");
  profile_.style.shard_header = *name;
}

void profile_reader::read_lists(const json_reader& v) {
  if (!v.object("how lists come"))
    return;
  v.read_members({
    {"contents", [&](auto& f) { profile_.lists_carry_content = f.flag().value_or(true); }},
    {"pages", [&](auto& f) { read_pages(f); }},
  });
}

void profile_reader::read_pages(const json_reader& v) {
  if (!v.object("how lists come in pages"))
    return;
  auto& p = profile_.paging;
  auto kind = v.member("kind");
  if (!kind.present()) {
    kind.fail("missing; one of page, offset, cursor");
    return;
  }
  static constexpr std::string_view kinds[] = {"page", "offset", "cursor"};
  auto name = kind.string("a page kind (page, offset, cursor)");
  if (!name)
    return;
  if (*name == "page")
    p.kind = model::page_kind::page;
  else if (*name == "offset")
    p.kind = model::page_kind::offset;
  else if (*name == "cursor")
    p.kind = model::page_kind::cursor;
  else
    return kind.fail_unknown("page kind", *name, kinds);
  v.read_members({
    {"kind", [](auto&) {}},
    {"param", [&](auto& f) { p.param = query_name(f); }},
    {"size_param", [&](auto& f) { p.size_param = query_name(f); }},
    {"size", [&](auto& f) { p.size = f.whole(1, 10'000).value_or(0); }},
    {"first_page",
     [&](auto& f) {
       if (p.kind != model::page_kind::page)
         f.fail("only the page kind numbers its pages, not " + *name);
       p.first_page = f.whole(0, 1'000'000).value_or(1);
     }},
    {"max_pages", [&](auto& f) { p.max_pages = f.whole(1, 10'000).value_or(100); }},
  });
  if (auto param = v.member("param"); !param.present())
    param.fail("missing; the query parameter that carries the " + *name);
  if (v.member("size_param").present() && !v.member("size").present())
    v.member("size").fail("missing; size_param needs the size to ask for");
}

void profile_reader::read_operations(const json_reader& v) {
  if (!v.object("the operations"))
    return;
  std::vector<std::string_view> names;
  for (auto op : protocol::all_operations)
    names.push_back(protocol::to_string(op));
  v.for_each_member([&](std::string_view key, const json_reader& op_v) {
    auto op = protocol::parse_operation(key);
    if (!op)
      op_v.fail_unknown("operation", std::string{key}, names);
    else if (!op_v.is_null()) // null: the API lacks it
      read_operation(*op, op_v);
  });
  for (auto op : required_operations) {
    auto m = v.member(protocol::to_string(op));
    if (!profile_.has(op))
      m.fail(std::string{m.present() ? "may not be null" : "missing"}
             + "; every profile maps signup, login, create_note, read_note and list_notes");
  }
}

void profile_reader::read_operation(operation op, const json_reader& v) {
  if (!v.object("an operation (or null when the API lacks it)"))
    return;
  auto& m = profile_.ops[static_cast<std::size_t>(op)];
  m.present = true;
  auto set = [](model::status_set& out, bool may_be_empty) {
    return [&out, may_be_empty](const json_reader& f) {
      if (auto s = statuses(f, may_be_empty))
        out = std::move(*s);
    };
  };
  v.read_members({
    {"method", [&](auto& f) { m.verb = method(f).value_or(m.verb); }},
    {"path", [&](auto& f) { read_path(op, f, m.path); }},
    {"body", [&](auto& f) { read_body(op, f, m.body); }},
    {"success", set(m.success, false)},
    {"not_found", set(m.not_found, true)},
    {"unauthorized", set(m.unauthorized, true)},
    {"conflict", set(m.conflict, true)},
    {"answer", [&](auto& f) { read_answer(op, f, m.answer); }},
  });
  for (auto key : {"method", "path"})
    if (auto f = v.member(key); !f.present())
      f.fail("missing; every operation needs a method and a path");
  if (!v.member("success").present())
    m.success = default_success(m.verb);
  if (!v.member("not_found").present())
    m.not_found = model::status_set{{404}};
  if (!v.member("unauthorized").present())
    m.unauthorized = model::status_set{{401}};
  if (!v.member("conflict").present())
    m.conflict = model::status_set{{409}};
  if (names_a_note(op) && !m.path.uses(template_field::note_id))
    v.member("path").fail("must contain {note_id}: " + std::string{protocol::to_string(op)}
                          + " names its note in the path");
  check_overlaps(op, v, m);
  check_answer(op, v.member("answer"), m.answer);
}

void profile_reader::read_path(operation op, const json_reader& v,
                               protocol::text_template& out) {
  auto text = v.string("a path such as \"/v1/accounts/{account_id}\"");
  if (!text)
    return;
  if (text->empty() || text->front() != '/')
    return v.fail("must start with '/', got " + v.describe());
  for (char ch : *text)
    if (auto c = static_cast<unsigned char>(ch); c <= 0x20 || c == 0x7F || ch == '#')
      return v.fail("must not hold spaces, controls or '#' (percent-encode them), got "
                    + v.describe());
  auto t = protocol::text_template::compile(*text, protocol::template_escape::url);
  if (!t)
    return v.fail(t.error());
  check_fillable(op, v, *t, false);
  out = std::move(*t);
  profile_.ops[static_cast<std::size_t>(op)].path_text = *text;
}

void profile_reader::read_body(operation op, const json_reader& v,
                               protocol::text_template& out) {
  if (v.is_null())
    return; // as absent: no body
  const json* value = v.raw();
  check_body_strings(op, *value, v);
  if (v.failed())
    return;
  auto t = protocol::text_template::compile(body_template_text(value->dump()),
                                            protocol::template_escape::json);
  if (!t)
    return v.fail(t.error());
  out = std::move(*t);
}

// Compiles each string (and key) of a body on its own, so that a bad
// placeholder is reported at its place (`body.user.name`), with its offset
// in that string.
void profile_reader::check_body_strings(operation op, const json& value,
                                        const json_reader& at) {
  auto check = [&](const std::string& s, const json_reader& where) {
    auto t = protocol::text_template::compile(s, protocol::template_escape::json);
    if (!t)
      where.fail(t.error());
    else
      check_fillable(op, where, *t, true);
  };
  if (value.is_string()) {
    check(value.get_ref<const std::string&>(), at);
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      check(it.key(), at.member(it.key()));
      check_body_strings(op, it.value(), at.member(it.key()));
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      check_body_strings(op, value[i], at.element(i));
  }
}

void profile_reader::read_answer(operation op, const json_reader& v,
                                 protocol::answer_fields& out) {
  if (!v.object("the answer's JSON pointers"))
    return;
  auto known = answer_keys(op);
  v.for_each_member([&](std::string_view key, const json_reader& value) {
    auto* slot = answer_slot(out, known, key);
    if (slot == nullptr) {
      if (known.empty())
        value.fail("unknown key: throng reads nothing from the answer of "
                   + std::string{protocol::to_string(op)});
      else
        value.fail("unknown key" + json_reader::suggestion(key, known));
      return;
    }
    auto text = value.string("a JSON pointer such as \"/id\"");
    if (!text)
      return;
    auto p = protocol::json_pointer::parse(*text);
    if (!p)
      return value.fail(p.error());
    *slot = std::move(*p);
  });
}

void profile_reader::check_answer(operation op, const json_reader& v,
                                  const protocol::answer_fields& f) {
  const std::string name{protocol::to_string(op)};
  auto need = [&](std::string_view key, const auto& p, const std::string& why) {
    if (!p)
      v.member(key).fail("missing; " + why);
  };
  auto refuse = [&](std::string_view key, const auto& p, const std::string& why) {
    if (p)
      v.member(key).fail(why);
  };
  const auto& style = profile_.style;
  switch (op) {
    case operation::signup:
    case operation::login:
      need("account_id", f.account_id, name + " must tell the account's id");
      if (style.auth == http::auth_style::cookie)
        refuse("token", f.token,
               "not read with cookie auth: the session is the cookie \"" + style.auth_name
                 + "\" the answer sets");
      else
        need("token", f.token, name + " must give the session's token");
      break;
    case operation::create_note:
      need("note_id", f.note_id, "create_note must tell the new note's id");
      break;
    case operation::read_note:
      need("content", f.content, "read_note must give the note's content");
      break;
    case operation::list_notes:
      need("items", f.items, "list_notes must give the list's array");
      need("item_id", f.item_id, "list_notes must give each item's id");
      if (profile_.lists_carry_content)
        need("item_content", f.item_content, "lists.contents is true: items carry contents");
      else
        refuse("item_content", f.item_content, "lists.contents is false: items carry none");
      if (profile_.paging.kind == model::page_kind::cursor)
        need("next", f.next, "lists.pages.kind is cursor: a page gives the next cursor");
      else
        refuse("next", f.next, "only read when lists.pages.kind is cursor");
      break;
    default:
      break;
  }
}

void profile_reader::check_overlaps(operation op, const json_reader& v,
                                    const model::operation_mapping& m) {
  const std::pair<std::string_view, const model::status_set*> refusals[] = {
    {"not_found", &m.not_found}, {"unauthorized", &m.unauthorized}, {"conflict", &m.conflict}};
  for (const auto& [key, set] : refusals)
    for (int c : m.success.codes)
      if (set->contains(c)) {
        auto given = v.member(key).present();
        (given ? v.member(key) : v.member("success"))
          .fail("status " + std::to_string(c) + " is both a success and " + std::string{key}
                + (given ? "" : " (by default)") + " of " + std::string{protocol::to_string(op)});
      }
}

} // namespace

protocol::result<model::api_profile, std::string>
parse_api_profile(std::string_view text, std::string_view label) {
  auto root = json_reader::parse(text, label, max_depth);
  if (!root)
    return root.error().message;
  return profile_reader{}.read(*root);
}

protocol::result<model::api_profile, std::string>
read_api_profile(const std::filesystem::path& path) {
  auto name = path.string();
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec)
    return name + ": cannot read: " + ec.message();
  if (size > max_file_bytes)
    return name + ": too large for an API profile (" + std::to_string(size)
           + " bytes, at most " + std::to_string(max_file_bytes) + ")";
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  if (in.bad())
    return name + ": cannot read: " + std::strerror(errno);
  return parse_api_profile(text, name);
}

} // namespace throng::config
