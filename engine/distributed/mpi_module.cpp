// The MPI module, libcorridor_mpi.so (mpi_module.hpp says why it is a module of its own): thin
// wrappers of the MPI calls the engine makes, behind the table corridor_mpi_api() returns. Built
// with the MPI library; nothing else of Corridor is linked in.
#include <mpi.h>

#include <algorithm>
#include <cstring>

#include "distributed/mpi_module.hpp"

namespace corridor::distributed::detail {

namespace {

static_assert(sizeof(MPI_Request) <= sizeof(MpiRequest::storage) &&
                  alignof(MPI_Request) <= alignof(MpiRequest),
              "MPI_Request does not fit MpiRequest");

MPI_Request* request_of(MpiRequest* r) { return reinterpret_cast<MPI_Request*>(r->storage); }

int init(int* funneled, int* rank, int* size) {
  int provided = 0;
  if (const int e = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      e != MPI_SUCCESS) {
    return e;
  }
  *funneled = provided >= MPI_THREAD_FUNNELED ? 1 : 0;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int finalize() { return MPI_Finalize(); }

void abort_world(int exit_code) { MPI_Abort(MPI_COMM_WORLD, exit_code); }

int error_string(int code, char* text, int capacity) {
  char buf[MPI_MAX_ERROR_STRING] = {};
  int len = 0;
  if (MPI_Error_string(code, buf, &len) != MPI_SUCCESS) len = 0;
  len = std::clamp(len, 0, capacity);
  std::memcpy(text, buf, static_cast<std::size_t>(len));
  return len;
}

int isend(const void* bytes, int count, int to, int tag, MpiRequest* r) {
  return MPI_Isend(bytes, count, MPI_BYTE, to, tag, MPI_COMM_WORLD, request_of(r));
}

int irecv(void* bytes, int count, int from, int tag, MpiRequest* r) {
  return MPI_Irecv(bytes, count, MPI_BYTE, from, tag, MPI_COMM_WORLD, request_of(r));
}

int ibcast_bytes(void* bytes, int count, int root, MpiRequest* r) {
  return MPI_Ibcast(bytes, count, MPI_BYTE, root, MPI_COMM_WORLD, request_of(r));
}

int ibcast_u64(unsigned long long* value, int root, MpiRequest* r) {
  return MPI_Ibcast(value, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD, request_of(r));
}

int ibarrier(MpiRequest* r) { return MPI_Ibarrier(MPI_COMM_WORLD, request_of(r)); }

int test(MpiRequest* r, int* done) { return MPI_Test(request_of(r), done, MPI_STATUS_IGNORE); }

int iprobe(int source, int* found, MpiProbe* probe) {
  MPI_Status st;
  const int e = MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, found, &st);
  if (e != MPI_SUCCESS || *found == 0) return e;
  probe->from = st.MPI_SOURCE;
  probe->tag = st.MPI_TAG;
  return MPI_Get_count(&st, MPI_BYTE, &probe->count);
}

const MpiApi kApi{kMpiAbiVersion, MPI_SUCCESS,  MPI_ANY_SOURCE, init,  finalize,
                  abort_world,    error_string, isend,          irecv, ibcast_bytes,
                  ibcast_u64,     ibarrier,     test,           iprobe};

}  // namespace

}  // namespace corridor::distributed::detail

extern "C" __attribute__((visibility("default"))) const corridor::distributed::detail::MpiApi*
corridor_mpi_api() {
  return &corridor::distributed::detail::kApi;
}
