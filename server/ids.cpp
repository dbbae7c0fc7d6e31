// Account and note ids, and shard placement (ids.hpp).

#include "server/ids.hpp"

#include "protocol/digits.hpp"

namespace throng::server {

std::string make_account_id(std::uint64_t n) {
  return 'a' + protocol::to_base36(n);
}

std::string make_note_id(std::uint64_t n) {
  return 'n' + protocol::to_base36(n);
}

namespace {

// Parses `prefix` and n in base 36 without leading zeros (what make_*_id
// gives), n below 36^12.
std::optional<std::uint64_t> parse_id(std::string_view id, char prefix) {
  if (id.size() < 2 || id.size() > 13 || id[0] != prefix || id[1] == '0')
    return std::nullopt;
  std::uint64_t n = 0;
  for (auto c : id.substr(1)) {
    std::uint64_t d = 0;
    if (c >= '0' && c <= '9')
      d = static_cast<std::uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'z')
      d = static_cast<std::uint64_t>(c - 'a') + 10;
    else
      return std::nullopt;
    n = n * 36 + d; // 12 base-36 digits fit in 64 bits
  }
  return n;
}

} // namespace

std::optional<std::uint64_t> parse_note_id(std::string_view nid) {
  return parse_id(nid, 'n');
}

std::optional<std::uint64_t> parse_account_id(std::string_view aid) {
  return parse_id(aid, 'a');
}

std::size_t placement_shard(std::string_view aid, std::size_t shards) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (auto c : aid) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<std::size_t>(h % shards);
}

std::string shard_name(std::size_t index) {
  return "shard-" + std::to_string(index);
}

} // namespace throng::server
