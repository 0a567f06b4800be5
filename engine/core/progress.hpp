#pragma once
// Progress lines for long work (iterations and gap, scenarios done). On a terminal the line is
// redrawn in place on stderr; when stderr is not a terminal (piped, CI) nothing is printed, so logs
// and outputs stay clean. Updates are rate-limited (10 per second) and thread-safe.
//
//   corridor::Progress progress("assign");
//   progress.update("iter 12  gap 3.1e-05");
//   progress.finish("converged: gap 9.8e-07 after 41 iterations");  // kept on screen
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace corridor {

class Progress {
 public:
  explicit Progress(std::string label, bool enabled = stderr_is_terminal());
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::string_view status);
  void finish(std::string_view final_status = {});
  [[nodiscard]] bool enabled() const { return enabled_; }

  static bool stderr_is_terminal();

 private:
  std::string label_;
  bool enabled_;
  bool dirty_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
};

// A textual bar "[#####-----] 12/20" for counts.
std::string progress_bar(std::size_t done, std::size_t total, int width = 24);

}  // namespace corridor
