// The MPI library this binary was built against, for `corridor --version` and the run summaries.
// Read from mpi.h's version macros at compile time (this file is compiled with MPI's include
// folder but calls nothing of MPI and links nothing): telling the version must not load the MPI
// module (mpi_module.hpp).
#include <mpi.h>

#include <string>

#include "distributed/session.hpp"

namespace corridor::distributed {

std::string mpi_description() {
#if defined(OMPI_MAJOR_VERSION)
  return "Open MPI " + std::to_string(OMPI_MAJOR_VERSION) + "." +
         std::to_string(OMPI_MINOR_VERSION) + "." + std::to_string(OMPI_RELEASE_VERSION);
#elif defined(MPICH_VERSION)
  return std::string("MPICH ") + MPICH_VERSION;
#else
  return "MPI " + std::to_string(MPI_VERSION) + "." + std::to_string(MPI_SUBVERSION);
#endif
}

}  // namespace corridor::distributed
