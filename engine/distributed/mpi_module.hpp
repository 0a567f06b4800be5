#pragma once
// The boundary between Corridor and the MPI library (private to engine/distributed).
//
// Open MPI (libmpi and what it pulls in: open-rte, open-pal, hwloc, libevent, udev) costs ~1.2 MB
// of resident memory in every process that links it, though only a run started by an MPI launcher
// uses it (session.hpp). So every MPI call lives in a shared module, libcorridor_mpi.so
// (mpi_module.cpp, the only file of Corridor that includes mpi.h and links MPI, built into
// <build>/lib), which Session loads with dlopen when a launcher started the process
// (mpi_loader.cpp; where it is looked for: core/shared_module.hpp) and keeps for the life of the
// process. The protocol above it (session_mpi.cpp, task_queue_mpi.cpp) stays in the engine.
//
// The module exports one C symbol, corridor_mpi_api(), returning this table: thin wrappers of the
// MPI calls the engine makes, on MPI_COMM_WORLD, bytes only (MPI_BYTE; the wire format is
// wire.hpp's), returning the MPI error code (`success` when it worked). kMpiAbiVersion changes
// whenever the table changes, so a stale module from an older build is refused.
#include <string>

namespace corridor::distributed::detail {

inline constexpr int kMpiAbiVersion = 1;

// An MPI_Request held by value (Open MPI's is a pointer, MPICH's an int; the module checks that it
// fits).
struct MpiRequest {
  alignas(8) unsigned char storage[16];
};

// A message waiting to be received (MPI_Iprobe's status).
struct MpiProbe {
  int from = 0;
  int tag = 0;
  int count = 0;  // bytes
};

struct MpiApi {
  int abi_version;
  int success;     // MPI_SUCCESS
  int any_source;  // MPI_ANY_SOURCE
  // MPI_Init_thread asking for MPI_THREAD_FUNNELED (*funneled: was it provided), then errors
  // returned (not fatal) on MPI_COMM_WORLD, its rank and size.
  int (*init)(int* funneled, int* rank, int* size);
  int (*finalize)();
  // MPI_Abort(MPI_COMM_WORLD, exit_code).
  void (*abort)(int exit_code);
  // The text of an MPI error code, at most `capacity` bytes into `text`; returns its length.
  int (*error_string)(int code, char* text, int capacity);
  int (*isend)(const void* bytes, int count, int to, int tag, MpiRequest* request);
  int (*irecv)(void* bytes, int count, int from, int tag, MpiRequest* request);
  int (*ibcast_bytes)(void* bytes, int count, int root, MpiRequest* request);
  int (*ibcast_u64)(unsigned long long* value, int root, MpiRequest* request);
  int (*ibarrier)(MpiRequest* request);
  int (*test)(MpiRequest* request, int* done);
  // MPI_Iprobe for any tag from `source` (a rank or any_source): *found, and if so *probe.
  int (*iprobe)(int source, int* found, MpiProbe* probe);
};

// Loads the module (once; thread-safe) and returns its table. Throws corridor::Error naming the
// places looked in when it cannot be loaded; `why` says what needs it ("started by an MPI
// launcher: OMPI_COMM_WORLD_SIZE=2").
const MpiApi& load_mpi_api(const std::string& why);
// The table load_mpi_api() loaded (Session does, before any other MPI use); throws corridor::Error
// when it was not.
const MpiApi& mpi_api();

}  // namespace corridor::distributed::detail

// The module's one exported symbol.
extern "C" const corridor::distributed::detail::MpiApi* corridor_mpi_api();
