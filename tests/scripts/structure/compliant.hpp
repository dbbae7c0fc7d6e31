#pragma once

// A compliant header: its opening comment comes right after #pragma once.

namespace fixture {

/// A class whose members are defined in the class.
class counter {
public:
  explicit counter(int start) : value_{start}, step_(1) {}

  int next() noexcept {
    value_ += step_;
    return value_;
  }

private:
  int value_;
  int step_;
};

} // namespace fixture
