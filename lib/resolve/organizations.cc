// Organization recipes: a name as written (canonical names are chosen per
// record afterwards, in canonical.cc).
#include <string>

#include "resolve/recipe.h"

namespace kiji::resolve {
namespace {

// org(name): an organization called `name` (default: the whole span).
std::optional<Json> Org(const RecipeInput& in) {
  std::string name(in.Has("name") ? in.Arg("name") : in.span);
  if (name.empty()) return std::nullopt;
  Json out = Json::object();
  out["name"] = name;
  out["aliases"] = Json::array();
  return out;
}

}  // namespace

std::vector<RecipeInfo> OrganizationRecipes() {
  return {
      {"org", Org, "org(name): an organization named by the group `name` (default: the span)"},
  };
}

}  // namespace kiji::resolve
