// Loads libcorridor_omx_hdf5.so on the first OMX read or write (omx_hdf5_module.hpp says why;
// where it is looked for: core/shared_module.hpp, with $CORRIDOR_OMX_MODULE first).
#include <string>

#include "core/error.hpp"
#include "core/shared_module.hpp"
#include "io/omx_hdf5_module.hpp"

namespace corridor::io::detail {

namespace {

const OmxHdf5Api* load() {
  const SharedModule module{"libcorridor_omx_hdf5.so", "CORRIDOR_OMX_MODULE",
                            CORRIDOR_OMX_MODULE_PATH, "corridor_omx_hdf5_api"};
  const OmxHdf5Api* api = nullptr;
  (void)load_module_entry(module, "OMX files need the HDF5 module", [&](void* entry) {
    api = reinterpret_cast<const OmxHdf5Api* (*)()>(entry)();
    return api != nullptr && api->abi_version == kOmxHdf5AbiVersion;
  });
  return api;
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
