#pragma once
// Runs the built `corridor` binary from a test and captures exit code, stdout and stderr.
//
//   auto r = corridor::test::run_corridor({"assign", "--network", path});
//   EXPECT_EQ(r.exit_code, 2);
//   EXPECT_THAT(r.err, HasSubstr("capacity"));
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "test_data.hpp"

namespace corridor::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline CliResult run_corridor(const std::vector<std::string>& args) {
  const auto tmp = std::filesystem::temp_directory_path() /
                   ("corridor-cli-" + std::to_string(::getpid()) + "-" +
                    std::to_string(reinterpret_cast<std::uintptr_t>(&args)));
  std::string cmd = shell_quote(corridor_binary().string());
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " >" + shell_quote(tmp.string() + ".out") + " 2>" + shell_quote(tmp.string() + ".err");
  CliResult r;
  const int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove(p);
    return s;
  };
  r.out = slurp(tmp.string() + ".out");
  r.err = slurp(tmp.string() + ".err");
  return r;
}

}  // namespace corridor::test
