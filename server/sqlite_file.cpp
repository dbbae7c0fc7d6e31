// One database file of the SQLite store and its connections (sqlite_file.hpp).

#include "server/sqlite_file.hpp"

#include <utility>

namespace throng::server {

protocol::result<std::unique_ptr<sqlite_file>>
sqlite_file::open(const std::filesystem::path& path, const char* schema,
                  const commit_options& opts) {
  auto writer = sqlite_store::database::open(path, schema);
  if (!writer)
    return writer.error();
  auto reader = sqlite_store::database::open_reader(path);
  if (!reader)
    return reader.error();
  auto file = std::make_unique<sqlite_file>();
  file->writer = std::move(*writer);
  file->reader = std::move(*reader);
  file->committer = std::make_unique<group_committer>(*file->writer, opts);
  return file;
}

} // namespace throng::server
