#include "app/cmd_admin.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "accounts/totp.h"
#include "app/accounts_stack.h"
#include "app/cli_options.h"
#include "app/commands.h"
#include "app/runtime.h"
#include "core/log.h"

namespace leados::app {
namespace {

struct AdminOptions {
  CommonOptions common;
  std::string email;
  bool password_stdin = false;
};

// Reads one line from stdin; with a terminal, prompts and turns echo off while typing.
std::string ReadPassword(const char* prompt, bool from_stdin) {
  const bool tty = !from_stdin && isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunCreate(const AdminOptions& opts) {
  auto config = LoadConfig(opts.common);
  if (!config) return ConfigError(config.error());
  core::log::SetLevel(core::log::ParseLevel(config->GetString("log.level")));
  auto runtime = Runtime::Open(*config);
  if (!runtime) {
    std::cerr << "leados: " << runtime.error().message << "\n";
    return 1;
  }
  auto stack = AccountsStack::Open(**runtime);
  if (!stack) {
    std::cerr << "leados: " << stack.error().message << "\n";
    return 1;
  }
  std::string password = ReadPassword("Password for the new admin: ", opts.password_stdin);
  if (!opts.password_stdin && isatty(STDIN_FILENO) == 1) {
    if (ReadPassword("Repeat the password: ", false) != password) {
      std::cerr << "leados: the two passwords differ; nothing was created\n";
      return 2;
    }
  }
  auto created = (*stack)->admins().Create(opts.email, password);
  if (!created) {
    std::cerr << "leados: " << created.error().message << "\n";
    return created.error().code == core::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  std::cout << "Created admin " << created->id << " <" << created->email << ">.\n\n"
            << "Add this account to an authenticator app (TOTP, 6 digits, 30 s); this is the only\n"
            << "time the secret is shown:\n\n"
            << created->otpauth_uri << "\n\n";
  if (auto qr = accounts::QrCodeForTerminal(created->otpauth_uri)) std::cout << *qr << "\n";
  std::cout << "Admins sign in only from the addresses in admin.allow_ips.\n";
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app) {
  auto opts = std::make_shared<AdminOptions>();
  auto* admin = app.add_subcommand("admin", "Manage the admins of this installation");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand(
      "create", "Create an admin: asks for a password, prints the TOTP enrolment URI and QR code");
  AddCommonOptions(*create, opts->common);
  create->add_option("--email", opts->email, "The admin's email address")->required();
  create->add_flag("--password-stdin", opts->password_stdin,
                   "Read the password from the first line of standard input (no prompt)");
  create->callback([opts] { SetExitCode(RunCreate(*opts)); });
}

}  // namespace leados::app
