// Tests of protocol/operation.hpp: names, enum order, categories, writes.

#include "protocol/operation.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

using namespace throng::protocol;

TEST(operation, names_round_trip) {
  std::set<std::string_view> names;
  for (auto op : all_operations) {
    auto name = to_string(op);
    EXPECT_FALSE(name.empty());
    names.insert(name);
    EXPECT_EQ(parse_operation(name), op);
  }
  EXPECT_EQ(names.size(), operation_count);
  EXPECT_EQ(to_string(operation::create_note), "create_note");
  EXPECT_EQ(to_string(operation::list_notes), "list_notes");
  EXPECT_EQ(to_string(operation::signup), "signup");
}

TEST(operation, all_operations_are_in_enum_order) {
  for (std::size_t i = 0; i < operation_count; ++i)
    EXPECT_EQ(static_cast<std::size_t>(all_operations[i]), i);
}

TEST(operation, parse_rejects_unknown_names) {
  EXPECT_EQ(parse_operation(""), std::nullopt);
  EXPECT_EQ(parse_operation("Create_note"), std::nullopt);
  EXPECT_EQ(parse_operation("create_note "), std::nullopt);
  EXPECT_EQ(parse_operation("delete"), std::nullopt);
}

TEST(operation, categories) {
  EXPECT_EQ(category_of(operation::signup), category::account_write);
  EXPECT_EQ(category_of(operation::login), category::account_write);
  EXPECT_EQ(category_of(operation::logout), category::account_write);
  EXPECT_EQ(category_of(operation::update_account), category::account_write);
  EXPECT_EQ(category_of(operation::read_account), category::account_read);
  EXPECT_EQ(category_of(operation::create_note), category::note_write);
  EXPECT_EQ(category_of(operation::update_note), category::note_write);
  EXPECT_EQ(category_of(operation::delete_note), category::note_write);
  EXPECT_EQ(category_of(operation::read_note), category::note_read);
  EXPECT_EQ(category_of(operation::list_notes), category::note_read);
}

TEST(operation, category_names) {
  EXPECT_EQ(to_string(category::account_read), "account_read");
  EXPECT_EQ(to_string(category::account_write), "account_write");
  EXPECT_EQ(to_string(category::note_read), "note_read");
  EXPECT_EQ(to_string(category::note_write), "note_write");
}

TEST(operation, writes_are_everything_but_reads) {
  for (auto op : all_operations) {
    bool read = op == operation::read_account || op == operation::read_note
                || op == operation::list_notes;
    EXPECT_EQ(is_write(op), !read) << to_string(op);
  }
}
