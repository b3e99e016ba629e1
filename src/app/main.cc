// leados: one binary, many subcommands. This file only assembles the command line; each
// subcommand lives in its own cmd_*.cc file with an Add…Commands function.

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <iostream>

#include "app/commands.h"

int main(int argc, char** argv) {
  // Everything leados creates (the data folder, SQLite files, the generated master key, .eml
  // files) is readable by its own user only: the database holds password hashes, encrypted
  // fields and account emails.
  umask(0077);
  CLI::App app{"LeadOS: self-hostable lead intelligence, from public signal to delivered lead.", "leados"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  leados::app::AddAllCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2 (CLI11 maps --help to exit 0).
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return leados::app::ExitCode();
}
