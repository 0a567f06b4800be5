// Finding and opening a shared module (core/shared_module.hpp): the order of the places looked
// in, and an error naming each place and why it failed when none loads.
#include "core/shared_module.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace corridor {
namespace {

const char* const kVariable = "CORRIDOR_TEST_SHARED_MODULE";

std::filesystem::path exe_lib(const char* file) {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "lib" / file;
}

TEST(SharedModule, LooksInTheVariableThenBesideTheExecutableThenTheBuildTree) {
  const SharedModule m{"libcorridor_none.so", kVariable,
                       "/nonexistent/build/lib/libcorridor_none.so", "entry"};
  ::unsetenv(kVariable);
  EXPECT_EQ(module_candidates(m),
            (std::vector<std::string>{exe_lib(m.file).string(), m.build_tree_path}));
  ::setenv(kVariable, "/somewhere/mine.so", 1);
  EXPECT_EQ(module_candidates(m),
            (std::vector<std::string>{"/somewhere/mine.so", exe_lib(m.file).string(),
                                      m.build_tree_path}));
  ::unsetenv(kVariable);
}

TEST(SharedModule, NoModuleAnywhereNamesEachPlaceAndWhy) {
  const auto junk = std::filesystem::temp_directory_path() /
                    ("corridor-shared-module-" + std::to_string(::getpid()) + ".so");
  std::ofstream(junk) << "not a shared object";
  ::setenv(kVariable, junk.c_str(), 1);
  const SharedModule m{"libcorridor_none.so", kVariable,
                       "/nonexistent/build/lib/libcorridor_none.so", "entry"};
  try {
    (void)load_module_entry(m, "the test needs the module", [](void*) { return true; });
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(
        what.rfind("the test needs the module libcorridor_none.so, which could not be loaded; "
                   "looked in:\n  " +
                       junk.string() + ": ",
                   0),
        0u)
        << what;
    // dlopen's own reason for the file that is not a shared object.
    EXPECT_NE(what.find(junk.string() + ": " + junk.string()), std::string::npos) << what;
    EXPECT_NE(what.find("\n  " + exe_lib(m.file).string() + ": no such file"), std::string::npos);
    EXPECT_NE(what.find("\n  /nonexistent/build/lib/libcorridor_none.so: no such file"),
              std::string::npos);
  }
  ::unsetenv(kVariable);
  std::filesystem::remove(junk);
}

TEST(SharedModule, ReturnsTheEntryTheCallerAccepts) {
  // libm stands in for a module: its `cos` is the entry.
  ::setenv(kVariable, "/lib/x86_64-linux-gnu/libm.so.6", 1);
  if (!std::filesystem::exists("/lib/x86_64-linux-gnu/libm.so.6")) GTEST_SKIP() << "no libm there";
  const SharedModule m{"libcorridor_none.so", kVariable, "/nonexistent/libcorridor_none.so", "cos"};
  void* seen = nullptr;
  void* entry = load_module_entry(m, "the test needs", [&](void* e) {
    seen = e;
    return reinterpret_cast<double (*)(double)>(e)(0.0) == 1.0;
  });
  EXPECT_EQ(entry, seen);
  EXPECT_EQ(entry, ::dlsym(RTLD_DEFAULT, "cos"));

  // Refused (a stale module, say): the search goes on and the error says so.
  try {
    (void)load_module_entry(m, "the test needs", [](void*) { return false; });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "/lib/x86_64-linux-gnu/libm.so.6: not this build's module (rebuild Corridor)"),
              std::string::npos)
        << e.what();
  }
  ::unsetenv(kVariable);
}

}  // namespace
}  // namespace corridor
