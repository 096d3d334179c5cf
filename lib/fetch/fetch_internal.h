// Pure helpers of the HTTP client: retry decisions and timing, header
// parsing. Internal to lib/fetch; tests include it. No clock is read here:
// callers pass "now". Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiji::fetch {

// Returns the seconds to wait before retry number `attempt` (0 for the
// first retry): base * 2^attempt, capped at `max_delay`, scaled into
// [50%, 100%] by `jitter` (a uniform draw in [0, 1)) so that clients that
// failed together do not come back together. A server's Retry-After
// (`retry_after`, seconds) is a floor: never retry sooner than it says.
double BackoffDelay(int attempt, double base, double max_delay, double jitter,
                    std::optional<double> retry_after = std::nullopt);

// Returns the seconds a Retry-After value asks for: delta-seconds ("120")
// or an HTTP-date, taken relative to `now_unix`. A date in the past gives 0;
// anything unreadable gives nullopt.
std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix);

// Returns true for HTTP statuses worth retrying: 408, 429, 500, 502, 503, 504.
bool RetryableStatus(int status);

// Returns the RFC 3339 UTC form of `unix_seconds` ("2025-03-03T10:00:00Z").
std::string FormatRfc3339(int64_t unix_seconds);

// Returns true for media types that cannot hold an article (image/*,
// audio/*, video/*, font/*): such bodies are not downloaded.
bool IsMediaType(std::string_view media_type);

}  // namespace kiji::fetch
