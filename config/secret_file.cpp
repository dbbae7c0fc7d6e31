// Reading and checking the shared secret's file (secret_file.hpp).

#include "config/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace throng::config {

namespace {

// A trailing "\r\n" may follow the longest secret.
constexpr std::size_t max_file_bytes = max_secret_bytes + 2;

// Closes a descriptor when it goes out of scope.
class fd_closer {
public:
  explicit fd_closer(int fd) : fd_(fd) {}
  fd_closer(const fd_closer&) = delete;
  fd_closer& operator=(const fd_closer&) = delete;
  ~fd_closer() { ::close(fd_); }

private:
  int fd_;
};

secret_file_error fail(const std::string& path, const std::string& why) {
  return secret_file_error{"secret file " + path + ": " + why};
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Reads up to one byte past max_file_bytes: enough to tell that a secret is
// too long without reading all of a large file.
protocol::result<std::string, secret_file_error> read_capped(int fd, const std::string& path) {
  std::string text(max_file_bytes + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    auto n = ::read(fd, text.data() + got, text.size() - got);
    if (n == 0)
      break;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return fail(path, std::string{"cannot read: "} + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

void drop_one_newline(std::string& text) {
  if (text.ends_with("\r\n"))
    text.resize(text.size() - 2);
  else if (text.ends_with('\n'))
    text.pop_back();
}

} // namespace

protocol::result<std::string, secret_file_error> read_secret_file(const std::string& path) {
  if (path.empty())
    return secret_file_error{"secret file: no path given"};
  // O_NONBLOCK so that a FIFO named by mistake is opened, and then refused as
  // not a regular file, instead of blocking until a writer comes.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return fail(path, std::string{"cannot open: "} + std::strerror(errno));
  fd_closer closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return fail(path, std::string{"cannot read: "} + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return fail(path, "not a regular file");
  // Like ssh with a private key: any permission for group or others refuses
  // the file, since whoever can read it can command the workers.
  if ((st.st_mode & 077) != 0)
    return fail(path, "group or others may access it (mode " + octal_mode(st.st_mode)
                        + "); run: chmod 600 " + path);
  auto text = read_capped(fd, path);
  if (!text)
    return text;
  auto secret = std::move(text).value();
  drop_one_newline(secret);
  if (secret.empty())
    return fail(path, "the secret is empty");
  if (secret.size() < min_secret_bytes)
    return fail(path, "the secret is " + std::to_string(secret.size())
                        + " bytes; it must have at least " + std::to_string(min_secret_bytes));
  if (secret.size() > max_secret_bytes)
    return fail(path, "the secret is longer than " + std::to_string(max_secret_bytes)
                        + " bytes");
  return secret;
}

} // namespace throng::config
