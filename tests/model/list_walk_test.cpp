// Tests of list_walk: the query of each page, when a list ends, the bound,
// and notes seen twice kept once.

#include "model/list_walk.hpp"

#include <string>

#include <gtest/gtest.h>

namespace throng::model {
namespace {

list_paging paging(page_kind k, std::size_t size, std::size_t max_pages = 100) {
  list_paging p;
  p.kind = k;
  p.param = k == page_kind::page ? "page" : k == page_kind::offset ? "offset" : "after";
  p.size_param = "limit";
  p.size = size;
  p.max_pages = max_pages;
  return p;
}

answer_body page_of(std::initializer_list<const char*> ids,
                    std::optional<std::string> next = std::nullopt) {
  answer_body b;
  for (const char* id : ids)
    b.notes.push_back({id, protocol::hash_content(id)});
  b.next = std::move(next);
  return b;
}

TEST(list_walk, pages_are_numbered_from_the_first) {
  auto p = paging(page_kind::page, 2);
  p.first_page = 0;
  list_walk w{p};
  EXPECT_EQ(w.target("/notes"), "/notes?page=0&limit=2");
  EXPECT_EQ(w.add_page(page_of({"a", "b"})), list_walk::progress::more);
  EXPECT_EQ(w.target("/notes"), "/notes?page=1&limit=2");
  EXPECT_EQ(w.add_page(page_of({"c"})), list_walk::progress::done);
  EXPECT_EQ(w.pages(), 2u);
}

TEST(list_walk, offsets_count_the_notes_seen_and_an_empty_page_ends) {
  const auto p_w = paging(page_kind::offset, 2);
  list_walk w{p_w};
  EXPECT_EQ(w.target("/notes?all=1"), "/notes?all=1&offset=0&limit=2");
  EXPECT_EQ(w.add_page(page_of({"a", "b"})), list_walk::progress::more);
  EXPECT_EQ(w.target("/notes"), "/notes?offset=2&limit=2");
  EXPECT_EQ(w.add_page(page_of({})), list_walk::progress::done);
}

TEST(list_walk, without_a_size_only_an_empty_page_ends) {
  auto p = paging(page_kind::page, 0);
  p.size_param.clear();
  list_walk w{p};
  EXPECT_EQ(w.target("/n"), "/n?page=1");
  EXPECT_EQ(w.add_page(page_of({"a"})), list_walk::progress::more);
  EXPECT_EQ(w.add_page(page_of({})), list_walk::progress::done);
}

TEST(list_walk, a_cursor_is_followed_until_there_is_none) {
  const auto p_w = paging(page_kind::cursor, 2);
  list_walk w{p_w};
  EXPECT_EQ(w.target("/n"), "/n?limit=2");
  EXPECT_EQ(w.add_page(page_of({"a", "b"}, "b/2 x")), list_walk::progress::more);
  EXPECT_EQ(w.target("/n"), "/n?after=b%2F2%20x&limit=2");
  EXPECT_EQ(w.add_page(page_of({}, "c")), list_walk::progress::more);
  EXPECT_EQ(w.add_page(page_of({"c"})), list_walk::progress::done);
}

TEST(list_walk, a_cursor_that_does_not_move_cuts_the_walk) {
  const auto p_w = paging(page_kind::cursor, 2);
  list_walk w{p_w};
  EXPECT_EQ(w.add_page(page_of({"a"}, "k")), list_walk::progress::more);
  EXPECT_EQ(w.add_page(page_of({"a"}, "k")), list_walk::progress::cut);
}

TEST(list_walk, the_bound_cuts_the_walk) {
  const auto p_w = paging(page_kind::page, 1, 3);
  list_walk w{p_w};
  EXPECT_EQ(w.add_page(page_of({"a"})), list_walk::progress::more);
  EXPECT_EQ(w.add_page(page_of({"b"})), list_walk::progress::more);
  EXPECT_EQ(w.add_page(page_of({"c"})), list_walk::progress::cut);
  // The last page allowed may still end the list.
  const auto p_v = paging(page_kind::page, 2, 2);
  list_walk v{p_v};
  EXPECT_EQ(v.add_page(page_of({"a", "b"})), list_walk::progress::more);
  EXPECT_EQ(v.add_page(page_of({"c"})), list_walk::progress::done);
}

TEST(list_walk, notes_are_kept_in_order_each_once) {
  const auto p_w = paging(page_kind::offset, 3);
  list_walk w{p_w};
  w.add_page(page_of({"n3", "n1", "n2"}));
  w.add_page(page_of({"n2", "n4", "n1"}));
  w.add_page(page_of({"n0"}));
  const auto notes = w.take_notes();
  ASSERT_EQ(notes.size(), 5u);
  const char* order[] = {"n3", "n1", "n2", "n4", "n0"};
  for (std::size_t i = 0; i < notes.size(); ++i) {
    EXPECT_EQ(notes[i].id, order[i]);
    EXPECT_EQ(notes[i].content, protocol::hash_content(order[i]));
  }
}

TEST(list_walk, many_notes_seen_twice_are_kept_once) {
  const auto p_w = paging(page_kind::offset, 0);
  list_walk w{p_w};
  answer_body b;
  for (int i = 0; i < 20000; ++i)
    b.notes.push_back({"n" + std::to_string(i % 10000), {}});
  w.add_page(b);
  const auto notes = w.take_notes();
  ASSERT_EQ(notes.size(), 10000u);
  EXPECT_EQ(notes.front().id, "n0");
  EXPECT_EQ(notes.back().id, "n9999");
}

} // namespace
} // namespace throng::model
