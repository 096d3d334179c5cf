// stdout for JSON Lines: block-buffered unless a terminal, and quiet on a
// closed pipe (`kiji extract ... | head -1`): once a write fails with EPIPE,
// broken() turns true and the caller stops.
#pragma once

#include <cstdio>
#include <string>

namespace kiji::cli {

enum ExitCode { kExitOk = 0, kExitPartial = 1, kExitUsage = 2 };

class Output {
 public:
  Output();
  // Writes `line` and a newline. Returns false once the reader has gone.
  bool WriteLine(const std::string& line);
  // Flushes; returns false if the reader has gone.
  bool Flush();
  bool broken() const { return broken_; }

 private:
  bool broken_ = false;
  bool tty_ = false;
};

// Prints "kiji: <message>" on stderr.
void PrintError(const std::string& message);

}  // namespace kiji::cli
