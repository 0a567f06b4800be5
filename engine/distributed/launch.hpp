#pragma once
// Was this process started by an MPI launcher? Read from the environment only (no MPI call), so
// the same binary decides before touching MPI whether to initialise it at all.
//
// Launchers and what they set (rank, size):
//   Open MPI mpirun/mpiexec     OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE
//   PMIx (srun --mpi=pmix, ...) PMIX_RANK (size from the PMIx server; OMPI_* is set as well
//                               when the program is linked with Open MPI)
//   PMI-1/2 (MPICH, srun)       PMI_RANK, PMI_SIZE
// Slurm's own SLURM_PROCID is not read: inside an sbatch script it is set for the one batch
// process too, and `srun` without an MPI plugin starts copies that cannot talk to each other
// (use `srun --mpi=pmix`, README "Running on a cluster").
//
//   if (auto l = corridor::distributed::detect_launch()) std::printf("rank %d of %d\n", l->rank,
//   l->size);
#include <functional>
#include <optional>
#include <string>

namespace corridor::distributed {

struct Launch {
  int rank = 0;
  int size = 1;          // 0 when the launcher does not say (PMIX_RANK alone)
  std::string variable;  // the variable that told, for messages ("OMPI_COMM_WORLD_SIZE=3")
};

// nullopt when no launcher variable is set (a plain start: one process, no MPI).
[[nodiscard]] std::optional<Launch> detect_launch();
// The same from a lookup function (tests pass a map instead of the process environment).
[[nodiscard]] std::optional<Launch> detect_launch(
    const std::function<const char*(const char*)>& getenv_fn);

}  // namespace corridor::distributed
