// Date recipes: calendar values at the precision written (RECORD.md `date`).
#include <cctype>
#include <cstdio>
#include <string>

#include "resolve/numbers.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// Returns 1..12 for an English month name or abbreviation, or a number.
int ParseMonth(std::string_view s) {
  std::string w;
  for (char c : s) {
    if (c == '.') continue;
    w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() >= 3) {
    for (int i = 0; i < 12; ++i) {
      if (w.compare(0, 3, kMonths[i]) == 0) return i + 1;
    }
  }
  if (auto n = ParseNumber(s); n && *n >= 1 && *n <= 12 && *n == static_cast<int>(*n)) {
    return static_cast<int>(*n);
  }
  return 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year > 0) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// Reads a year: four digits, two digits (-> 20xx/19xx), kanji numerals.
int ParseYear(std::string_view s) {
  auto n = ParseNumber(s);
  if (!n || *n != static_cast<int>(*n)) return 0;
  int y = static_cast<int>(*n);
  if (s.size() == 2 && y >= 0 && y < 100) y += y < 70 ? 2000 : 1900;
  return y >= 1000 && y <= 2999 ? y : 0;
}

// date(year, month, day, qualifier): a calendar value at the precision of
// the parts given. A missing year takes ref.year when the rule passes it,
// else XXXX. Invalid days are not dates.
std::optional<Json> Date(const RecipeInput& in) {
  int year = 0, month = 0, day = 0;
  if (in.Has("year")) {
    year = ParseYear(in.Arg("year"));
    if (year == 0) return std::nullopt;
  }
  if (in.Has("month")) {
    month = ParseMonth(in.Arg("month"));
    if (month == 0) return std::nullopt;
  }
  if (in.Has("day")) {
    auto d = ParseNumber(in.Arg("day"));
    if (!d || *d < 1 || *d > 31 || month == 0) return std::nullopt;
    day = static_cast<int>(*d);
    if (day > DaysInMonth(year, month)) return std::nullopt;
  }
  if (year == 0 && month == 0) return std::nullopt;
  char buf[32];
  std::string y = year ? std::to_string(year) : "XXXX";
  if (day) std::snprintf(buf, sizeof buf, "%s-%02d-%02d", y.c_str(), month, day);
  else if (month) std::snprintf(buf, sizeof buf, "%s-%02d", y.c_str(), month);
  else std::snprintf(buf, sizeof buf, "%s", y.c_str());
  Json out = Json::object();
  out["value"] = buf;
  out["qualifier"] = in.Has("qualifier") ? Json(std::string(in.Arg("qualifier"))) : Json(nullptr);
  return out;
}

}  // namespace

std::vector<RecipeInfo> DateRecipes() {
  return {
      {"date", Date, "date(year, month, day, qualifier): ISO value at the precision given; no year: XXXX"},
  };
}

}  // namespace kiji::resolve
