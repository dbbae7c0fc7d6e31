#pragma once

// An exclusive lock on a store's directory (a lock file held with flock), so
// that one store at a time, in this process or another, uses its files.

#include <string>

#include "protocol/result.hpp"

namespace throng::server {

/// Holds `DIR/lock` locked (flock, exclusive) while it lives. Move-only.
class dir_lock {
public:
  /// Takes the lock of directory `dir`, which must exist. Returns an error
  /// naming the directory when another holder has it or the file cannot be
  /// made.
  static protocol::result<dir_lock> take(const std::string& dir);

  dir_lock(dir_lock&& other) noexcept;
  dir_lock& operator=(dir_lock&&) = delete;
  dir_lock(const dir_lock&) = delete;

  /// Releases the lock.
  ~dir_lock();

private:
  explicit dir_lock(int fd) : fd_(fd) {
  }

  int fd_;
};

} // namespace throng::server
