// Date recipes: calendar values at the precision written (RECORD.md `date`).
//
// Absolute dates (`date`) read years (digits, two digits, kanji, English
// words, Japanese era years), months (names, numbers, kanji) and days;
// relative ones (`relative`, `offset`, `weekday`) count from the reference
// date (the article's date), and give nothing when it is unknown.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <re2/re2.h>

#include "resolve/numbers.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// ---- text helpers --------------------------------------------------------

// Returns `s` lower-cased (ASCII), with '-' as ' ', runs of spaces as one,
// and no leading or trailing spaces or dots.
std::string Fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == '-' || l == '\t' || l == '\n') l = ' ';
    if (l == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(l);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// ---- calendar arithmetic (proleptic Gregorian) ----------------------------

struct Ymd {
  int y = 0, m = 0, d = 0;
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year > 0) return IsLeap(year) ? 29 : 28;
  return kDays[month - 1];
}

// Returns days since 1970-01-01 (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(Ymd t) {
  int64_t y = t.y - (t.m <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (t.m + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + t.d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  Ymd r;
  r.d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  r.m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  r.y = static_cast<int>(yoe + era * 400 + (r.m <= 2 ? 1 : 0));
  return r;
}

Ymd AddDays(Ymd t, int64_t n) { return CivilFromDays(DaysFromCivil(t) + n); }

// Adds months, clamping the day to the new month's length (Jan 31 + 1 month
// = Feb 28/29).
Ymd AddMonths(Ymd t, int n) {
  int idx = t.y * 12 + (t.m - 1) + n;
  Ymd r;
  r.y = idx / 12;
  r.m = idx % 12 + 1;
  r.d = t.d == 0 ? 0 : std::min(t.d, DaysInMonth(r.y, r.m));
  return r;
}

// 0 = Monday ... 6 = Sunday.
int WeekdayOf(Ymd t) {
  int64_t z = DaysFromCivil(t);  // 1970-01-01 was a Thursday (3)
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

// Appends `v` as printf's "%02d" would.
void AppendTwoDigits(int v, std::string* out) {
  if (v >= 0 && v < 10) out->push_back('0');
  char buf[16];
  out->append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// Returns "YYYY-MM-DD", "YYYY-MM" or "YYYY" (a day or month of 0 is not
// written), "XXXX" for year 0. Written by hand, not snprintf: one per
// date entity. Cut at 31 bytes as the snprintf into 32 it replaces.
std::string FormatDate(int year, int month, int day) {
  std::string out;
  if (year) {
    char buf[16];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, year).ptr);
  } else {
    out = "XXXX";
  }
  if (day || month) {
    out.push_back('-');
    AppendTwoDigits(month, &out);
  }
  if (day) {
    out.push_back('-');
    AppendTwoDigits(day, &out);
  }
  if (out.size() > 31) out.resize(31);
  return out;
}

// ---- words -----------------------------------------------------------------

// Returns 1..12 for an English month name or abbreviation, a Japanese
// month name (正月), or a number (digits, kanji); 0 otherwise.
int ParseMonth(std::string_view s) {
  std::string w = Fold(s);
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
  if (w.size() >= 3 && std::isalpha(static_cast<unsigned char>(w[0]))) {
    // A name or an abbreviation of at least three letters ("sept").
    for (int i = 0; i < 12; ++i) {
      if (w.size() <= kMonths[i].size() && kMonths[i].substr(0, w.size()) == w) return i + 1;
    }
    return 0;
  }
  if (w == "正月") return 1;
  if (auto n = ParseNumber(w); n && *n >= 1 && *n <= 12 && *n == static_cast<int>(*n)) {
    return static_cast<int>(*n);
  }
  return 0;
}

// Returns a day of the month written as digits ("28", "04th"), an English
// ordinal or cardinal ("second", "twenty-first", "twenty five") or kanji
// ("二十二"); 0 otherwise.
int ParseDay(std::string_view s) {
  std::string w = Fold(s);
  if (StartsWith(w, "the ")) w.erase(0, 4);
  std::optional<double> v;
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) {
    size_t n = 0;
    while (n < w.size() && std::isdigit(static_cast<unsigned char>(w[n]))) ++n;
    v = ParseNumber(w.substr(0, n));
  } else {
    v = ParseOrdinal(w);
    if (!v) v = ParseNumber(w);
  }
  if (!v || *v < 1 || *v > 31 || *v != static_cast<int>(*v)) return 0;
  return static_cast<int>(*v);
}

// Returns a year spelled in English: "two thousand and fifteen", "nineteen
// ninety six", "nineteen hundred ninety three", "twenty twenty-five",
// "nineteen oh five"; 0 otherwise.
int ParseYearWords(std::string_view s) {
  std::string w = Fold(s);
  if (StartsWith(w, "two thousand")) {
    auto n = ParseNumber(w);
    return n && *n >= 2000 && *n < 2100 ? static_cast<int>(*n) : 0;
  }
  static constexpr std::pair<const char*, int> kCenturies[] = {
      {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"twenty one", 21}};
  int century = 0;
  std::string rest;
  for (const auto& [word, c] : kCenturies) {
    std::string p = std::string(word) + " ";
    if (StartsWith(w, p)) {
      century = c;
      rest = w.substr(p.size());
    }
  }
  if (century == 0 || rest.empty()) return 0;
  if (StartsWith(rest, "hundred")) {
    rest.erase(0, 7);
    if (StartsWith(rest, " and")) rest.erase(0, 4);
    if (rest.empty() || rest == " ") return century * 100;
  }
  if (StartsWith(rest, "oh ")) rest.erase(0, 3);
  auto n = ParseNumber(rest);
  if (!n || *n < 1 || *n > 99 || *n != static_cast<int>(*n)) return 0;
  return century * 100 + static_cast<int>(*n);
}

// Returns the year a two-digit year stands for: the latest year ending in
// `yy` that is at most 20 years after the reference year (2025 if unknown).
int ExpandTwoDigitYear(int yy, const RefDate& ref) {
  int pivot = (ref.known() ? ref.year : 2025) + 20;
  int y = 2000 + yy;
  while (y > pivot) y -= 100;
  return y;
}

// Reads a year: four digits, two digits ("87", "'24"), kanji digits
// ("二〇一八"), English words; 0 when it is none.
int ParseYear(std::string_view s, const RefDate& ref) {
  std::string w(s);
  if (!w.empty() && (w[0] == '\'' || StartsWith(w, "’"))) w.erase(0, w[0] == '\'' ? 1 : 3);
  bool digits = !w.empty();
  for (char c : w) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits && w.size() == 2) return ExpandTwoDigitYear(std::stoi(w), ref);
  if (!w.empty() && std::isalpha(static_cast<unsigned char>(w[0]))) return ParseYearWords(w);
  if (auto n = ParseNumber(w); n && *n == static_cast<int>(*n)) {
    int y = static_cast<int>(*n);
    return y >= 1000 && y <= 2999 ? y : 0;
  }
  return ParseYearWords(w);
}

// Returns the Gregorian year of a Japanese era year (令和 1 = 2019), or 0.
int EraYear(std::string_view era, std::string_view year) {
  struct Era { std::string_view name; int first; };
  static constexpr Era kEras[] = {
      {"令和", 2019}, {"平成", 1989}, {"昭和", 1926}, {"大正", 1912}, {"明治", 1868},
      {"R", 2019},    {"H", 1989},    {"S", 1926},    {"T", 1912},    {"M", 1868},
  };
  int first = 0;
  for (const Era& e : kEras) {
    if (era == e.name) first = e.first;
  }
  if (first == 0) return 0;
  int n = 0;
  if (year == "元") {
    n = 1;
  } else if (auto v = ParseNumber(year); v && *v >= 1 && *v <= 99 && *v == static_cast<int>(*v)) {
    n = static_cast<int>(*v);
  }
  return n ? first + n - 1 : 0;
}

// Maps a qualifier word as written to RECORD.md's qualifier, or "".
std::string CanonicalQualifier(std::string_view s) {
  std::string w = Fold(s);
  for (std::string_view p : {"the very ", "the ", "very "}) {
    if (StartsWith(w, p)) w.erase(0, p.size());
  }
  if (EndsWith(w, " of")) w.erase(w.size() - 3);
  // string_view words: compared by size first, no strlen per row.
  struct Row { std::string_view word; const char* q; };
  static constexpr Row kRows[] = {
      {"start", "start"}, {"beginning", "start"}, {"commencement", "start"}, {"early", "start"},
      {"dawn", "start"}, {"outset", "start"}, {"first half", "start"}, {"early part", "start"},
      {"first quarter", "start"}, {"q1", "start"}, {"1q", "start"}, {"h1", "start"}, {"1h", "start"},
      {"上旬", "start"}, {"初旬", "start"}, {"初め", "start"}, {"初", "start"}, {"はじめ", "start"},
      {"頭", "start"}, {"初頭", "start"}, {"前半", "start"}, {"上期", "start"}, {"上半期", "start"},
      {"mid", "mid"}, {"middle", "mid"}, {"midst", "mid"}, {"second quarter", "mid"}, {"third quarter", "mid"},
      {"q2", "mid"}, {"q3", "mid"}, {"2q", "mid"}, {"3q", "mid"}, {"中旬", "mid"}, {"半ば", "mid"}, {"なかば", "mid"}, {"中頃", "mid"},
      {"央", "mid"},
      {"end", "end"}, {"close", "end"}, {"late", "end"}, {"turn", "end"}, {"second half", "end"},
      {"latter half", "end"}, {"latter part", "end"}, {"fourth quarter", "end"}, {"final quarter", "end"},
      {"last quarter", "end"}, {"q4", "end"}, {"4q", "end"}, {"h2", "end"}, {"2h", "end"}, {"eoy", "end"}, {"下旬", "end"}, {"末", "end"},
      {"終わり", "end"}, {"暮れ", "end"}, {"後半", "end"}, {"下期", "end"}, {"下半期", "end"},
      {"内", "by"},  // 年内: within the year
      {"by", "by"}, {"until", "by"}, {"till", "by"}, {"through", "by"}, {"no later than", "by"},
      {"not later than", "by"}, {"as late as", "by"}, {"まで", "by"}, {"までに", "by"},
      {"before", "before"}, {"prior to", "before"}, {"earlier than", "before"}, {"or earlier", "before"},
      {"and earlier", "before"}, {"or before", "before"}, {"and before", "before"}, {"以前", "before"},
      {"前", "before"}, {"より前", "before"}, {"の前", "before"}, {"またはその前", "before"},
      {"及びその前", "before"}, {"とその前", "before"}, {"およびその前", "before"},
      {"after", "after"}, {"since", "after"}, {"later than", "after"}, {"or later", "after"},
      {"and later", "after"}, {"or after", "after"}, {"and after", "after"}, {"onwards", "after"},
      {"onward", "after"}, {"and beyond", "after"}, {"starting", "after"}, {"starting on", "after"},
      {"beginning on", "after"}, {"as early as", "after"}, {"greater than", "after"},
      {"以降", "after"}, {"以後", "after"}, {"後", "after"}, {"の後", "after"}, {"から", "after"},
      {"より後", "after"}, {"またはその後", "after"}, {"及びその後", "after"}, {"とその後", "after"},
      {"またはそれ以降", "after"}, {"それ以降", "after"},
      {"around", "around"}, {"about", "around"}, {"approximately", "around"}, {"circa", "around"},
      {"roughly", "around"}, {"ごろ", "around"}, {"頃", "around"}, {"前後", "around"},
  };
  for (const Row& r : kRows) {
    if (w == r.word) return r.q;
  }
  return "";
}

// Returns the entity's qualifier from the arguments `qualifier` (a literal
// or group), `rel` (by/before/after words before the date), `suffix`
// ("or later", 以降 after it) and `pos` (start/mid/end words), in that
// order; null when none is given or known.
Json Qualifier(const RecipeInput& in) {
  for (std::string_view key : {"qualifier", "rel", "suffix", "pos"}) {
    if (!in.Has(key)) continue;
    std::string q = CanonicalQualifier(in.Arg(key));
    if (!q.empty()) return q;
  }
  return nullptr;
}

// Built as a list of fields, then made an object: room for all fields at
// once and no key search per field (Json's operator[]), one entity each.
Json DateFields(std::string value, Json qualifier) {
  Json::object_t fields;
  fields.reserve(2);
  fields.emplace_back("value", std::move(value));
  fields.emplace_back("qualifier", std::move(qualifier));
  return Json(std::move(fields));
}

// Returns how many days/weeks/months/years a shift word moves: this 0,
// next +1, last -1, 再来 +2, 一昨 -2; nullopt when unknown.
std::optional<int> ShiftOf(std::string_view s) {
  std::string w = Fold(s);
  if (StartsWith(w, "the ")) w.erase(0, 4);
  struct Row { std::string_view word; int shift; };
  static constexpr Row kRows[] = {
      {"this", 0}, {"the", 0}, {"current", 0}, {"present", 0}, {"今", 0}, {"本", 0}, {"当", 0}, {"この", 0},
      {"next", 1}, {"following", 1}, {"coming", 1}, {"upcoming", 1}, {"来", 1}, {"翌", 1}, {"次", 1},
      {"last", -1}, {"previous", -1}, {"past", -1}, {"prior", -1}, {"preceding", -1},
      {"先", -1}, {"昨", -1}, {"去", -1}, {"前", -1},
      {"再来", 2}, {"一昨", -2}, {"さ来", 2}, {"おと", -2},
  };
  for (const Row& r : kRows) {
    if (w == r.word) return r.shift;
  }
  return std::nullopt;
}

// Returns the day shift of a day word: today 0, tomorrow +1, 一昨日 -2.
std::optional<int> DayWordShift(std::string_view s) {
  std::string w = Fold(s);
  if (StartsWith(w, "the ")) w.erase(0, 4);
  struct Row { std::string_view word; int shift; };
  static constexpr Row kRows[] = {
      {"today", 0}, {"tonight", 0}, {"now", 0}, {"tomorrow", 1}, {"tmrw", 1}, {"tmr", 1},
      {"yesterday", -1}, {"day after tomorrow", 2}, {"day before yesterday", -2},
      {"今日", 0}, {"本日", 0}, {"きょう", 0}, {"今", 0}, {"明日", 1}, {"あした", 1}, {"あす", 1},
      {"昨日", -1}, {"きのう", -1}, {"明後日", 2}, {"あさって", 2}, {"一昨日", -2}, {"おととい", -2},
  };
  for (const Row& r : kRows) {
    if (w == r.word) return r.shift;
  }
  return std::nullopt;
}

enum class Unit { kNone, kDay, kBusinessDay, kWeek, kMonth, kYear };

// Reads a unit word: day(s), week(s), fortnight (2 weeks), month(s),
// year(s), 日, 週, 週間, か月, ヶ月, 月, 年; `count` gets the multiplier.
Unit UnitOf(std::string_view s, int* count) {
  std::string w = Fold(s);
  *count = 1;
  for (std::string_view suffix : {"'s", "’s", "s"}) {
    if (EndsWith(w, suffix) && !(w[0] & 0x80)) {
      w.erase(w.size() - suffix.size());
      break;
    }
  }
  const std::string_view v = w;  // compared by size first
  if (v == "day" || v == "日" || v == "日間") return Unit::kDay;
  if (v == "business day" || v == "working day" || v == "営業日") return Unit::kBusinessDay;
  if (v == "week" || v == "週" || v == "週間") return Unit::kWeek;
  if (v == "fortnight") { *count = 2; return Unit::kWeek; }
  if (v == "month" || v == "月" || v == "か月" || v == "ヶ月" || v == "ヵ月" || v == "カ月" || v == "ケ月" ||
      v == "箇月" || v == "ひと月" || v == "ヵ月間" || v == "か月間" || v == "ヶ月間" || v == "カ月間" || v == "月間") {
    return Unit::kMonth;
  }
  if (v == "year" || v == "年" || v == "年間") return Unit::kYear;
  return Unit::kNone;
}

// Reads a count: digits, English words ("two", "a"), kanji, ひと/ふた.
std::optional<int> ParseCount(std::string_view s) {
  std::string w = Fold(s);
  const std::string_view v = w;  // compared by size first
  if (v == "a" || v == "an" || v == "one" || v == "ひと" || v == "一") return 1;
  if (v == "ふた") return 2;
  auto n = ParseNumber(w);
  if (!n || *n < 0 || *n > 1000 || *n != static_cast<int>(*n)) return std::nullopt;
  return static_cast<int>(*n);
}

// Returns +1 for words that count forward (later, after, from, in, 後)
// and -1 for words that count back (ago, before, earlier, 前).
int DirectionOf(std::string_view s) {
  std::string w = Fold(s);
  for (std::string_view back : {"ago", "before", "earlier", "back", "prior", "前", "以上前"}) {
    if (w == back) return -1;
  }
  for (std::string_view fwd : {"later", "after", "from", "hence", "in", "within", "後", "あと", "以上あと", "以上後",
                          "先", "で", "from now", "from today"}) {
    if (w == fwd) return 1;
  }
  return 0;
}

// 0 = Monday ... 6 = Sunday; -1 when unknown.
int ParseWeekday(std::string_view s) {
  std::string w = Fold(s);
  static constexpr const char* kEn[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (w.size() >= 3 && std::isalpha(static_cast<unsigned char>(w[0]))) {
    for (int i = 0; i < 7; ++i) {
      if (w.compare(0, 3, kEn[i]) == 0) return i;
    }
    return -1;
  }
  static constexpr const char* kJa[] = {"月", "火", "水", "木", "金", "土", "日"};
  for (int i = 0; i < 7; ++i) {
    if (StartsWith(w, kJa[i])) return i;
  }
  return -1;
}

// Returns the code point before byte `at` of `s` (0 at the start).
char32_t CodePointBefore(std::string_view s, size_t at) {
  if (at == 0 || at > s.size()) return 0;
  size_t i = at - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = i + 1; k < at; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

// Returns whether a number at the edges of the span stands alone: not
// part of an amount, code, range or longer number ("$2000", "#2019",
// "138-2010-2015", "2024-25", "2015.5", "2019%", "2015 - 32", "2020年");
// a spaced dash before or after is a range only with a number beyond it.
// The span must lie inside the sentence; a span that starts or ends with
// a letter is not checked on that side.
bool Standalone(const RecipeInput& in) {
  std::string_view sent = in.sentence, span = in.span;
  if (span.empty() || span.data() < sent.data() || span.data() + span.size() > sent.data() + sent.size()) {
    return true;
  }
  size_t b = static_cast<size_t>(span.data() - sent.data()), e = b + span.size();
  if (std::isdigit(static_cast<unsigned char>(span.front()))) {
    char32_t c1 = CodePointBefore(sent, b);
    static constexpr std::u32string_view kGlue = U"-/.,:$¥€£#@+'’–";
    if (c1 != 0 && kGlue.find(c1) != std::u32string_view::npos) return false;
    // "32 - 2015": a number, a spaced dash, then the year.
    if (c1 == U' ' && b >= 3 && sent[b - 2] == '-' &&
        (std::isdigit(static_cast<unsigned char>(sent[b - 3])) ||
         (sent[b - 3] == ' ' && b >= 4 && std::isdigit(static_cast<unsigned char>(sent[b - 4]))))) {
      return false;
    }
    // "1兆2000億円": a kanji numeral or scale before is a Japanese amount.
    if (std::u32string_view(U"〇一二三四五六七八九十百千万億兆").find(c1) != std::u32string_view::npos) return false;
  }
  if (std::isdigit(static_cast<unsigned char>(span.back()))) {
    char a1 = e < sent.size() ? sent[e] : '\0';
    char a2 = e + 1 < sent.size() ? sent[e + 1] : '\0';
    if (a1 == '%' || a1 == '/') return false;
    if ((a1 == '.' || a1 == ',' || a1 == ':' || a1 == '-') && std::isdigit(static_cast<unsigned char>(a2))) return false;
    // "2015 - 32": a spaced dash and a number ("in 2019 - here" is a year).
    if (a1 == ' ' && a2 == '-') {
      size_t k = e + 2;
      while (k < sent.size() && sent[k] == ' ') ++k;
      if (k == e + 2 || k >= sent.size() || std::isdigit(static_cast<unsigned char>(sent[k]))) return false;
    }
    // Japanese after the number ("2000億円", "2020年"): other rules read it.
    if (static_cast<unsigned char>(a1) >= 0xE3) return false;
    if (sent.substr(e, 3) == "–") return false;
  }
  return true;
}

enum class Tense { kNone, kPast, kFuture };

// Returns the tense a clause speaks in, from a few cue words: future
// (will, plans to, expected, scheduled, next; 予定, 見通し, 方針, 計画)
// wins over past (was, were, had, ago, last, verbs in -ed, common
// irregular past forms such as rose, fell, sold; した, だった, ました). Reported speech ("said") is no cue.
Tense SentenceTense(std::string_view sentence) {
  std::string w = " ";
  for (char c : sentence) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    w.push_back(std::isalnum(static_cast<unsigned char>(l)) || (l & 0x80) || l == '\'' ? l : ' ');
  }
  w.push_back(' ');
  for (std::string_view cue : {" will ", "'ll ", " shall ", " plans to ", " plan to ", " planned for ", " expected ",
                               " expects ", " scheduled ", " is set to ", " are set to ", " upcoming ", " next ",
                               " slated ", " to be held ", "予定", "見通し", "見込み", "方針", "計画", "目指"}) {
    if (w.find(cue) != std::string::npos) return Tense::kFuture;
  }
  for (std::string_view cue : {" was ", " were ", " had ", " did ", " ago ", " last ", " rose ", " fell ", " grew ",
                               " saw ", " took ", " made ", " won ", " lost ", " sold ", " bought ", " paid ", " spent ",
                               " began ", " came ", " went ", " gave ", " held ", " met ", " led ", " built ", " became ",
                               " brought ", " told ", " sank ", "した", "だった", "ました", "された"}) {
    if (w.find(cue) != std::string::npos) return Tense::kPast;
  }
  // A word in -ed (opened, signed), but not need, speed, indeed, ...
  for (size_t at = w.find("ed "); at != std::string::npos; at = w.find("ed ", at + 1)) {
    size_t start = w.rfind(' ', at);
    std::string_view word = std::string_view(w).substr(start + 1, at + 2 - start - 1);
    if (word.size() >= 5 && word != "need" && word != "speed" && word != "indeed" && word != "exceed" &&
        word != "proceed" && word != "succeed" && word != "breed" && word != "greed" && word != "hundred") {
      return Tense::kPast;
    }
  }
  return Tense::kNone;
}

// Returns true when a Japanese date is followed right away by a verb in
// the past tense ("8月に発表した", "3月に公表された", "5月につけた"): the
// date is then not ahead of the article, whatever else the sentence plans
// ("8月に発表した計画" in a December article is this year's August).
// Not 控えた ("12月に控えた選挙" is ahead).
bool PastVerbAfter(const RecipeInput& in) {
  if (in.lang != "ja") return false;
  std::string_view sent = in.sentence;
  if (in.span.data() < sent.data() || in.span.data() + in.span.size() > sent.data() + sent.size()) return false;
  size_t e = static_cast<size_t>(in.span.data() - sent.data()) + in.span.size();
  std::string_view rest = sent.substr(e, 48);
  static const RE2 past(R"(^(?:に|には|、)?(?:\p{Han}{1,6}\p{Hiragana}{0,3}|\p{Hiragana}{2,3})(?:ました|た)(?:$|[^\p{Hiragana}]|の|が|と|ため|ば))");
  static const RE2 ahead(R"(^(?:に|には|、)?控え)");
  return RE2::PartialMatch(rest, past) && !RE2::PartialMatch(rest, ahead);
}

// Returns the year for a month (and day; 0: none) written without one:
// the reference year, or the year after when the sentence speaks of the
// future and the date would be past, or the year before when it speaks of
// the past and the date would be ahead ("will step down on Jan. 1" in a
// November article is next January). 0 when the day does not exist then.
int ContextYear(const RecipeInput& in, int month, int day) {
  const RefDate& ref = in.ref;
  int year = ref.year;
  int cmp = month != ref.month ? (month < ref.month ? -1 : 1)
            : (day && ref.day && day != ref.day) ? (day < ref.day ? -1 : 1)
                                                   : 0;
  if (cmp != 0) {
    // The clause around the date, not a whole (possibly huge) sentence:
    // up to 160 bytes either side, cut to whole UTF-8 characters.
    std::string_view sent = in.sentence, around = sent;
    if (in.span.data() >= sent.data() && in.span.data() + in.span.size() <= sent.data() + sent.size()) {
      size_t b = static_cast<size_t>(in.span.data() - sent.data());
      size_t e = b + in.span.size();
      size_t from = b > 160 ? b - 160 : 0, to = std::min(sent.size(), e + 160);
      while (from > 0 && (static_cast<unsigned char>(sent[from]) & 0xC0) == 0x80) --from;
      while (to < sent.size() && (static_cast<unsigned char>(sent[to]) & 0xC0) == 0x80) ++to;
      around = sent.substr(from, to - from);
    }
    Tense t = PastVerbAfter(in) ? Tense::kPast : SentenceTense(around);
    if (t == Tense::kFuture && cmp < 0) ++year;
    if (t == Tense::kPast && cmp > 0) --year;
  }
  return day > DaysInMonth(year, month) ? 0 : year;
}

Ymd RefYmd(const RefDate& ref) { return Ymd{ref.year, ref.month ? ref.month : 1, ref.day ? ref.day : 1}; }

// Returns Easter Sunday of `year` (anonymous Gregorian computus).
Ymd Easter(int year) {
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return Ymd{year, month, day};
}

// Returns the n-th (1-based) `weekday` (0 = Monday) of a month.
Ymd NthWeekday(int year, int month, int weekday, int n) {
  Ymd first{year, month, 1};
  int d = (weekday - WeekdayOf(first) + 7) % 7;
  return AddDays(first, d + 7 * (n - 1));
}

// Returns the date of a holiday with a fixed rule in `year`: Christmas,
// New Year's Day, Easter, Thanksgiving (US), Black Friday...; nullopt for
// names it does not know (national days differ by country: not here).
std::optional<Ymd> Holiday(std::string_view name, int year) {
  std::string w = Fold(name);
  for (std::string_view from : {"’", "'", "."}) {
    for (size_t at = w.find(from); at != std::string::npos; at = w.find(from)) w.erase(at, from.size());
  }
  if (StartsWith(w, "saint ")) w = "st " + w.substr(6);
  struct Fixed { std::string_view name; int month, day; };
  static constexpr Fixed kFixed[] = {
      {"christmas", 12, 25}, {"christmas day", 12, 25}, {"xmas", 12, 25}, {"christmas eve", 12, 24},
      {"new year", 1, 1}, {"new years", 1, 1}, {"new year day", 1, 1}, {"new years day", 1, 1},
      {"new years eve", 12, 31}, {"new year eve", 12, 31}, {"earth day", 4, 22},
      {"st patrick", 3, 17}, {"st patricks", 3, 17}, {"st patrick day", 3, 17}, {"st patricks day", 3, 17},
      {"international worker day", 5, 1},
      {"international workers day", 5, 1},
      {"valentine day", 2, 14}, {"valentines day", 2, 14}, {"halloween", 10, 31},
  };
  for (const Fixed& f : kFixed) {
    if (w == f.name) return Ymd{year, f.month, f.day};
  }
  if (w == "easter" || w == "easter sunday") return Easter(year);
  if (w == "easter monday") return AddDays(Easter(year), 1);
  if (w == "good friday") return AddDays(Easter(year), -2);
  if (w == "thanksgiving" || w == "thanksgiving day") return NthWeekday(year, 11, 3, 4);
  if (w == "black friday") return AddDays(NthWeekday(year, 11, 3, 4), 1);
  if (w == "cyber monday") return AddDays(NthWeekday(year, 11, 3, 4), 4);
  return std::nullopt;
}

// Returns the first `name` holiday on or after `from` (shift > 0), the
// last one before it (shift < 0).
std::optional<Ymd> HolidayAround(std::string_view name, Ymd from, int shift) {
  auto h = Holiday(name, from.y);
  if (!h) return std::nullopt;
  int64_t day = DaysFromCivil(from), at = DaysFromCivil(*h);
  if (shift > 0 && at < day) return Holiday(name, from.y + 1);
  if (shift < 0 && at >= day) return Holiday(name, from.y - 1);
  return h;
}

// ---- recipes ----------------------------------------------------------------

// Transient fields of Japanese dates whose year the rest of the text
// settles (ResolveTextYears reads and removes them).
constexpr const char* kAnchorField = "_anchor";     // 同年 0, 翌年 +1, 前年 -1
constexpr const char* kBareYearField = "_yy";       // "27年度", "6年度": a year without era or century
constexpr const char* kEraField = "_era";           // "平成" of 平成28年度
constexpr const char* kEraYearField = "_era_year";  // 28 of 平成28年度
constexpr const char* kFullYearField = "_y4";       // the year is written in full (2025年, 二〇二五年)

// date(year, yy, month, day, era, anchor, default_year, year_shift, end_month,
// end_year, start_year, qualifier, rel, suffix, pos, guard, veto): a calendar value at the precision
// of the parts given. `year` is four digits, kanji digits or English words; `yy` two
// digits; with `era` (令和, 平成...) `year` is "<era><n>" or "<era>元".
// Without a year: `year_shift` (this/next/last) moves the reference year;
// else `default_year` (bind it to ref.year), moved a year by the tense of
// the sentence when the date would otherwise lie on the wrong side of the
// reference date (ContextYear); else XXXX. `end_month` is the month that
// closes a range whose year is written after it ("Nov-Feb 2017"): a later
// start month lies in the year before. `end_year` (`start_year`) is the
// other end of a year range ("2020-2025"): no date unless it is a later
// (earlier) year. A day that does not exist in
// the default year (Feb 29) keeps XXXX. Invalid dates are not dates.
// guard="fy" rejects "2011-12"-style year spans (month = year + 1);
// guard="standalone" rejects a number glued to an amount, code or range
// ("$2000", "2024-25", "2015 - 32"; see Standalone): checks a rule can
// leave to code instead of costly context in its pattern. A `veto` group
// that took part means no date ("3月決算企業"). Japanese years that other
// dates settle: `anchor` 同/翌/前 (同年10月: the year of the date before),
// a one-digit `yy` ("6年度": of the era named before, or of the reference
// date's era), and a two-digit `yy` near an era year named before
// ("平成28年度 ... 27年度" is 平成27); see ResolveTextYears.
std::optional<Json> Date(const RecipeInput& in) {
  if (in.Has("veto")) return std::nullopt;
  int year = 0, month = 0, day = 0;
  bool defaulted = false;
  // A Japanese year read against the other dates of the text (see
  // ResolveTextYears): 同年/翌年/前年, and a year written without its era.
  int anchor = 0, bare_yy = 0;
  bool anchored = false;
  if (in.Has("anchor")) {
    std::string_view a = in.Arg("anchor");
    anchored = true;
    anchor = a == "翌" ? 1 : a == "前" ? -1 : 0;
  } else if (in.Has("yy") && in.lang == "ja" && in.Arg("yy").size() == 1) {
    bare_yy = in.Arg("yy")[0] - '0';  // "6年度": the era is written elsewhere
    if (bare_yy == 0) return std::nullopt;
  } else if (in.Has("era")) {
    std::string_view y = in.Arg("year");
    std::string_view era = in.Arg("era");
    if (StartsWith(y, era)) y.remove_prefix(era.size());
    year = EraYear(era, y);
    if (year == 0) return std::nullopt;
  } else if (in.Has("year") || in.Has("yy")) {
    year = ParseYear(in.Has("year") ? in.Arg("year") : in.Arg("yy"), in.ref);
    if (year == 0) return std::nullopt;
  } else if (in.Has("year_shift")) {
    auto s = ShiftOf(in.Arg("year_shift"));
    if (!s) return std::nullopt;
    if (in.ref.known()) year = in.ref.year + *s;
    defaulted = true;
  } else if (in.Has("default_year")) {
    year = ParseYear(in.Arg("default_year"), in.ref);
    defaulted = year != 0;
  }
  if (in.Has("month")) {
    month = ParseMonth(in.Arg("month"));
    if (month == 0) return std::nullopt;
  }
  if (in.Has("day")) {
    day = ParseDay(in.Arg("day"));
    if (day == 0 || month == 0) return std::nullopt;
  }
  if (in.Has("end_year")) {
    int end = ParseYear(in.Arg("end_year"), in.ref);
    if (year == 0 || end <= year) return std::nullopt;
  }
  if (in.Has("start_year")) {
    int start = ParseYear(in.Arg("start_year"), in.ref);
    if (year == 0 || start == 0 || start >= year) return std::nullopt;
  }
  if (in.Has("end_month") && year && !defaulted) {
    int end = ParseMonth(in.Arg("end_month"));
    if (end && month > end) --year;
  }
  // A month (and day) with the reference year by default: the tense of
  // the sentence may move it a year (see ContextYear).
  if (defaulted && !in.Has("year_shift") && year == in.ref.year && in.ref.month && month) {
    if (int y = ContextYear(in, month, day)) year = y;
  }
  if (day) {
    if (day > DaysInMonth(year, month)) {
      if (!defaulted || day > DaysInMonth(0, month)) return std::nullopt;
      year = 0;  // Feb 29 in a common reference year: the year is unknown
    }
  }
  if (year == 0 && month == 0 && !anchored && !bare_yy) return std::nullopt;
  if (in.Arg("guard") == "fy" && !in.Has("day") && year && month == year % 100 + 1) return std::nullopt;
  if (in.Arg("guard") == "standalone" && !Standalone(in)) return std::nullopt;
  Json fields = DateFields(FormatDate(year, month, day), Qualifier(in));
  // Transient fields for ResolveTextYears, which removes them.
  if (anchored) fields[kAnchorField] = anchor;
  if (bare_yy) fields[kBareYearField] = bare_yy;
  if (in.lang == "ja" && in.Has("yy") && !bare_yy) fields[kBareYearField] = std::stoi(std::string(in.Arg("yy")));
  if (in.lang == "ja" && in.Has("year") && !in.Has("era") && year >= 1000) fields[kFullYearField] = true;
  if (in.Has("era") && year) {
    fields[kEraField] = std::string(in.Arg("era"));
    fields[kEraYearField] = year - EraYear(in.Arg("era"), "1") + 1;
  }
  return fields;
}

// numeric_date(first, second, year, default_year, order, unambiguous):
// "7/6/2018",
// "22/04", "5.12": `order` "md" (default) reads first/second as
// month/day, "dm" as day/month; a first number above 12 that fits as a day
// swaps them. With `unambiguous` set, two numbers both at most 12 (3/4,
// a fraction?) are no date. "24/7" (round the clock) is never a date.
std::optional<Json> NumericDate(const RecipeInput& in) {
  auto a = ParseNumber(in.Arg("first"));
  auto b = ParseNumber(in.Arg("second"));
  if (!a || !b) return std::nullopt;
  int first = static_cast<int>(*a), second = static_cast<int>(*b);
  if (first == 24 && second == 7 && !in.Has("year")) return std::nullopt;
  int month = first, day = second;
  if (in.Arg("order") == "dm") std::swap(month, day);
  if (month > 12 && day <= 12) std::swap(month, day);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (in.Has("unambiguous") && first <= 12 && second <= 12) return std::nullopt;
  RecipeInput d = in;
  d.Erase("first");
  d.Erase("second");
  const std::string month_text = std::to_string(month), day_text = std::to_string(day);  // outlive `d`
  d.Set("month", month_text);
  d.Set("day", day_text);
  return Date(d);
}

// relative(shift, unit, day, near, month, year, word, qualifier, rel, pos):
// a period
// named relative to the reference date. `word` is a day word (today,
// tomorrow, 明日, 一昨日); else `shift` (this/next/last, 今/来/先/昨/再来,
// or a number) moves `unit` (day/month/year, 日/月/年) and the value has
// that precision; `day` picks a day of the resulting month ("今月10日",
// "the 15th day of next month"). With `near` and no shift, a day alone
// ("8日") is in the reference month, or the previous one when it is more
// than a week after the reference day; `month` (and `year`) written in the
// text replace the reference's. A `veto` group that took part means no
// date ("年初来高値": the year-to-date high). Needs a known reference date.
std::optional<Json> Relative(const RecipeInput& in) {
  if (!in.ref.known() || in.Has("veto")) return std::nullopt;
  Ymd ref = RefYmd(in.ref);
  if (in.Has("word")) {
    auto s = DayWordShift(in.Arg("word"));
    if (!s || !in.ref.day) return std::nullopt;
    Ymd t = AddDays(ref, *s);
    return DateFields(FormatDate(t.y, t.m, t.d), Qualifier(in));
  }
  std::optional<int> shift = 0;
  if (in.Has("shift")) {
    shift = ShiftOf(in.Arg("shift"));
    if (!shift) {
      auto n = ParseNumber(in.Arg("shift"));
      if (n && *n == static_cast<int>(*n)) shift = static_cast<int>(*n);
    }
    if (!shift) return std::nullopt;
  }
  int count = 1;
  Unit unit = UnitOf(in.Arg("unit"), &count);
  switch (unit) {
    case Unit::kYear:
      if (in.Has("day")) return std::nullopt;
      return DateFields(FormatDate(ref.y + *shift, 0, 0), Qualifier(in));
    case Unit::kMonth: {
      if (!in.ref.month) return std::nullopt;
      int day = in.Has("day") ? ParseDay(in.Arg("day")) : 0;
      if (in.Has("day") && day == 0) return std::nullopt;
      // near: a day alone ("8日") is in the reference month, or in the
      // previous one when it would be more than a week ahead, unless the
      // previous month has no such day ("31日" written on June 15th).
      if (in.Has("near") && !in.Has("shift") && in.ref.day && day > in.ref.day + 7) {
        Ymd prev = AddMonths(Ymd{ref.y, ref.m, 0}, -1);
        if (day <= DaysInMonth(prev.y, prev.m)) shift = -1;
      }
      Ymd t = AddMonths(Ymd{ref.y, ref.m, 0}, *shift);
      if (in.Has("month")) {  // a month written in the text ("12月18～19日")
        t.m = ParseMonth(in.Arg("month"));
        t.y = in.Has("year") ? ParseYear(in.Arg("year"), in.ref) : ref.y;
        if (t.m == 0 || t.y == 0) return std::nullopt;
      }
      if (day > DaysInMonth(t.y, t.m)) return std::nullopt;
      return DateFields(FormatDate(t.y, t.m, day), Qualifier(in));
    }
    case Unit::kDay: {
      if (!in.ref.day || in.Has("day")) return std::nullopt;
      Ymd t = AddDays(ref, *shift);
      return DateFields(FormatDate(t.y, t.m, t.d), Qualifier(in));
    }
    default:
      return std::nullopt;  // weeks are not calendar dates at RECORD.md precision
  }
}

// offset(n, unit, dir, default_dir, base, holiday, year, month, day,
// qualifier): the day `n` units (days, business days, weeks, fortnights,
// months, years; n defaults to 1) before (dir: ago, before, 前) or after
// (dir: later, after, from, in, 後) a base day: `base` (today, tomorrow,
// yesterday, 明日), a `holiday`, or `month` + `day` (+ `year`); without a
// year the base is its next occurrence from the reference day; default
// base: the reference day. `default_dir` applies when the rule's `dir`
// group did not take part. Needs a known reference day.
std::optional<Json> Offset(const RecipeInput& in) {
  if (!in.ref.known() || !in.ref.month || !in.ref.day) return std::nullopt;
  auto n = in.Has("n") ? ParseCount(in.Arg("n")) : std::optional<int>(1);
  if (!n) return std::nullopt;
  int count = 1;
  Unit unit = UnitOf(in.Arg("unit"), &count);
  int dir = DirectionOf(in.Has("dir") ? in.Arg("dir") : in.Arg("default_dir"));
  if (unit == Unit::kNone || dir == 0) return std::nullopt;
  Ymd t = RefYmd(in.ref);
  if (in.Has("base")) {
    auto b = DayWordShift(in.Arg("base"));
    if (!b) return std::nullopt;
    t = AddDays(t, *b);
  } else if (in.Has("holiday")) {
    auto h = in.Has("year") ? Holiday(in.Arg("holiday"), ParseYear(in.Arg("year"), in.ref))
                            : HolidayAround(in.Arg("holiday"), t, 1);
    if (!h) return std::nullopt;
    t = *h;
  } else if (in.Has("month")) {
    // A base date: its own year, else the next one from the reference day.
    Ymd b{0, ParseMonth(in.Arg("month")), in.Has("day") ? ParseDay(in.Arg("day")) : 1};
    if (b.m == 0 || b.d == 0) return std::nullopt;
    if (in.Has("year")) {
      b.y = ParseYear(in.Arg("year"), in.ref);
      if (b.y == 0) return std::nullopt;
    } else {
      b.y = t.y;
      if (b.d <= DaysInMonth(b.y, b.m) && DaysFromCivil(b) < DaysFromCivil(t)) ++b.y;
    }
    if (b.d > DaysInMonth(b.y, b.m)) return std::nullopt;
    t = b;
  }
  int k = *n * count * dir;
  switch (unit) {
    case Unit::kDay: t = AddDays(t, k); break;
    case Unit::kBusinessDay:
      // Steps over Saturdays and Sundays.
      for (int left = k < 0 ? -k : k; left > 0;) {
        t = AddDays(t, k < 0 ? -1 : 1);
        if (WeekdayOf(t) < 5) --left;
      }
      break;
    case Unit::kWeek: t = AddDays(t, 7 * k); break;
    case Unit::kMonth: t = AddMonths(t, k); break;
    case Unit::kYear: t = AddMonths(t, 12 * k); break;
    case Unit::kNone: return std::nullopt;
  }
  return DateFields(FormatDate(t.y, t.m, t.d), Qualifier(in));
}

// holiday(holiday, year, shift, qualifier, rel, pos): a holiday with a
// fixed rule (Christmas, Easter, Black Friday, ...) in `year`, else the
// reference year; shift next/following = the first one after the
// reference day, last/previous = the last one before it. Without a year
// or reference, a movable holiday has only its month (XXXX-11) or none.
std::optional<Json> HolidayDate(const RecipeInput& in) {
  std::optional<Ymd> h;
  if (in.Has("year")) {
    int y = ParseYear(in.Arg("year"), in.ref);
    if (y == 0) return std::nullopt;
    h = Holiday(in.Arg("holiday"), y);
  } else if (in.Has("shift")) {
    auto s = ShiftOf(in.Arg("shift"));
    if (!s || !in.ref.known()) return std::nullopt;
    if (*s == 0) {
      h = Holiday(in.Arg("holiday"), in.ref.year);
    } else {
      // next: the first one after the reference day; last: the last before.
      h = HolidayAround(in.Arg("holiday"), AddDays(RefYmd(in.ref), *s > 0 ? 1 : 0), *s);
    }
  } else if (in.ref.known()) {
    h = Holiday(in.Arg("holiday"), in.ref.year);
  } else {
    // No year known: a fixed day (Christmas) is XXXX-12-25; a movable one
    // (Black Friday, Easter) keeps only a month that every year shares.
    h = Holiday(in.Arg("holiday"), 2000);
    if (!h) return std::nullopt;
    bool same_day = true;
    for (int y = 2001; y < 2040; ++y) {  // Easter's dates repeat over decades
      auto other = Holiday(in.Arg("holiday"), y);
      if (!other || other->m != h->m) return std::nullopt;
      same_day = same_day && other->d == h->d;
    }
    h->y = 0;
    if (!same_day) return DateFields(FormatDate(0, h->m, 0), Qualifier(in));
  }
  if (!h) return std::nullopt;
  return DateFields(FormatDate(h->y, h->m, h->d), Qualifier(in));
}

// weekday(weekday, week, shift, qualifier): a weekday relative to the
// reference day. `week` (this/next/last week, 今週/来週/先週 as its shift
// word) picks the week (weeks start on Monday); else `shift`: next,
// following, 次 = next week's; last, previous = last week's; this = this
// week's; coming, upcoming = the first one after the reference day; past =
// the last one before it.
std::optional<Json> Weekday(const RecipeInput& in) {
  if (!in.ref.known() || !in.ref.month || !in.ref.day) return std::nullopt;
  int wd = ParseWeekday(in.Arg("weekday"));
  if (wd < 0) return std::nullopt;
  Ymd ref = RefYmd(in.ref);
  int today = WeekdayOf(ref);
  Ymd monday = AddDays(ref, -today);
  Ymd t;
  if (in.Has("week")) {
    auto s = ShiftOf(in.Arg("week"));
    if (!s) return std::nullopt;
    t = AddDays(monday, 7 * *s + wd);
  } else {
    std::string w = Fold(in.Arg("shift"));
    if (StartsWith(w, "this ") && w.size() > 5) w.erase(0, 5);  // "this coming", "this past"
    if (w == "coming" || w == "upcoming" || w == "今度") {
      int d = (wd - today + 7) % 7;
      t = AddDays(ref, d == 0 ? 7 : d);
    } else if (w == "past") {
      int d = (today - wd + 7) % 7;
      t = AddDays(ref, -(d == 0 ? 7 : d));
    } else {
      auto s = w.empty() ? std::optional<int>(0) : ShiftOf(w);
      if (!s) return std::nullopt;
      t = AddDays(monday, 7 * *s + wd);
    }
  }
  return DateFields(FormatDate(t.y, t.m, t.d), Qualifier(in));
}

// Returns the Gregorian year of year `n` of `era` when the era lasted that
// long (平成 31 years, 昭和 64...), else 0.
int EraYearIfFits(std::string_view era, int n) {
  static constexpr std::pair<std::string_view, int> kLast[] = {{"平成", 31}, {"昭和", 64}, {"大正", 15}, {"明治", 45}};
  for (const auto& [name, last] : kLast) {
    if (era == name && n > last) return 0;
  }
  return EraYear(era, std::to_string(n));
}

// Returns the year a two-digit year without era ("26年3月期", "19年末")
// stands for when no era year was named just before it: a text that writes
// any year in full shortens Western years (26 = 2026); else a text that
// names an era year writes that era's years, within ten years of it
// ("平成28年度 ... 20年の"; but 令和7年度 ... 30年度 is 2030); else, with an article date, the
// nearer of the Western and the Heisei reading while Heisei lasted (a 2016
// article's "26年度" is 平成26 = 2014); else 0 (keep the Western reading).
int ShortYear(int yy, bool full_years, const std::string& text_era, int text_era_year, const RefDate& ref) {
  if (full_years) return 0;
  if (!text_era.empty() && std::abs(yy - text_era_year) <= 10) return EraYearIfFits(text_era, yy);
  if (!ref.known() || ref.year > 2019) return 0;
  int heisei = EraYearIfFits("平成", yy);
  int western = ExpandTwoDigitYear(yy, ref);
  return heisei && std::abs(heisei - ref.year) < std::abs(western - ref.year) ? heisei : 0;
}

}  // namespace

void ResolveTextYears(std::vector<Entity>* entities, const RefDate& ref) {
  std::vector<size_t> order;
  for (size_t i = 0; i < entities->size(); ++i) {
    if ((*entities)[i].type == "date") order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return (*entities)[a].begin < (*entities)[b].begin; });
  std::string era;      // the last era named, and its year
  int era_year = 0;
  int last_year = 0;    // the year of the last date that has one
  std::vector<bool> drop(entities->size(), false);
  // How the text writes its years: in full anywhere, and the first era named.
  bool full_years = false;
  std::string text_era;
  int text_era_year = 0;
  for (size_t i : order) {
    Json& f = (*entities)[i].fields;
    if (f.contains(kFullYearField)) {
      full_years = true;
      f.erase(kFullYearField);
    }
    if (text_era.empty() && f.contains(kEraField)) {
      text_era = f[kEraField].get<std::string>();
      text_era_year = f[kEraYearField].get<int>();
    }
  }
  for (size_t i : order) {
    Json& f = (*entities)[i].fields;
    if (!f.contains(kAnchorField) && !f.contains(kBareYearField) && !f.contains(kEraField)) {
      const std::string* v = f["value"].get_ptr<const std::string*>();
      if (v && v->size() >= 4 && std::isdigit(static_cast<unsigned char>((*v)[0]))) last_year = std::stoi(v->substr(0, 4));
      continue;
    }
    std::string value = f["value"].get<std::string>();
    int year = 0;
    if (f.contains(kEraField)) {
      era = f[kEraField].get<std::string>();
      era_year = f[kEraYearField].get<int>();
    } else if (f.contains(kBareYearField)) {
      // Within three years of the era year named before: that era
      // ("平成28年度 ... 27年度"). Else a one-digit year is of the reference
      // date's era (令和 from 2019) when that puts it near; else two digits
      // are read by how the text writes its years (ShortYear).
      int yy = f[kBareYearField].get<int>();
      if (era_year && std::abs(yy - era_year) <= 3) {
        year = EraYear(era, std::to_string(yy));
      } else if (yy < 10 && ref.known() && ref.year >= 2019 && std::abs(2018 + yy - ref.year) <= 3) {
        year = 2018 + yy;
      } else if (yy < 10) {
        drop[i] = true;
      } else {
        year = ShortYear(yy, full_years, text_era, text_era_year, ref);
      }
    } else if (f.contains(kAnchorField)) {
      // 同年/翌年/前年: from the year of the date before; none, no date.
      if (last_year) {
        year = last_year + f[kAnchorField].get<int>();
      } else {
        drop[i] = true;
      }
    }
    if (year) value = std::to_string(year) + value.substr(4);
    f["value"] = value;
    for (const char* k : {kAnchorField, kBareYearField, kEraField, kEraYearField}) f.erase(k);
    if (!drop[i] && !value.empty() && std::isdigit(static_cast<unsigned char>(value[0]))) last_year = std::stoi(value.substr(0, 4));
  }
  size_t kept = 0;
  for (size_t i = 0; i < entities->size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) (*entities)[kept] = std::move((*entities)[i]);
    ++kept;
  }
  entities->resize(kept);
}

std::vector<RecipeInfo> DateRecipes() {
  return {
      {"date", Date,
       "date(year, yy, month, day, era, anchor, default_year, end_month, end_year, start_year, qualifier, rel, pos, "
       "guard, veto): ISO value at the precision given; era years (令和7); 同年/翌年 (anchor) and years without "
       "era (6年度) from the other dates of the text; no year: default_year (ref.year) else XXXX; "
       "end_month: a range's end (Nov-Feb 2017: November 2016); end_year/start_year: the other end of a year "
       "range (2020-2025)"},
      {"numeric_date", NumericDate,
       "numeric_date(first, second, year, default_year, order, unambiguous): 7/6/2018 as month/day (order=\"md\") or "
       "day/month (\"dm\"); a first number over 12 is the day"},
      {"relative", Relative,
       "relative(word, shift, unit, day, near, qualifier, rel, pos, veto): today/明日, or this/next/last month/year "
       "(今月, 来年) from the reference date, optionally a day of that month (8日: near); a veto group that took "
       "part means no date (年初来高値)"},
      {"offset", Offset,
       "offset(n, unit, dir, default_dir, base, holiday, year, month, day, qualifier): n days/weeks/months/years "
       "ago/later (前/後) from base (today, 明日), a holiday or a date"},
      {"holiday", HolidayDate,
       "holiday(holiday, year, shift, qualifier, rel, pos): Christmas, Easter, Black Friday... in year, "
       "else the reference year; next/last: the one after/before the reference day"},
      {"weekday", Weekday,
       "weekday(weekday, week, shift, qualifier): next/last/this/coming/past Monday, 来週の月曜日"},
  };
}

}  // namespace kiji::resolve
