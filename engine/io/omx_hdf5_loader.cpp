// Loads libcorridor_omx_hdf5.so on the first OMX read or write (omx_hdf5_module.hpp says why).
//
// Looked for, first found wins:
//   1. $CORRIDOR_OMX_MODULE (a path to the module file), when set;
//   2. <folder of the running executable>/../lib/libcorridor_omx_hdf5.so (bin/corridor and
//      lib/ side by side, as in the build tree and any copy of it);
//   3. the build tree's lib/ folder this library was compiled for (CORRIDOR_OMX_MODULE_PATH), so
//      test and benchmark executables in other folders find it too.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/error.hpp"
#include "io/omx_hdf5_module.hpp"

namespace corridor::io::detail {

namespace {

constexpr const char* kModuleFile = "libcorridor_omx_hdf5.so";

std::vector<std::string> candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("CORRIDOR_OMX_MODULE"); env != nullptr && *env != '\0') {
    out.emplace_back(env);
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back((exe.parent_path().parent_path() / "lib" / kModuleFile).string());
  out.emplace_back(CORRIDOR_OMX_MODULE_PATH);
  return out;
}

const OmxHdf5Api* load() {
  std::string tried;
  for (const auto& path : candidates()) {
    if (!std::filesystem::exists(path)) {
      tried += "\n  " + path + ": no such file";
      continue;
    }
    // Never unloaded: HDF5 keeps global state for the life of the process.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      tried += "\n  " + path + ": " + (why != nullptr ? why : "dlopen failed");
      continue;
    }
    using Entry = const OmxHdf5Api* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "corridor_omx_hdf5_api"));
    const OmxHdf5Api* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->abi_version != kOmxHdf5AbiVersion) {
      tried += "\n  " + path + ": not this build's OMX module (rebuild Corridor)";
      ::dlclose(handle);
      continue;
    }
    return api;
  }
  throw Error(std::string("OMX files need the HDF5 module ") + kModuleFile +
              ", which could not be loaded; looked in:" + tried);
}

}  // namespace

const OmxHdf5Api& omx_hdf5_api() {
  static const OmxHdf5Api* const api = load();
  return *api;
}

void rethrow(const OmxHdf5Failure& failure) {
  if (failure.input_error) throw InputError(failure.where, failure.expected);
  throw Error(failure.message);
}

}  // namespace corridor::io::detail
