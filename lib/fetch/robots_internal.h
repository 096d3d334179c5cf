// robots.txt (RFC 9309): parsing, group selection and path matching.
// Internal to lib/fetch; tests include it. Immutable once parsed; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiji::fetch {

class Robots {
 public:
  // Returns rules that allow everything (no robots.txt, or a 4xx).
  static Robots AllowAll() { return Robots(); }

  // Parses `body` and keeps the rules of the group for `product` (the
  // user agent's product token, "kiji"; case-insensitive), or of the "*"
  // group when no group names it. Groups naming the same agent are merged.
  // Unknown lines and lines outside a group are ignored; only the first
  // 500 KiB are read (the RFC's minimum).
  static Robots Parse(std::string_view body, std::string_view product);

  // Returns true when `path` (path and query, "/a/b?c") may be fetched: the
  // longest matching rule wins, allow wins a tie, no match allows.
  // "/robots.txt" is always allowed.
  bool Allowed(std::string_view path) const;

  // Returns the group's Crawl-delay in seconds, if it gave one.
  std::optional<double> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;  // percent-encoding normalized; '*' any, trailing '$' end
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
};

// Returns `path` with octets outside printable ASCII percent-encoded and the
// hex digits of existing escapes upper-cased, so robots.txt patterns and URL
// paths compare alike.
std::string NormalizeRobotsPath(std::string_view path);

// Returns true when robots.txt `pattern` ('*' wildcard, '$' end anchor)
// matches the start of `path`.
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace kiji::fetch
