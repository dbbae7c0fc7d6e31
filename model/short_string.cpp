// A 16-byte string with 15 characters in place (short_string.hpp).

#include "model/short_string.hpp"

#include <cstring>
#include <limits>
#include <new>
#include <ostream>

namespace throng::model {

short_string::short_string(std::string_view s) {
  if (s.size() <= inline_capacity) {
    std::memcpy(bytes_, s.data(), s.size());
    bytes_[tag_at] = static_cast<char>(s.size());
    return;
  }
  if (s.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::bad_alloc{};
  auto* p = new char[s.size()];
  std::memcpy(p, s.data(), s.size());
  const auto n = static_cast<std::uint32_t>(s.size());
  std::memcpy(bytes_, &p, sizeof p);
  std::memcpy(bytes_ + sizeof p, &n, sizeof n);
  bytes_[tag_at] = static_cast<char>(heap_tag);
}

short_string::short_string(short_string&& other) noexcept {
  std::memcpy(bytes_, other.bytes_, sizeof bytes_);
  other.bytes_[tag_at] = 0;
}

short_string& short_string::operator=(const short_string& other) {
  if (this != &other)
    *this = short_string{other};
  return *this;
}

short_string& short_string::operator=(short_string&& other) noexcept {
  if (this != &other) {
    release();
    std::memcpy(bytes_, other.bytes_, sizeof bytes_);
    other.bytes_[tag_at] = 0;
  }
  return *this;
}

std::string_view short_string::view() const noexcept {
  if (on_heap())
    return {heap_data(), heap_size()};
  return {bytes_, static_cast<std::size_t>(bytes_[tag_at])};
}

const char* short_string::heap_data() const noexcept {
  const char* p = nullptr;
  std::memcpy(&p, bytes_, sizeof p);
  return p;
}

std::uint32_t short_string::heap_size() const noexcept {
  std::uint32_t n = 0;
  std::memcpy(&n, bytes_ + sizeof(char*), sizeof n);
  return n;
}

void short_string::release() noexcept {
  if (on_heap())
    delete[] heap_data();
  bytes_[tag_at] = 0;
}

std::ostream& operator<<(std::ostream& os, const short_string& s) {
  return os << s.view();
}

} // namespace throng::model
