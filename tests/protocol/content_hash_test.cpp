// Tests of hash_content (known SHA-256 vectors, threads at once) and to_hex.

#include "protocol/content_hash.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using namespace throng::protocol;

TEST(content_hash, known_vectors) {
  EXPECT_EQ(to_hex(hash_content("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(hash_content("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(
    to_hex(hash_content(
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(content_hash, covers_every_byte) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(hash_content(with_nul), hash_content("a"));
  EXPECT_NE(hash_content("abc"), hash_content("abd"));
  EXPECT_EQ(hash_content(std::string(100000, 'x')),
            hash_content(std::string(100000, 'x')));
}

TEST(content_hash, threads_hashing_at_once_each_get_their_own_digests) {
  const auto abc = hash_content("abc");
  const auto big = hash_content(std::string(10000, 'y'));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < wrong.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i)
        if (hash_content(i % 2 ? "abc" : std::string(10000, 'y')) != (i % 2 ? abc : big))
          ++wrong[t];
    });
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(content_hash, hex_is_lower_case_and_padded) {
  content_hash h{};
  h[0] = 0x0f;
  h[1] = 0xa0;
  h[31] = 0xff;
  auto hex = to_hex(h);
  ASSERT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.substr(0, 4), "0fa0");
  EXPECT_EQ(hex.substr(60), "00ff");
}

TEST(content_hash, fingerprint_is_the_hash_prefix) {
  const auto a = hash_content("abc");
  const auto b = hash_content("abd");
  EXPECT_EQ(fingerprint_of(a), fingerprint_of(hash_content("abc")));
  EXPECT_NE(fingerprint_of(a), fingerprint_of(b));
  content_hash h{};
  h[8] = 1; // past the prefix: the same fingerprint
  EXPECT_EQ(fingerprint_of(h), fingerprint_of(content_hash{}));
  h[7] = 1;
  EXPECT_NE(fingerprint_of(h), fingerprint_of(content_hash{}));
}
