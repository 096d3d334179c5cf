#include "resolve/numbers.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace kiji::resolve {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

struct Word {
  const char* text;
  double value;
};

constexpr Word kUnits[] = {
    {"zero", 0},     {"a", 1},          {"an", 1},        {"one", 1},        {"two", 2},
    {"three", 3},    {"four", 4},       {"five", 5},      {"six", 6},        {"seven", 7},
    {"eight", 8},    {"nine", 9},       {"ten", 10},      {"eleven", 11},    {"twelve", 12},
    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17},
    {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},   {"thirty", 30},    {"forty", 40},
    {"fifty", 50},   {"sixty", 60},     {"seventy", 70},  {"eighty", 80},    {"ninety", 90},
    {"dozen", 12},   {"half", 0.5},     {"single", 1},    {"couple", 2},     {"several", -1},
};

constexpr Word kOrdinals[] = {
    {"first", 1},       {"second", 2},      {"third", 3},       {"fourth", 4},     {"fifth", 5},
    {"sixth", 6},       {"seventh", 7},     {"eighth", 8},      {"ninth", 9},      {"tenth", 10},
    {"eleventh", 11},   {"twelfth", 12},    {"thirteenth", 13}, {"fourteenth", 14}, {"fifteenth", 15},
    {"sixteenth", 16},  {"seventeenth", 17}, {"eighteenth", 18}, {"nineteenth", 19}, {"twentieth", 20},
    {"thirtieth", 30},  {"fortieth", 40},   {"fiftieth", 50},   {"sixtieth", 60},  {"seventieth", 70},
    {"eightieth", 80},  {"ninetieth", 90},  {"hundredth", 100}, {"thousandth", 1000},
};

std::optional<double> LookUp(const Word* begin, const Word* end, std::string_view w) {
  for (const Word* p = begin; p != end; ++p) {
    if (w == p->text) return p->value;
  }
  return std::nullopt;
}

// "1,234.5" / "1 234" / "3.5" / "-2".
std::optional<double> ParseDigits(std::string_view s) {
  std::string clean;
  bool digit = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') { clean.push_back(c); digit = true; continue; }
    if (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      clean.push_back('.');
      continue;
    }
    // Thousands separators: comma, space or apostrophe followed by 3 digits.
    if ((c == ',' || c == ' ' || c == '\'') && digit && i + 3 < s.size() + 0 &&
        std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      continue;
    }
    if (c == '-' && clean.empty()) { clean.push_back('-'); continue; }
    if (c == '+' && clean.empty()) continue;
    return std::nullopt;
  }
  if (!digit) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return std::nullopt;
  return v;
}

// English number words: "twenty-five", "one hundred and five", "3 million"
// is left to the caller (scale handled by ParseScale).
std::optional<double> ParseWords(std::string_view s) {
  std::string low = Lower(s);
  for (char& c : low) if (c == '-') c = ' ';
  std::vector<std::string> words;
  size_t i = 0;
  while (i < low.size()) {
    while (i < low.size() && low[i] == ' ') ++i;
    size_t j = i;
    while (j < low.size() && low[j] != ' ') ++j;
    if (j > i) words.emplace_back(low.substr(i, j - i));
    i = j;
  }
  if (words.empty()) return std::nullopt;
  double total = 0, current = 0;
  bool any = false;
  for (const std::string& w : words) {
    if (w == "and") continue;
    if (auto d = ParseDigits(w)) { current += *d; any = true; continue; }
    if (auto u = LookUp(std::begin(kUnits), std::end(kUnits), w)) {
      if (*u < 0) return std::nullopt;  // "several": not a value
      current += *u;
      any = true;
      continue;
    }
    if (w == "hundred") { current = (current == 0 ? 1 : current) * 100; any = true; continue; }
    if (auto sc = ParseScale(w); sc && *sc >= 1000) {
      total += (current == 0 ? 1 : current) * *sc;
      current = 0;
      any = true;
      continue;
    }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + current;
}

// Decodes one UTF-8 code point at s[i], advancing i.
char32_t NextChar(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  char32_t cp;
  int len;
  if (c < 0x80) { cp = c; len = 1; }
  else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
  else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
  else { cp = c & 0x07; len = 4; }
  for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  }
  i += static_cast<size_t>(len);
  return cp;
}

int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': case U'壱': return 1;
    case U'二': case U'弐': return 2;
    case U'三': case U'参': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int KanjiSmallUnit(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 10;
    case U'百': return 100;
    case U'千': case U'阡': return 1000;
    default: return 0;
  }
}

double KanjiBigUnit(char32_t c) {
  switch (c) {
    case U'万': case U'萬': return 1e4;
    case U'億': return 1e8;
    case U'兆': return 1e12;
    default: return 0;
  }
}

// Kanji numerals, also mixed with digits: "二千五百", "二〇二五", "1万2000",
// "3億5千万", "十".
std::optional<double> ParseKanji(std::string_view s) {
  double total = 0;    // completed 万/億/兆 groups
  double group = 0;    // value below the current big unit
  double digits = -1;  // pending digit run ("二〇二五" or "2000"), -1 if none
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = NextChar(s, i);
    if (c >= U'0' && c <= U'9') {
      // A run of ASCII digits, with optional separators and decimals.
      size_t j = start;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ',' || s[j] == '.')) ++j;
      auto d = ParseDigits(s.substr(start, j - start));
      if (!d) return std::nullopt;
      digits = (digits < 0 ? 0 : digits) + *d;
      i = j;
      any = true;
      continue;
    }
    if (int d = KanjiDigit(c); d >= 0) {
      digits = (digits < 0 ? 0 : digits * 10) + d;
      any = true;
      continue;
    }
    if (int u = KanjiSmallUnit(c); u > 0) {
      group += (digits < 0 ? 1 : digits) * u;
      digits = -1;
      any = true;
      continue;
    }
    if (double b = KanjiBigUnit(c); b > 0) {
      double g = group + (digits < 0 ? 0 : digits);
      if (g == 0) g = 1;
      total += g * b;
      group = 0;
      digits = -1;
      any = true;
      continue;
    }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + group + (digits < 0 ? 0 : digits);
}

}  // namespace

std::optional<double> ParseScale(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return 1.0;
  std::string w = Lower(s);
  if (!w.empty() && w.back() == '.') w.pop_back();
  if (w == "thousand" || w == "k" || w == "千") return 1e3;
  if (w == "lakh" || w == "lakhs") return 1e5;
  if (w == "million" || w == "millions" || w == "mn" || w == "mln" || w == "m" || w == "mil") return 1e6;
  if (w == "crore" || w == "crores") return 1e7;
  if (w == "billion" || w == "billions" || w == "bn" || w == "b" || w == "bln") return 1e9;
  if (w == "trillion" || w == "trillions" || w == "tn" || w == "trn" || w == "tr") return 1e12;
  if (w == "万") return 1e4;
  if (w == "億") return 1e8;
  if (w == "兆") return 1e12;
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  if (auto d = ParseDigits(s)) return d;
  unsigned char first = static_cast<unsigned char>(s.front());
  if (first >= 0x80 || std::isdigit(first)) {
    if (auto k = ParseKanji(s)) return k;
  }
  return ParseWords(s);
}

std::optional<double> ParseOrdinal(std::string_view s) {
  s = Trim(s);
  std::string w = Lower(s);
  if (w.size() > 2) {
    std::string suffix = w.substr(w.size() - 2);
    if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") &&
        std::isdigit(static_cast<unsigned char>(w[0]))) {
      return ParseDigits(w.substr(0, w.size() - 2));
    }
  }
  for (char& c : w) if (c == '-') c = ' ';
  size_t sp = w.rfind(' ');
  std::string last = sp == std::string::npos ? w : w.substr(sp + 1);
  auto o = LookUp(std::begin(kOrdinals), std::end(kOrdinals), last);
  if (!o) return std::nullopt;
  if (sp == std::string::npos) return o;
  auto head = ParseWords(w.substr(0, sp));
  if (!head) return std::nullopt;
  return *head + *o;
}

}  // namespace kiji::resolve
