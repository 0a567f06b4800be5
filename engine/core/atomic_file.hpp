#pragma once
// Atomic output files: content goes to a temporary file beside the target, is flushed and
// fsync'ed, then renamed over the target. A crash or kill at any point leaves either the old file
// or the complete new one, never a half-written file that looks whole.
//
//   corridor::AtomicFile out("results/flows.csv");
//   out.stream() << "from_node,to_node,flow\n";
//   out.commit();            // without commit() the temporary is removed on destruction
//
//   corridor::write_file_atomically("summary.json", text);
#include <filesystem>
#include <fstream>
#include <string_view>

namespace corridor {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  std::ofstream& stream() { return out_; }
  void commit();  // throws corridor::Error when writing or renaming failed

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

void write_file_atomically(const std::filesystem::path& target, std::string_view content);

// For files another library writes by name (HDF5/OMX): write to temporary_path_for(target), then
// publish_file() fsyncs it, renames it over the target and fsyncs the folder (the same steps as
// commit()); on failure the temporary is removed and corridor::Error thrown.
[[nodiscard]] std::filesystem::path temporary_path_for(const std::filesystem::path& target);
void publish_file(const std::filesystem::path& written, const std::filesystem::path& target);

}  // namespace corridor
