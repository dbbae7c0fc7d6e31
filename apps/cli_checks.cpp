// The CLI11 checks of migration bugs, stores and faults (cli_checks.hpp).

#include "apps/cli_checks.hpp"

#include <string>

#include "server/fault_injector.hpp"
#include "server/make_store.hpp"
#include "server/migrator.hpp"

namespace throng::apps {

CLI::Validator migration_bug_check() {
  return CLI::Validator(
    [](std::string& name) {
      auto b = server::parse_migration_bug(name);
      return b ? std::string{} : b.error().message;
    },
    "BUG");
}

CLI::Validator store_check() {
  return CLI::Validator(
    [](std::string& spec) { return server::store_spec_error(spec); },
    "memory|sqlite:DIR");
}

CLI::Validator fault_check() {
  return CLI::Validator(
    [](std::string& spec) {
      auto f = server::parse_fault(spec);
      return f ? std::string{} : f.error().message;
    },
    "KIND:P");
}

} // namespace throng::apps
