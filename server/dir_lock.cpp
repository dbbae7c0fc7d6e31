// The lock on a store's directory (dir_lock.hpp).

#include "server/dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace throng::server {

protocol::result<dir_lock> dir_lock::take(const std::string& dir) {
  using error = protocol::decode_error;
  auto path = dir + "/lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return error{path + ": " + std::strerror(errno)};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    auto why = errno == EWOULDBLOCK ? std::string{"in use by another store"}
                                    : std::string{std::strerror(errno)};
    ::close(fd);
    return error{dir + ": " + why};
  }
  return dir_lock{fd};
}

dir_lock::dir_lock(dir_lock&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)) {
}

dir_lock::~dir_lock() {
  if (fd_ >= 0)
    ::close(fd_);
}

} // namespace throng::server
