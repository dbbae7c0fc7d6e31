// The flags several commands share (common_flags.hpp).

#include "apps/common_flags.hpp"

#include <ostream>

#include "apps/cli_checks.hpp"
#include "config/duration.hpp"

namespace throng::apps {

CLI::App* add_command(CLI::App& parent, const std::string& name,
                      const std::string& description) {
  auto* cmd = parent.add_subcommand(name, description);
  cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  return cmd;
}

CLI::Option* add_duration_flag(CLI::App& cmd, const std::string& name,
                               std::string& text, const std::string& description) {
  return cmd.add_option(name, text, description)->capture_default_str();
}

CLI::Option* add_count_flag(CLI::App& cmd, const std::string& name,
                            std::size_t& value, const std::string& description,
                            std::size_t lo, std::size_t hi) {
  return cmd.add_option(name, value, description)
    ->capture_default_str()
    ->check(CLI::Range(lo, hi));
}

CLI::Option* add_store_flag(CLI::App& cmd, std::string& spec,
                            const std::string& description) {
  return cmd.add_option("--store", spec, description)
    ->capture_default_str()
    ->check(store_check());
}

CLI::Option* add_migration_bug_flag(CLI::App& cmd, std::string& name,
                                    const std::string& description) {
  return cmd.add_option("--migration-bug", name, description)
    ->capture_default_str()
    ->check(migration_bug_check());
}

CLI::Option* add_out_flag(CLI::App& cmd, std::string& dir) {
  return cmd.add_option("--out", dir,
                        "Write summary.json, timeseries.csv, violations.jsonl and "
                        "report.html here");
}

void add_web_flags(CLI::App& cmd, std::string& address, std::string& token) {
  cmd.add_option("--web", address,
                 "Serve the live dashboard at http://HOST:PORT (a loopback address unless "
                 "--web-token is given; port 0 picks one)");
  cmd.add_option("--web-token", token,
                 "The token the dashboard's controls need (Authorization: Bearer); "
                 "required for an address that is not loopback");
}

CLI::Option* add_quiet_flag(CLI::App& cmd, bool& quiet) {
  return cmd.add_flag("--quiet", quiet, "No live status line");
}

std::optional<std::chrono::milliseconds>
parse_duration_flag(std::string_view command, std::string_view flag,
                    const std::string& text, std::ostream& err, bool allow_zero) {
  auto d = config::parse_duration(text);
  if (!d) {
    err << command << ": " << flag << ": " << d.error().message << '\n';
    return std::nullopt;
  }
  if (!allow_zero && d->count() <= 0) {
    err << command << ": " << flag << ": must be more than 0\n";
    return std::nullopt;
  }
  return *d;
}

} // namespace throng::apps
