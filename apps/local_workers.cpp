// Worker processes on this machine (local_workers.hpp).

#include "apps/local_workers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "protocol/peer_challenge.hpp"

extern char** environ;

namespace throng::apps {

namespace {

constexpr auto wait_limit = std::chrono::seconds(10);

/// Reads from `fd` until a line that names the worker's address, or
/// `wait_limit`; returns the address, or empty.
std::string read_address(int fd) {
  const std::string mark = "listening on ";
  std::string text;
  const auto until = std::chrono::steady_clock::now() + wait_limit;
  while (std::chrono::steady_clock::now() < until && text.size() < 4096) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0)
      continue;
    char buf[512];
    const auto got = read(fd, buf, sizeof buf);
    if (got <= 0)
      break;
    text.append(buf, static_cast<std::size_t>(got));
    const auto at = text.find(mark);
    const auto end = at == std::string::npos ? at : text.find(' ', at + mark.size());
    if (end != std::string::npos)
      return text.substr(at + mark.size(), end - at - mark.size());
  }
  return {};
}

} // namespace

protocol::result<std::unique_ptr<local_workers>, std::string>
local_workers::start(std::size_t n, std::size_t threads) {
  std::unique_ptr<local_workers> w{new local_workers};
  std::string pattern = (std::filesystem::temp_directory_path() / "throng-workers-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr)
    return std::string{"cannot make a private temporary folder: "} + std::strerror(errno);
  w->folder_ = pattern;
  w->secret_file_ = w->folder_ + "/secret";
  w->secret_ = protocol::make_nonce();
  const int fd = open(w->secret_file_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || write(fd, w->secret_.data(), w->secret_.size())
                  != static_cast<ssize_t>(w->secret_.size())) {
    if (fd >= 0)
      close(fd);
    return "cannot write " + w->secret_file_ + ": " + std::strerror(errno);
  }
  close(fd);
  for (std::size_t i = 0; i < n; ++i) {
    std::string address;
    if (auto why = w->spawn_one(threads, address); !why.empty())
      return "local worker " + std::to_string(i + 1) + ": " + why;
    w->addresses_.push_back(std::move(address));
  }
  return w;
}

std::string local_workers::spawn_one(std::size_t threads, std::string& address) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0)
    return std::string{"pipe: "} + std::strerror(errno);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  const std::string threads_text = std::to_string(threads);
  std::vector<std::string> args = {"throng", "worker", "--listen", "127.0.0.1:0",
                                   "--secret-file", secret_file_, "--runs", "1",
                                   "--threads", threads_text, "--quiet"};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (err != 0) {
    close(out[0]);
    return std::string{"cannot start: "} + std::strerror(err);
  }
  pids_.push_back(pid);
  address = read_address(out[0]);
  close(out[0]);
  return address.empty() ? "did not say where it listens within 10 s" : "";
}

local_workers::~local_workers() {
  // By now each worker's end of the run has reached the coordinator (or the
  // worker was lost): nothing is left for it to send.
  for (auto pid : pids_)
    kill(pid, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + wait_limit;
  for (auto pid : pids_) {
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= until) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (!folder_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
}

} // namespace throng::apps
