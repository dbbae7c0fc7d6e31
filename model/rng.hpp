#pragma once

// The accounts' pseudo-random generator (splitmix64) and their derived seeds.

#include <cstdint>

namespace throng::model {

/// A small, fast pseudo-random generator (splitmix64): 8 bytes of state, so
/// that each of 100,000 accounts can own one. Deterministic for a seed; not
/// for cryptography. Satisfies UniformRandomBitGenerator.
class rng {
public:
  using result_type = std::uint64_t;

  explicit rng(std::uint64_t seed) noexcept : state_(seed) {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }

  result_type operator()() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// Returns a number in [0, n); 0 when n is 0.
  std::uint64_t below(std::uint64_t n) noexcept {
    __extension__ using wide = unsigned __int128;
    return n == 0 ? 0 : static_cast<std::uint64_t>((wide{(*this)()} * n) >> 64);
  }

  /// Returns a number in [0, 1).
  double uniform() noexcept {
    return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
  }

private:
  std::uint64_t state_;
};

/// Returns a well-mixed seed for stream `index` of a run seeded with `seed`,
/// so that accounts of one run draw independent sequences.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t index) noexcept {
  rng r(seed ^ (index * 0xd1b54a32d192ed03ULL));
  r();
  return r();
}

} // namespace throng::model
