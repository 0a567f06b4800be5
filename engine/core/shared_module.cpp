// Finding and opening Corridor's shared modules (shared_module.hpp).
#include "core/shared_module.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"

namespace corridor {

std::vector<std::string> module_candidates(const SharedModule& module) {
  std::vector<std::string> out;
  if (const char* env = std::getenv(module.env_variable); env != nullptr && *env != '\0') {
    out.emplace_back(env);
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path().parent_path() / "lib" / module.file).string());
  // Said once when the executable is in the build tree.
  if (out.empty() || out.back() != module.build_tree_path) out.emplace_back(module.build_tree_path);
  return out;
}

void* load_module_entry(const SharedModule& module, const std::string& needed_for,
                        const std::function<bool(void* entry)>& accept) {
  std::string tried;
  for (const auto& path : module_candidates(module)) {
    if (!std::filesystem::exists(path)) {
      tried += "\n  " + path + ": no such file";
      continue;
    }
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      tried += "\n  " + path + ": " + (why != nullptr ? why : "dlopen failed");
      continue;
    }
    void* entry = ::dlsym(handle, module.entry_symbol);
    if (entry == nullptr || !accept(entry)) {
      tried += "\n  " + path + ": not this build's module (rebuild Corridor)";
      ::dlclose(handle);
      continue;
    }
    return entry;
  }
  throw Error(needed_for + " " + module.file + ", which could not be loaded; looked in:" + tried);
}

}  // namespace corridor
