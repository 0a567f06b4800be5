// Session without MPI (the binary was built without an MPI library; see session.hpp): every
// process is rank 0 of 1. A start by an MPI launcher is refused, because every copy would run the
// whole batch into the same folder.
#include <unistd.h>

#include "core/error.hpp"
#include "distributed/launch.hpp"
#include "distributed/session.hpp"

namespace corridor::distributed {

bool built_with_mpi() { return false; }

std::string mpi_description() { return "no"; }

bool terminate_requested() { return false; }

Session::Session() {
  char buf[256] = {};
  host_ = ::gethostname(buf, sizeof buf - 1) == 0 ? buf : "?";
  if (const auto launch = detect_launch(); launch && launch->size != 1) {
    throw Error("started by an MPI launcher (" + launch->variable +
                ") but this corridor was built without MPI (`corridor --version` says \"MPI: "
                "no\"): install libopenmpi-dev and rebuild, or start one process without mpirun");
  }
}

Session::~Session() = default;

void Session::fail(const std::string& message, int /*exit_code*/) const { throw Error(message); }

}  // namespace corridor::distributed
