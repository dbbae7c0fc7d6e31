#pragma once

// A string of 16 bytes that holds up to 15 characters in place: note and
// account ids, tokens and the like, of which a crowd keeps millions.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace throng::model {

/// An immutable string in 16 bytes (std::string takes 32): up to
/// inline_capacity characters are kept in place, longer ones on the heap
/// (owned, exactly sized). The reference service's note ids ('n' and up to
/// 12 base-36 digits) always fit in place. A value type; not thread-safe.
class short_string {
public:
  static constexpr std::size_t inline_capacity = 15;

  short_string() noexcept { bytes_[tag_at] = 0; }
  short_string(std::string_view s); // NOLINT: converts like std::string
  short_string(const std::string& s) : short_string(std::string_view{s}) {} // NOLINT
  short_string(const char* s) : short_string(std::string_view{s}) {} // NOLINT
  short_string(const short_string& other) : short_string(other.view()) {}
  short_string(short_string&& other) noexcept;
  short_string& operator=(const short_string& other);
  short_string& operator=(short_string&& other) noexcept;
  ~short_string() { release(); }

  /// Returns the characters; valid until this string changes or goes.
  std::string_view view() const noexcept;
  operator std::string_view() const noexcept { return view(); } // NOLINT
  std::string str() const { return std::string{view()}; }

  std::size_t size() const noexcept { return view().size(); }
  bool empty() const noexcept { return size() == 0; }

  /// Makes this string empty.
  void clear() noexcept { release(); }

  /// Returns whether the characters are on the heap (longer than
  /// inline_capacity).
  bool on_heap() const noexcept {
    return static_cast<unsigned char>(bytes_[tag_at]) == heap_tag;
  }

  friend bool operator==(const short_string& a, const short_string& b) noexcept {
    return a.view() == b.view();
  }
  friend bool operator==(const short_string& a, std::string_view b) noexcept {
    return a.view() == b;
  }
  friend bool operator==(const short_string& a, const char* b) noexcept {
    return a.view() == std::string_view{b};
  }
  friend bool operator==(const short_string& a, const std::string& b) noexcept {
    return a.view() == std::string_view{b};
  }
  friend std::ostream& operator<<(std::ostream& os, const short_string& s);

private:
  // In place: the characters, then their count in the last byte. On the
  // heap: the pointer, the count (32 bits), and heap_tag in the last byte.
  static constexpr std::size_t tag_at = 15;
  static constexpr unsigned char heap_tag = 0xff;

  const char* heap_data() const noexcept;
  std::uint32_t heap_size() const noexcept;
  void release() noexcept;

  alignas(8) char bytes_[16];
};

static_assert(sizeof(short_string) == 16);

} // namespace throng::model
