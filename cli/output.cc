#include "cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace kiji::cli {

Output::Output() {
  // A closed pipe must surface as EPIPE, not kill the process mid-record.
  std::signal(SIGPIPE, SIG_IGN);
  tty_ = isatty(fileno(stdout)) != 0;
  static char buffer[1 << 16];
  std::setvbuf(stdout, buffer, tty_ ? _IOLBF : _IOFBF, sizeof buffer);
}

bool Output::WriteLine(const std::string& line) {
  if (broken_) return false;
  if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fputc('\n', stdout) == EOF) {
    broken_ = true;
    return false;
  }
  return true;
}

bool Output::Flush() {
  if (broken_) return false;
  if (std::fflush(stdout) != 0) broken_ = true;
  return !broken_;
}

void PrintError(const std::string& message) {
  std::fprintf(stderr, "kiji: %s\n", message.c_str());
}

}  // namespace kiji::cli
