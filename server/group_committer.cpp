// The group committer of one SQLite database (group_committer.hpp).

#include "server/group_committer.hpp"

#include <utility>

#include <sqlite3.h>

namespace throng::server {

namespace {

// The commit hook's veto: SQLite turns the COMMIT into a rollback when it
// returns non-zero.
int veto_commit(void* options) {
  const auto& opts = *static_cast<const commit_options*>(options);
  return opts.allow_commit() ? 0 : 1;
}

} // namespace

group_committer::group_committer(sqlite_store::database& db,
                                 commit_options opts)
  : db_(db), opts_(std::move(opts)) {
  if (opts_.max_batch == 0)
    opts_.max_batch = 1;
  if (opts_.allow_commit)
    sqlite3_commit_hook(db_.db, &veto_commit, &opts_);
  thread_ = std::thread{[this] { run(); }};
}

group_committer::~group_committer() {
  {
    std::lock_guard guard{db_.mutex};
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
  if (opts_.allow_commit)
    sqlite3_commit_hook(db_.db, nullptr, nullptr);
}

bool group_committer::begin() {
  // A statement's error (a full disk, an I/O error) may have rolled the
  // whole transaction back: its batch is lost, and a new one starts.
  if (open_ && sqlite3_get_autocommit(db_.db) != 0)
    finish(false);
  if (open_)
    return true;
  if (sqlite3_exec(db_.db, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr)
      != SQLITE_OK)
    return false;
  open_ = std::make_shared<batch>();
  writers_ = 0;
  opened_at_ = std::chrono::steady_clock::now();
  return true;
}

bool group_committer::commit(std::unique_lock<std::mutex>& lock) {
  if (!open_)
    return false;
  if (sqlite3_get_autocommit(db_.db) != 0) {
    finish(false);
    return false;
  }
  auto mine = open_;
  if (++writers_ == 1 || writers_ >= opts_.max_batch)
    work_.notify_one();
  over_.wait(lock, [&] { return mine->over; });
  return mine->committed;
}

void group_committer::flush() {
  if (!open_)
    return;
  finish(sqlite3_get_autocommit(db_.db) == 0 && commit_now());
}

void group_committer::run() {
  std::unique_lock lock{db_.mutex};
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || writers_ > 0; });
    if (writers_ == 0) { // stopping with no writer waiting
      flush();
      return;
    }
    // Let the batch fill while its first writer waits, within the bounds.
    work_.wait_until(lock, opened_at_ + opts_.max_wait, [&] {
      return stopping_ || writers_ >= opts_.max_batch || !open_;
    });
    flush(); // a move may have flushed it meanwhile: then nothing is open
  }
}

bool group_committer::commit_now() {
  if (sqlite3_exec(db_.db, "COMMIT;", nullptr, nullptr, nullptr) == SQLITE_OK)
    return true;
  if (sqlite3_get_autocommit(db_.db) == 0)
    sqlite3_exec(db_.db, "ROLLBACK;", nullptr, nullptr, nullptr);
  return false;
}

void group_committer::finish(bool committed) {
  open_->over = true;
  open_->committed = committed;
  open_.reset();
  writers_ = 0;
  over_.notify_all();
}

} // namespace throng::server
