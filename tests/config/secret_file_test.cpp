// Tests of read_secret_file on temporary files: what it keeps of a secret
// and each way a file is refused.

#include "config/secret_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/temp_dir.hpp"

using throng::config::read_secret_file;
namespace fs = std::filesystem;

namespace {

constexpr auto owner_only = fs::perms::owner_read | fs::perms::owner_write;

// The fixture: a fresh directory for each test (a temp_dir), removed with all
// it holds at the end of the test.
class secret_file : public ::testing::Test {
protected:
  // Writes `content` to the file `name` with permissions `perms`; returns its path.
  std::string write(const std::string& name, const std::string& content,
                    fs::perms perms = owner_only) {
    auto path = dir_ / name;
    std::ofstream{path, std::ios::binary} << content;
    fs::permissions(path, perms, fs::perm_options::replace);
    return path;
  }

  // Returns the error read_secret_file gives for `path`, or "" if it accepts it.
  static std::string refusal(const std::string& path) {
    auto got = read_secret_file(path);
    return got ? std::string{} : got.error().message;
  }

  throng::testing::temp_dir dir_;
};

const std::string sixteen = "0123456789abcdef";

} // namespace

TEST_F(secret_file, drops_one_trailing_newline) {
  EXPECT_EQ(*read_secret_file(write("a", sixteen)), sixteen);
  EXPECT_EQ(*read_secret_file(write("b", sixteen + "\n")), sixteen);
  EXPECT_EQ(*read_secret_file(write("c", sixteen + "\r\n")), sixteen);
  EXPECT_EQ(*read_secret_file(write("d", sixteen + "\n\n")), sixteen + "\n");
  EXPECT_EQ(*read_secret_file(write("e", sixteen + "\r")), sixteen + "\r");
}

TEST_F(secret_file, keeps_every_other_byte) {
  const char raw[] = " line one\nline two\0\xff\r\n ";
  const std::string secret(raw, sizeof raw - 1);
  EXPECT_EQ(*read_secret_file(write("s", secret)), secret);
}

TEST_F(secret_file, accepts_the_length_limits) {
  EXPECT_TRUE(read_secret_file(write("min", sixteen)).has_value());
  EXPECT_TRUE(read_secret_file(write("max", std::string(4096, 'x'))).has_value());
  EXPECT_TRUE(read_secret_file(write("max_nl", std::string(4096, 'x') + "\r\n")).has_value());
}

TEST_F(secret_file, refuses_a_missing_file) {
  auto path = dir_ / "absent";
  auto why = refusal(path);
  EXPECT_NE(why.find(path), std::string::npos) << why;
  EXPECT_NE(why.find("cannot open"), std::string::npos) << why;
  EXPECT_NE(refusal(""), "");
}

TEST_F(secret_file, refuses_what_is_not_a_regular_file) {
  auto why = refusal(dir_.path().string());
  EXPECT_NE(why.find(dir_.path().string()), std::string::npos) << why;
  EXPECT_NE(why.find("not a regular file"), std::string::npos) << why;
  auto fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(refusal(fifo).find("not a regular file"), std::string::npos); // without blocking
}

TEST_F(secret_file, refuses_an_unreadable_file) {
  auto path = write("locked", sixteen, fs::perms::none);
  if (::geteuid() == 0)
    GTEST_SKIP() << "root reads a file whatever its permissions";
  auto why = refusal(path);
  EXPECT_NE(why.find(path), std::string::npos) << why;
  EXPECT_NE(why.find("cannot open"), std::string::npos) << why;
}

TEST_F(secret_file, refuses_empty_and_short_secrets) {
  for (const char* content : {"", "\n", "\r\n"}) {
    auto path = write("empty", content);
    auto why = refusal(path);
    EXPECT_NE(why.find(path), std::string::npos) << why;
    EXPECT_NE(why.find("empty"), std::string::npos) << why;
  }
  auto path = write("short", sixteen.substr(1) + "\n");
  auto why = refusal(path);
  EXPECT_NE(why.find(path), std::string::npos) << why;
  EXPECT_NE(why.find("15 bytes"), std::string::npos) << why;
  EXPECT_NE(why.find("at least 16"), std::string::npos) << why;
}

TEST_F(secret_file, refuses_a_long_secret) {
  for (const auto& content :
       {std::string(4097, 'x'), std::string(4097, 'x') + "\n", std::string(1 << 20, 'x')}) {
    auto path = write("long", content);
    auto why = refusal(path);
    EXPECT_NE(why.find(path), std::string::npos) << why;
    EXPECT_NE(why.find("longer than 4096 bytes"), std::string::npos) << why;
  }
}

TEST_F(secret_file, refuses_a_file_group_or_others_may_use) {
  using p = fs::perms;
  for (auto extra : {p::group_read, p::group_write, p::others_read, p::others_write,
                     p::group_exec, p::others_exec}) {
    auto path = write("loose", sixteen, owner_only | extra);
    auto why = refusal(path);
    EXPECT_NE(why.find("group or others"), std::string::npos) << why;
    EXPECT_NE(why.find("chmod 600 " + path), std::string::npos) << why;
  }
  auto why = refusal(write("shared", sixteen, owner_only | p::group_read | p::others_read));
  EXPECT_NE(why.find("mode 0644"), std::string::npos) << why;
  EXPECT_TRUE(read_secret_file(write("owner_read_only", sixteen, p::owner_read)).has_value());
}

TEST_F(secret_file, checks_the_file_a_symlink_names) {
  auto target = write("target", sixteen, owner_only | fs::perms::others_read);
  auto link = dir_ / "link";
  fs::create_symlink(target, link);
  EXPECT_NE(refusal(link).find("chmod 600"), std::string::npos);
  fs::permissions(target, owner_only, fs::perm_options::replace);
  EXPECT_EQ(*read_secret_file(link), sixteen);
}
