// Session with MPI (the binary was built with an MPI library; see session.hpp).
#include <mpi.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "core/error.hpp"
#include "distributed/launch.hpp"
#include "distributed/session.hpp"

namespace corridor::distributed {

namespace {

volatile std::sig_atomic_t g_terminate = 0;

extern "C" void on_sigterm(int /*signal*/) { g_terminate = 1; }

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

}  // namespace

bool built_with_mpi() { return true; }

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

bool terminate_requested() { return g_terminate != 0; }

Session::Session() : host_(host_name()) {
  const auto launch = detect_launch();
  if (!launch) return;  // a plain start: rank 0 of 1, MPI never touched
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw Error("MPI_Init_thread failed (started by an MPI launcher: " + launch->variable + ")");
  }
  initialised_ = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_FUNNELED) {
    fail(
        "the MPI library does not provide MPI_THREAD_FUNNELED (only the main thread calls MPI "
        "while oneTBB threads compute)",
        1);
  }
  if (size_ > 1) {
    struct sigaction sa = {};
    sa.sa_handler = on_sigterm;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGTERM, &sa, nullptr);
  }
}

Session::~Session() {
  if (!initialised_) return;
  // A barrier that sleeps between tests: Open MPI's blocking calls spin, and rank 0 may still
  // write the report for seconds while the others wait here.
  MPI_Request request = MPI_REQUEST_NULL;
  if (size_ > 1 && MPI_Ibarrier(MPI_COMM_WORLD, &request) == MPI_SUCCESS) {
    int done = 0;
    while (MPI_Test(&request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && done == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  MPI_Finalize();
}

void Session::fail(const std::string& message, int exit_code) const {
  if (!distributed()) throw Error(message);
  std::fprintf(stderr, "corridor (rank %d of %d on %s): %s\n", rank_, size_, host_.c_str(),
               message.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

}  // namespace corridor::distributed
