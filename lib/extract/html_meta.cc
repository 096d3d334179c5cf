// Title, published date and language from a page's metadata and text.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common/strings.h"
#include "extract/html_internal.h"

namespace kiji::extract::html {
namespace {

// Replaces full-width digits (０-９) and the ideographic space with ASCII.
std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      auto d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x90 && d <= 0x99) {
        out.push_back(static_cast<char>('0' + (d - 0x90)));
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

std::optional<std::string> Iso(int y, int m, int d) {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m)) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

int MonthNumber(std::string_view name) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  char low[3];
  for (int i = 0; i < 3; ++i) low[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  for (int i = 0; i < 12; ++i) {
    if (std::memcmp(low, kMonths[i], 3) == 0) return i + 1;
  }
  return 0;
}

#define KIJI_MONTH \
  "(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"

struct DatePatterns {
  RE2 iso{R"((?:^|[^\d])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$))"};
  RE2 ja{R"(((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"};
  RE2 era{R"((令和|平成)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"};
  RE2 mdy{"\\b(" KIJI_MONTH ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d{2})\\b"};
  RE2 dmy{"\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+)?(" KIJI_MONTH ")\\.?,?\\s+((?:19|20)\\d{2})\\b"};
  RE2 compact{R"(^((?:19|20)\d{2})(\d{2})(\d{2})(?:[^\d]|$))"};
  RE2 url_ymd{R"([/_-]((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[^\d]|$))"};
  RE2 url_compact{R"([/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$))"};
  RE2 url_month{"/((?:19|20)\\d{2})/(" KIJI_MONTH ")/(\\d{1,2})(?:/|$)"};
  RE2 url_ym{R"(/((?:19|20)\d{2})/(\d{1,2})/)"};
};

const DatePatterns& Patterns() {
  static const DatePatterns p;
  return p;
}

struct Found {
  size_t at = std::string::npos;
  std::string iso;
};

// Tries every pattern on `s` and keeps the earliest valid date.
Found Earliest(std::string_view s) {
  const DatePatterns& p = Patterns();
  Found best;
  re2::StringPiece in(s.data(), s.size());
  re2::StringPiece m[5];
  auto consider = [&](size_t at, std::optional<std::string> iso) {
    if (iso && at < best.at) {
      best.at = at;
      best.iso = *iso;
    }
  };
  auto num = [](const re2::StringPiece& sp) { return std::atoi(std::string(sp.data(), sp.size()).c_str()); };
  if (p.iso.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    consider(static_cast<size_t>(m[1].data() - s.data()), Iso(num(m[1]), num(m[2]), num(m[3])));
  }
  if (p.ja.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    consider(static_cast<size_t>(m[0].data() - s.data()), Iso(num(m[1]), num(m[2]), num(m[3])));
  }
  if (p.era.Match(in, 0, in.size(), RE2::UNANCHORED, m, 5)) {
    int base = m[1] == "令和" ? 2018 : 1988;
    int year = m[2] == "元" ? 1 : num(m[2]);
    consider(static_cast<size_t>(m[0].data() - s.data()), Iso(base + year, num(m[3]), num(m[4])));
  }
  if (p.mdy.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    consider(static_cast<size_t>(m[0].data() - s.data()),
             Iso(num(m[3]), MonthNumber(std::string_view(m[1].data(), m[1].size())), num(m[2])));
  }
  if (p.dmy.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    consider(static_cast<size_t>(m[0].data() - s.data()),
             Iso(num(m[3]), MonthNumber(std::string_view(m[2].data(), m[2].size())), num(m[1])));
  }
  return best;
}

constexpr const char* kSeparators[] = {" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • ", "｜", " ｜ ", " / ",
                                       " : ", "|"};

}  // namespace

std::string SquashForCompare(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
      continue;
    }
    // U+3000..U+303F: the ideographic space and CJK punctuation (、。「」).
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::optional<std::string> ParseDate(std::string_view raw) {
  std::string s = AsciiDigits(TrimAsciiSpace(raw));
  if (s.empty()) return std::nullopt;
  re2::StringPiece m[4];
  re2::StringPiece in(s);
  const DatePatterns& p = Patterns();
  if (p.compact.Match(in, 0, in.size(), RE2::ANCHOR_START, m, 4)) {
    auto num = [](const re2::StringPiece& sp) { return std::atoi(std::string(sp.data(), sp.size()).c_str()); };
    if (auto iso = Iso(num(m[1]), num(m[2]), num(m[3]))) return iso;
  }
  Found f = Earliest(s);
  if (f.at == std::string::npos) return std::nullopt;
  return f.iso;
}

std::optional<std::string> FindDateInText(std::string_view text) {
  std::string s = AsciiDigits(text);
  Found f = Earliest(s);
  if (f.at == std::string::npos) return std::nullopt;
  return f.iso;
}

std::optional<std::string> DateFromUrl(std::string_view url) {
  // Only the path: a host or a query string has no dates worth trusting.
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    size_t path = url.find('/', scheme + 3);
    if (path == std::string_view::npos) return std::nullopt;
    url = url.substr(path);
  }
  size_t q = url.find_first_of("?#");
  if (q != std::string_view::npos) url = url.substr(0, q);
  const DatePatterns& p = Patterns();
  re2::StringPiece in(url.data(), url.size());
  re2::StringPiece m[4];
  auto num = [](const re2::StringPiece& sp) { return std::atoi(std::string(sp.data(), sp.size()).c_str()); };
  if (p.url_ymd.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    if (auto iso = Iso(num(m[1]), num(m[2]), num(m[3]))) return iso;
  }
  if (p.url_compact.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    if (auto iso = Iso(num(m[1]), num(m[2]), num(m[3]))) return iso;
  }
  if (p.url_month.Match(in, 0, in.size(), RE2::UNANCHORED, m, 4)) {
    if (auto iso = Iso(num(m[1]), MonthNumber(std::string_view(m[2].data(), m[2].size())), num(m[3]))) return iso;
  }
  if (p.url_ym.Match(in, 0, in.size(), RE2::UNANCHORED, m, 3)) {
    int y = num(m[1]), mo = num(m[2]);
    if (Iso(y, mo, 1)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, mo);
      return std::string(buf);
    }
  }
  return std::nullopt;
}

namespace {

// Days since 1970-01-01 of an ISO date (civil calendar).
long DayNumber(const std::string& iso) {
  int y = std::atoi(iso.substr(0, 4).c_str()), m = std::atoi(iso.substr(5, 2).c_str()),
      d = std::atoi(iso.substr(8, 2).c_str());
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsUtcStamp(std::string_view s) {
  s = TrimAsciiSpace(s);
  return s.size() > 10 && (s.back() == 'Z' || s.ends_with("+00:00") || s.ends_with("+0000") || s.ends_with("GMT") ||
                           s.ends_with("UTC"));
}

}  // namespace

std::pair<std::string, std::string> ChooseDate(const DateSources& s) {
  std::optional<std::string> url = DateFromUrl(s.url);
  // A UTC timestamp names the next or previous day when the story went up
  // late or early local time; the URL carries the local date.
  auto local = [&](const std::string& raw, const std::string& iso) {
    if (url && url->size() == 10 && IsUtcStamp(raw) && std::labs(DayNumber(*url) - DayNumber(iso)) == 1) return *url;
    return iso;
  };
  if (auto d = ParseDate(s.ld_published)) return {local(s.ld_published, *d), "json-ld"};
  if (auto d = ParseDate(s.meta_published)) return {local(s.meta_published, *d), "meta"};
  if (auto d = ParseDate(s.time_datetime)) return {local(s.time_datetime, *d), "time"};
  if (auto d = ParseDate(s.meta_other)) return {local(s.meta_other, *d), "meta-other"};
  if (url) return {*url, "url"};
  if (auto d = FindDateInText(s.visible)) return {*d, "visible"};
  if (auto d = ParseDate(s.modified)) return {*d, "modified"};
  return {"", ""};
}

std::string TrimSiteName(std::string_view title, std::string_view site_name) {
  title = TrimAsciiSpace(title);
  std::string site = SquashForCompare(site_name);
  auto is_site = [&](std::string_view part, std::string_view sep) {
    std::string p = SquashForCompare(part);
    if (p.empty()) return true;
    if (!site.empty() && (p == site || (p.size() >= 3 && site.find(p) != std::string::npos) ||
                          (site.size() >= 3 && p.find(site) != std::string::npos))) {
      return true;
    }
    // Without a known site name, a short part after a pipe is a site name.
    if (site.empty() && (sep == " | " || sep == "｜" || sep == " ｜ " || sep == "|")) {
      size_t words = 1 + static_cast<size_t>(std::count(part.begin(), part.end(), ' '));
      return words <= 4 && part.size() <= 40;
    }
    return false;
  };
  for (int round = 0; round < 2; ++round) {
    bool changed = false;
    for (const char* sep : kSeparators) {
      // Site name last: "Story | Site".
      size_t at = title.rfind(sep);
      if (at != std::string_view::npos && at > 0) {
        std::string_view head = TrimAsciiSpace(title.substr(0, at));
        std::string_view tail = TrimAsciiSpace(title.substr(at + std::strlen(sep)));
        if (head.size() > tail.size() && is_site(tail, sep)) {
          title = head;
          changed = true;
          break;
        }
      }
      // Site name first: "Site | Story".
      at = title.find(sep);
      if (at != std::string_view::npos && at > 0) {
        std::string_view head = TrimAsciiSpace(title.substr(0, at));
        std::string_view tail = TrimAsciiSpace(title.substr(at + std::strlen(sep)));
        if (tail.size() > head.size() && !site.empty() && is_site(head, sep)) {
          title = tail;
          changed = true;
          break;
        }
      }
    }
    if (!changed) break;
  }
  return std::string(title);
}

std::pair<std::string, std::string> ChooseTitle(const TitleSources& s) {
  std::string site = SquashForCompare(s.site_name);
  auto usable = [&](const std::string& t) { return !t.empty() && (site.empty() || SquashForCompare(t) != site); };
  std::string og = TrimSiteName(s.og_title, s.site_name);
  if (usable(og)) return {og, "og:title"};
  std::string ld = std::string(TrimAsciiSpace(s.ld_headline));
  if (usable(ld)) return {ld, "json-ld"};
  std::string h1 = std::string(TrimAsciiSpace(s.h1));
  if (usable(h1)) return {h1, "h1"};
  std::string title = TrimSiteName(s.title_tag, s.site_name);
  if (usable(title)) return {title, "title"};
  return {"", ""};
}

std::string PrimaryLanguage(std::string_view tag) {
  tag = TrimAsciiSpace(tag);
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (out.size() < 2 || out.size() > 3) return "";
  return out;
}

}  // namespace kiji::extract::html
