// Loads libcorridor_mpi.so when an MPI launcher started the process (mpi_module.hpp says why;
// where it is looked for: core/shared_module.hpp, with $CORRIDOR_MPI_MODULE first).
#include <atomic>
#include <mutex>
#include <string>

#include "core/error.hpp"
#include "core/shared_module.hpp"
#include "distributed/mpi_module.hpp"

namespace corridor::distributed::detail {

namespace {

std::atomic<const MpiApi*> g_api{nullptr};

}  // namespace

const MpiApi& load_mpi_api(const std::string& why) {
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  if (g_api.load() == nullptr) {
    const SharedModule module{"libcorridor_mpi.so", "CORRIDOR_MPI_MODULE", CORRIDOR_MPI_MODULE_PATH,
                              "corridor_mpi_api"};
    const MpiApi* found = nullptr;
    (void)load_module_entry(module, "a distributed run (" + why + ") needs the MPI module",
                            [&](void* entry) {
                              found = reinterpret_cast<const MpiApi* (*)()>(entry)();
                              return found != nullptr && found->abi_version == kMpiAbiVersion;
                            });
    g_api.store(found);
  }
  return *g_api.load();
}

const MpiApi& mpi_api() {
  const MpiApi* api = g_api.load();
  if (api == nullptr) throw Error("distributed: MPI called before the Session loaded its module");
  return *api;
}

}  // namespace corridor::distributed::detail
