// One run of a prepared statement of the SQLite store (sqlite_query.hpp).

#include "server/sqlite_query.hpp"

namespace throng::server {

query::query(sqlite_store::database& db, std::string_view sql)
  : stmt_(db.prepare(sql)) {
}

query::~query() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

query& query::bind(std::string_view text) {
  // A null pointer would bind SQL NULL, not an empty string.
  const char* data = text.data() != nullptr ? text.data() : "";
  if (stmt_ != nullptr && bound_)
    bound_ = sqlite3_bind_text(stmt_, ++index_, data,
                               static_cast<int>(text.size()), nullptr)
             == SQLITE_OK;
  return *this;
}

query& query::bind(std::uint64_t n) {
  if (stmt_ != nullptr && bound_)
    bound_ = sqlite3_bind_int64(stmt_, ++index_, static_cast<sqlite3_int64>(n))
             == SQLITE_OK;
  return *this;
}

step_result query::step() {
  if (stmt_ == nullptr || !bound_)
    return step_result::failed;
  switch (sqlite3_step(stmt_) & 0xff) {
    case SQLITE_ROW:
      return step_result::row;
    case SQLITE_DONE:
      return step_result::done;
    case SQLITE_CONSTRAINT:
      return step_result::constraint;
    default:
      return step_result::failed;
  }
}

step_result query::run() {
  auto r = step();
  return r == step_result::row ? step_result::failed : r;
}

std::string query::text(int column) const {
  auto* p = sqlite3_column_text(stmt_, column);
  auto n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string{}
                      : std::string{reinterpret_cast<const char*>(p),
                                    static_cast<std::size_t>(n)};
}

std::uint64_t query::integer(int column) const {
  return static_cast<std::uint64_t>(sqlite3_column_int64(stmt_, column));
}

} // namespace throng::server
