#include "core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace corridor {

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}

Progress::~Progress() {
  if (dirty_) finish();
}

void Progress::update(std::string_view status) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (dirty_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r\033[K%s: %.*s", label_.c_str(), static_cast<int>(status.size()),
               status.data());
  std::fflush(stderr);
  dirty_ = true;
}

void Progress::finish(std::string_view final_status) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (final_status.empty()) {
    if (dirty_) std::fprintf(stderr, "\n");
  } else {
    std::fprintf(stderr, "\r\033[K%s: %.*s\n", label_.c_str(),
                 static_cast<int>(final_status.size()), final_status.data());
  }
  std::fflush(stderr);
  dirty_ = false;
}

std::string progress_bar(std::size_t done, std::size_t total, int width) {
  const double frac = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(frac * width + 0.5);
  std::string bar = "[";
  for (int i = 0; i < width; ++i) bar += i < filled ? '#' : '-';
  bar += "] " + std::to_string(done) + "/" + std::to_string(total);
  return bar;
}

}  // namespace corridor
