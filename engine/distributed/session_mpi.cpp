// Session with MPI (the binary was built with an MPI library; see session.hpp). MPI itself is
// called through the MPI module (mpi_module.hpp), loaded here when a launcher started the process.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "core/error.hpp"
#include "distributed/launch.hpp"
#include "distributed/mpi_module.hpp"
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

bool terminate_requested() { return g_terminate != 0; }

Session::Session() : host_(host_name()) {
  const auto launch = detect_launch();
  if (!launch) return;  // a plain start: rank 0 of 1, MPI never touched
  const auto& mpi = detail::load_mpi_api("started by an MPI launcher: " + launch->variable);
  int funneled = 0;
  if (mpi.init(&funneled, &rank_, &size_) != mpi.success) {
    throw Error("MPI_Init_thread failed (started by an MPI launcher: " + launch->variable + ")");
  }
  initialised_ = true;
  if (funneled == 0) {
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
  const auto& mpi = detail::mpi_api();
  detail::MpiRequest request{};
  if (size_ > 1 && mpi.ibarrier(&request) == mpi.success) {
    int done = 0;
    while (mpi.test(&request, &done) == mpi.success && done == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  mpi.finalize();
}

void Session::fail(const std::string& message, int exit_code) const {
  if (!distributed()) throw Error(message);
  std::fprintf(stderr, "corridor (rank %d of %d on %s): %s\n", rank_, size_, host_.c_str(),
               message.c_str());
  std::fflush(stderr);
  detail::mpi_api().abort(exit_code);
  std::_Exit(exit_code);
}

}  // namespace corridor::distributed
