// Organization recipes: a name as written, plus the other names a rule saw
// beside it (an acronym defined in brackets, a reading). Canonical names are
// chosen per record afterwards, in canonical.cc.
#include <string>

#include "common/strings.h"
#include "resolve/canonical.h"
#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// org(name, acronym, alias, unless): an organization named by the group
// `name` (default: the span); `acronym` (checked against a Latin name) and
// `alias` become aliases; none when the group `unless` took part.
std::optional<Json> Org(const RecipeInput& in) {
  std::string name(in.Has("name") ? in.Arg("name") : in.span);
  if (name.empty() || in.Has("unless")) return std::nullopt;
  Json aliases(Json::value_t::array);  // not Json::array(): that goes through an initializer list
  if (in.Has("acronym")) {
    std::string_view acr = in.Arg("acronym");
    bool latin = true;
    for (char c : name) latin = latin && static_cast<unsigned char>(c) < 0x80;
    if (latin && !AcronymMatches(acr, name)) return std::nullopt;
    if (acr != name) aliases.push_back(std::string(acr));
  }
  if (in.Has("alias") && in.Arg("alias") != name) aliases.push_back(std::string(in.Arg("alias")));
  // Built as a list of fields, then made an object: room for both fields
  // at once and no key search per field (Json's operator[]).
  Json::object_t fields;
  fields.reserve(2);
  fields.emplace_back("name", std::move(name));
  fields.emplace_back("aliases", std::move(aliases));
  return Json(std::move(fields));
}

}  // namespace

namespace {

// Schwartz & Hearst (2003): every letter of the acronym, right to left,
// found in the long form in order; the first one starts a word.
bool SchwartzHearst(std::string_view acronym, std::string_view long_form) {
  int letters = 0;
  for (char c : acronym) letters += IsAsciiAlnum(c) ? 1 : 0;
  if (letters < 2 || long_form.size() <= acronym.size()) return false;
  long s = static_cast<long>(acronym.size()) - 1;
  long l = static_cast<long>(long_form.size()) - 1;
  while (s >= 0) {
    char c = AsciiLower(acronym[static_cast<size_t>(s)]);
    if (!IsAsciiAlnum(c)) {
      --s;
      continue;
    }
    while ((l >= 0 && AsciiLower(long_form[static_cast<size_t>(l)]) != c) ||
           (s == 0 && l > 0 && IsAsciiAlnum(long_form[static_cast<size_t>(l - 1)]))) {
      --l;
    }
    if (l < 0) return false;
    --l;
    --s;
  }
  return true;
}

}  // namespace

bool AcronymMatches(std::string_view acronym, std::string_view long_form) {
  // A long form is words: "JDU" does not stand for "JDU", nor for "Jdux".
  if (long_form.find(' ') == std::string_view::npos) return false;
  if (SchwartzHearst(acronym, long_form)) return true;
  // One letter may stand for a sound ("DX" for Digital Transformation in
  // VADX): with three letters or more, the first starting the long form,
  // all but one of the others will do.
  if (acronym.size() < 3 || long_form.empty() || AsciiLower(acronym[0]) != AsciiLower(long_form[0])) return false;
  for (size_t skip = 1; skip < acronym.size(); ++skip) {
    std::string shorter(acronym);
    shorter.erase(skip, 1);
    if (SchwartzHearst(shorter, long_form)) return true;
  }
  return false;
}

std::vector<RecipeInfo> OrganizationRecipes() {
  return {
      {"org", Org,
       "org(name, acronym, alias, unless): an organization named by the group `name` (default: the span); an "
       "`acronym` must fit a Latin name (Schwartz-Hearst) and becomes an alias, as does `alias`; nothing when the "
       "group `unless` took part"},
  };
}

}  // namespace kiji::resolve
