// An account's note rows in a shard database (sqlite_notes.hpp).

#include "server/sqlite_notes.hpp"

#include <sqlite3.h>

#include "server/ids.hpp"
#include "server/sqlite_query.hpp"

namespace throng::server {

bool read_notes(sqlite_store::database& db, std::string_view aid,
                protocol::note_list& out) {
  query select{db, "SELECT seq, content FROM notes WHERE account_id = ? "
                   "ORDER BY seq;"};
  select.bind(aid);
  step_result r;
  while ((r = select.step()) == step_result::row)
    out.notes.push_back(
      protocol::note{make_note_id(select.integer(0)), select.text(1)});
  return r == step_result::done;
}

bool write_notes(sqlite_store::database& db, std::string_view aid,
                 const protocol::note_list& notes) {
  if (sqlite3_exec(db.db, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr)
      != SQLITE_OK)
    return false;
  bool ok = query{db, "DELETE FROM notes WHERE account_id = ?;"}
              .bind(aid)
              .run()
            == step_result::done;
  for (const auto& n : notes.notes) {
    auto seq = parse_note_id(n.id);
    if (!ok || !seq)
      break;
    ok = query{db, "INSERT INTO notes (seq, account_id, content) "
                   "VALUES (?, ?, ?);"}
           .bind(*seq)
           .bind(aid)
           .bind(n.content)
           .run()
         == step_result::done;
  }
  if (ok && sqlite3_exec(db.db, "COMMIT;", nullptr, nullptr, nullptr)
              == SQLITE_OK)
    return true;
  sqlite3_exec(db.db, "ROLLBACK;", nullptr, nullptr, nullptr);
  return false;
}

} // namespace throng::server
