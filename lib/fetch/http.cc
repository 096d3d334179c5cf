// URL and header helpers of lib/fetch (fetch.h, fetch_internal.h).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>

#include "common/strings.h"
#include "fetch/fetch.h"
#include "fetch/fetch_internal.h"

namespace kiji::fetch {
namespace {

// Percent-encodes what libcurl's URL parser refuses but feeds and users
// write anyway: spaces, control bytes and non-ASCII (UTF-8) bytes.
std::string EncodeLoose(std::string_view url) {
  url = TrimAsciiSpace(url);
  std::string out;
  out.reserve(url.size());
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' ||
        c == '|' || c == '}') {
      AppendPercentEncoded(&out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string GetPart(CURLU* u, CURLUPart part) {
  char* s = nullptr;
  if (curl_url_get(u, part, &s, 0) != CURLUE_OK || s == nullptr) return "";
  std::string out(s);
  curl_free(s);
  return out;
}

// Checks the scheme, drops the fragment, lower-cases the host; returns the URL.
Result<std::string> Finish(CURLU* u, std::string_view original) {
  std::string scheme = AsciiLower(GetPart(u, CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") {
    return MakeError(ErrorCode::kUsage, std::string(original), "not an http or https URL");
  }
  std::string host = GetPart(u, CURLUPART_HOST);
  if (host.empty()) return MakeError(ErrorCode::kUsage, std::string(original), "URL has no host");
  curl_url_set(u, CURLUPART_HOST, AsciiLower(host).c_str(), 0);
  curl_url_set(u, CURLUPART_FRAGMENT, nullptr, 0);
  std::string out = GetPart(u, CURLUPART_URL);
  if (out.empty()) return MakeError(ErrorCode::kUsage, std::string(original), "not a usable URL");
  return out;
}

std::string CurlUrlError(CURLUcode rc) {
  const char* s = curl_url_strerror(rc);
  return s ? s : "bad URL";
}

}  // namespace

Result<std::string> NormalizeUrl(std::string_view url) {
  UrlHandle u(curl_url());
  if (!u) return MakeError(ErrorCode::kIo, std::string(url), "out of memory");
  std::string enc = EncodeLoose(url);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, enc.c_str(), 0);
  if (rc != CURLUE_OK) return MakeError(ErrorCode::kUsage, std::string(url), "not a URL: " + CurlUrlError(rc));
  return Finish(u.get(), url);
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  UrlHandle u(curl_url());
  if (!u) return MakeError(ErrorCode::kIo, std::string(ref), "out of memory");
  std::string b = EncodeLoose(base);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, b.c_str(), 0);
  if (rc != CURLUE_OK) return MakeError(ErrorCode::kUsage, std::string(base), "not a URL: " + CurlUrlError(rc));
  std::string r = EncodeLoose(ref);
  if (r.empty()) return MakeError(ErrorCode::kUsage, std::string(base), "empty link");
  rc = curl_url_set(u.get(), CURLUPART_URL, r.c_str(), 0);
  if (rc != CURLUE_OK) return MakeError(ErrorCode::kUsage, std::string(ref), "not a URL: " + CurlUrlError(rc));
  return Finish(u.get(), ref);
}

std::string UrlOrigin(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  size_t host_end = url.find_first_of("/?#", scheme_end + 3);
  return std::string(url.substr(0, host_end));
}

std::string ContentTypeMedia(std::string_view content_type) {
  size_t semi = content_type.find(';');
  return AsciiLower(TrimAsciiSpace(content_type.substr(0, semi)));
}

std::string ContentTypeCharset(std::string_view content_type) {
  size_t pos = content_type.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = content_type.substr(pos + 1);
    size_t next = rest.find(';');
    std::string_view param = TrimAsciiSpace(rest.substr(0, next));
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && AsciiLower(TrimAsciiSpace(param.substr(0, eq))) == "charset") {
      std::string_view v = TrimAsciiSpace(param.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(TrimAsciiSpace(v));
    }
    pos = next == std::string_view::npos ? next : pos + 1 + next;
  }
  return "";
}

extract::Document ToDocument(Response response) {
  extract::Document doc;
  doc.source.type = "url";
  doc.source.location = response.final_url.empty() ? response.url : response.final_url;
  doc.source.status = response.status;
  doc.source.fetched_at = response.fetched_at;
  if (!response.content_type.empty()) doc.source.content_type = response.content_type;
  std::string media = ContentTypeMedia(response.content_type);
  if (media == "text/html" || media == "application/xhtml+xml") doc.format = extract::Format::kHtml;
  else if (media == "text/plain") doc.format = extract::Format::kText;
  else doc.format = extract::Format::kAuto;
  std::string charset = ContentTypeCharset(response.content_type);
  if (!charset.empty()) doc.hints.charset = charset;
  doc.bytes = std::move(response.body);
  return doc;
}

double BackoffDelay(int attempt, double base, double max_delay, double jitter, std::optional<double> retry_after) {
  double d = base * std::ldexp(1.0, std::clamp(attempt, 0, 62));
  d = std::min(d, max_delay);
  d *= 0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0);
  if (retry_after) d = std::max(d, *retry_after);
  return d;
}

std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix) {
  value = TrimAsciiSpace(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return 1e9;  // absurd, but a number: the caller's cap decides
    return std::strtod(std::string(value).c_str(), nullptr);
  }
  std::string v(value);
  time_t t = curl_getdate(v.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return std::max<double>(0, static_cast<double>(t - now_unix));
}

bool RetryableStatus(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string FormatRfc3339(int64_t unix_seconds) {
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsMediaType(std::string_view media_type) {
  for (std::string_view prefix : {"image/", "audio/", "video/", "font/"}) {
    if (media_type.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace kiji::fetch
