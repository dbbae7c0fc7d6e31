// Tests of the body reader behind decode (simdjson, and nlohmann's SAX
// parser when simdjson gives way): hand-picked bodies (repeated
// keys, the depth limit, which problem comes first), and a property that it
// reads random bodies exactly as reading a parsed document in member order
// does (the reading it replaced).

#include "protocol/body_reader.hpp"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include "protocol/codec.hpp"

using namespace throng::protocol;

namespace {

using json = nlohmann::json;

std::string problem(std::string_view body, note_list& list) {
  std::array members{body_member{"notes", &list.notes}};
  auto e = read_body(body, members, 64);
  return e ? e->message : "";
}

std::string problem(std::string_view body, account_info& info) {
  std::array members{body_member{"id", &info.id}, body_member{"name", &info.name},
                     body_member{"note_count", &info.note_count}};
  auto e = read_body(body, members, 64);
  return e ? e->message : "";
}

// The reading decode did before the SAX reader: a document, then its
// members read in order, the first problem kept.
class dom_reading {
public:
  dom_reading(const json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  void text(const char* key, std::string& out) {
    if (const json* v = find(key)) {
      if (v->is_string())
        out = v->get<std::string>();
      else
        fail(key, "expected a string");
    }
  }

  void integer(const char* key, std::int64_t& out) {
    if (const json* v = find(key)) {
      if (v->is_number_unsigned()
          && v->get<std::uint64_t>()
               > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail(key, "integer out of range");
      else if (v->is_number_integer())
        out = v->get<std::int64_t>();
      else
        fail(key, "expected an integer");
    }
  }

  void notes(const char* key, std::vector<note>& out) {
    const json* arr = find(key);
    if (arr == nullptr)
      return;
    if (!arr->is_array())
      return fail(key, "expected an array");
    for (const auto& elem : *arr) {
      auto index = std::to_string(out.size());
      if (!elem.is_object())
        return fail(key, "element " + index + ": expected a JSON object");
      dom_reading inner{elem, key + ("[" + index + "].")};
      auto& n = out.emplace_back();
      inner.text("id", n.id);
      inner.text("content", n.content);
      if (inner.error_)
        return void(error_ = inner.error_);
    }
  }

  std::optional<std::string> error() const { return error_; }

private:
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

  void fail(const char* key, const std::string& what) {
    error_ = "field '" + prefix_ + key + "': " + what;
  }

  const json& obj_;
  std::string prefix_;
  std::optional<std::string> error_;
};

// The document's problem, or nullopt after `read` took its members.
template <class Read>
std::optional<std::string> dom_problem(const std::string& body, Read read) {
  if (nests_deeper_than(body, 64))
    return "not valid JSON: nested deeper than 64 levels";
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception& e) {
    std::string what = e.what();
    return "not valid JSON: " + what.substr(what.find("] ") + 2);
  }
  if (!doc.is_object())
    return "expected a JSON object";
  dom_reading r{doc, ""};
  read(r);
  return r.error();
}

// A whole number in [lo, hi), uniform whatever the test's size.
template <class T>
T pick(T lo, T hi) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(lo, hi));
}

// One of `xs`, uniformly.
template <class T>
T one_of(std::initializer_list<T> xs) {
  return xs.begin()[pick<std::size_t>(0, xs.size())];
}

// A JSON string: most often written by nlohmann, sometimes with escapes
// it would not write (some not valid: a lone surrogate).
std::string random_string() {
  if (pick(0, 5) == 0)
    return one_of<std::string>({R"("\u00e9")", R"("\ud83d\ude00")", R"("\ud800")",
                                R"("\udc00x")", R"("a\u0000b")", R"("\/\b")"});
  return json(one_of<std::string>({"", "n1", "a \"q\" \\\n", "caf\xc3\xa9", "[{"})).dump();
}

std::string random_value(int depth);

// An object whose keys are mostly the API's, some repeated; a note of a
// list most of the time.
std::string random_object(int depth, bool note_like) {
  if (note_like && pick(0, 10) < 7)
    return "{\"id\":" + random_string() + ",\"content\":" + random_string() + "}";
  std::string out = "{";
  auto n = pick(0, 6);
  for (int i = 0; i < n; ++i) {
    auto key = one_of<std::string>({"id", "name", "content", "notes", "note_count",
                                               "x"});
    out += (i > 0 ? "," : "") + json(key).dump() + ":";
    if (key == "notes" && depth > 0 && pick(0, 10) < 7) {
      out += "[";
      auto items = pick(0, 4);
      for (int j = 0; j < items; ++j)
        out += (j > 0 ? "," : "") + random_object(depth - 1, true);
      out += "]";
    } else {
      out += random_value(depth - 1);
    }
  }
  return out + "}";
}

std::string random_value(int depth) {
  switch (pick(0, depth > 0 ? 10 : 7)) {
    case 0:
    case 1:
    case 2:
      return random_string();
    case 3:
    case 4:
      return one_of<std::string>({"0", "-5", "42", "9223372036854775807",
                                            "9223372036854775808", "18446744073709551615",
                                            "1.5", "1e3", "-0", "-9223372036854775808",
                                  "-9223372036854775809", "123456789012345678901234567890",
                                  "1e400", "1e-400", "7.0"});
    case 5:
      return one_of<std::string>({"true", "false", "null"});
    case 6:
      // Deep enough, now and then, for the limit.
      return [] {
        auto levels = pick<std::size_t>(58, 68);
        return std::string(levels, '[') + std::string(levels, ']');
      }();
    case 7:
    case 8:
      return random_object(depth, false);
    default: {
      std::string out = "[";
      auto n = pick(0, 4);
      for (int i = 0; i < n; ++i)
        out += (i > 0 ? "," : "") + random_value(depth - 1);
      return out + "]";
    }
  }
}

// An object with account_info's members, mostly of the right type, in any
// order among others.
std::string info_like() {
  auto or_any = [](std::string right) { return pick(0, 10) < 8 ? right : random_value(1); };
  std::vector<std::string> members{
    "\"id\":" + or_any(random_string()), "\"name\":" + or_any(random_string()),
    "\"note_count\":" + or_any(one_of<std::string>({"0", "7", "-3", "-0", "7.0", "9223372036854775808"}))};
  for (int extra = pick(0, 3); extra > 0; --extra)
    members.push_back(one_of<std::string>({"\"x\":", "\"id\":"}) + random_value(2));
  for (std::size_t i = members.size(); i > 1; --i)
    std::swap(members[i - 1], members[pick<std::size_t>(0, i)]);
  std::string out = "{";
  for (const auto& m : members)
    out += (out.size() > 1 ? "," : "") + m;
  return out + "}";
}

// One random body, read both ways.
void check_against_the_document() {
  std::string body = pick(0, 3) == 0 ? info_like() : random_object(3, false);
  // Now and then a body cut short, or with a stray byte.
  bool mangled = false;
  if (auto how = pick(0, 10); how == 0 && !body.empty()) {
    body.resize(pick<std::size_t>(0, body.size()));
    mangled = true;
  } else if (how == 1) {
    body.insert(pick<std::size_t>(0, body.size() + 1), 1,
                one_of({',', ']', '}', '"', '\x80', 'x'}));
    mangled = true;
  }
  RC_TAG(mangled ? "mangled" : "whole");
  RC_LOG() << "body: " << body << "\n";

  note_list list;
  note_list dom_list;
  auto got = decode<note_list>(body);
  auto want = dom_problem(body, [&](dom_reading& r) { r.notes("notes", dom_list.notes); });
  account_info info;
  auto got_info = decode<account_info>(body);
  auto want_info = dom_problem(body, [&](dom_reading& r) {
    r.text("id", info.id);
    r.text("name", info.name);
    r.integer("note_count", info.note_count);
  });
  RC_TAG(want ? "list refused" : "list read", want_info ? "info refused" : "info read");

  // In a body that is not JSON (mangled, or with a lone surrogate), the
  // scan before parsing counts depth past the point where the parser
  // stops: both refuse the body, maybe for different reasons.
  auto deep = [](const auto& e) { return e && e->find("nested deeper") != std::string::npos; };
  if (!json::accept(body) && (deep(want) || (!got && deep(std::optional{got.error().message})))) {
    RC_ASSERT(!got.has_value());
    RC_ASSERT(!got_info.has_value());
    return;
  }
  RC_ASSERT(got.has_value() == !want.has_value());
  RC_ASSERT(got_info.has_value() == !want_info.has_value());
  if (want) {
    RC_ASSERT(got.error().message == *want);
  } else {
    RC_ASSERT(got->notes.size() == dom_list.notes.size());
    for (std::size_t i = 0; i < dom_list.notes.size(); ++i) {
      RC_ASSERT(got->notes[i].id == dom_list.notes[i].id);
      RC_ASSERT(got->notes[i].content == dom_list.notes[i].content);
    }
  }
  if (want_info) {
    RC_ASSERT(got_info.error().message == *want_info);
  } else {
    RC_ASSERT(got_info->id == info.id);
    RC_ASSERT(got_info->name == info.name);
    RC_ASSERT(got_info->note_count == info.note_count);
  }
}

} // namespace

TEST(body_reader, the_last_of_repeated_keys_counts) {
  account_info info;
  EXPECT_EQ(problem(R"({"id":1,"name":"a","id":"x","note_count":2,"name":"b"})", info), "");
  EXPECT_EQ(info.id, "x");
  EXPECT_EQ(info.name, "b");
  EXPECT_EQ(info.note_count, 2);
  EXPECT_EQ(problem(R"({"id":"x","name":"a","note_count":2,"id":[]})", info),
            "field 'id': expected a string");
}

TEST(body_reader, a_repeated_list_replaces_the_first) {
  note_list list;
  EXPECT_EQ(problem(R"({"notes":[1],"notes":[{"id":"b","content":"c"}]})", list), "");
  ASSERT_EQ(list.notes.size(), 1u);
  EXPECT_EQ(list.notes[0].id, "b");
  EXPECT_EQ(list.notes[0].content, "c");
  EXPECT_EQ(problem(R"({"notes":[],"notes":{}})", list), "field 'notes': expected an array");
}

TEST(body_reader, names_the_first_wrong_element_of_a_list) {
  note_list list;
  EXPECT_EQ(problem(R"({"notes":[{"id":"a","content":"b"},[{"id":1}],{"id":2}]})", list),
            "field 'notes': element 1: expected a JSON object");
  EXPECT_EQ(problem(R"({"notes":[{"id":"a","content":"b"},{"id":"c","content":{"x":1}}]})",
                    list),
            "field 'notes[1].content': expected a string");
  EXPECT_EQ(problem(R"({"notes":[{"content":"b","x":[{"id":"c"}]}]})", list),
            "field 'notes[0].id': missing");
}

TEST(body_reader, members_are_checked_in_their_order) {
  account_info info;
  EXPECT_EQ(problem(R"({"note_count":1.5,"name":null})", info), "field 'id': missing");
  EXPECT_EQ(problem(R"({"note_count":1.5,"name":null,"id":""})", info),
            "field 'name': expected a string");
  EXPECT_EQ(problem(R"({"note_count":18446744073709551615,"name":"","id":""})", info),
            "field 'note_count': integer out of range");
}

TEST(body_reader, a_syntax_error_anywhere_comes_before_a_member_problem) {
  account_info info;
  EXPECT_EQ(problem(R"({"id":7,"name":"a","note_count":1} x)", info).rfind("not valid JSON", 0),
            0u);
  EXPECT_EQ(problem(R"([1,2] )", info), "expected a JSON object");
  EXPECT_EQ(problem(R"("text")", info), "expected a JSON object");
}

TEST(body_reader, stops_at_the_depth_limit) {
  account_info info;
  auto nested = [](int levels) {
    return R"({"id":"a","name":"b","note_count":1,"x":)" + std::string(levels - 1, '[')
           + std::string(levels - 1, ']') + "}";
  };
  EXPECT_EQ(problem(nested(64), info), "");
  EXPECT_EQ(problem(nested(65), info), "not valid JSON: nested deeper than 64 levels");
  // A hostile body is refused once it passes the limit, whatever follows.
  EXPECT_EQ(problem(R"({"x":)" + std::string(1 << 20, '['), info),
            "not valid JSON: nested deeper than 64 levels");
}

// For random bodies, mangled now and then: the same verdict and values.
TEST(body_reader, reads_a_body_as_the_document_reading_does) {
  const bool ok = rc::check([] { check_against_the_document(); });
  EXPECT_TRUE(ok);
}
