#include "resolve/recipe.h"

#include <charconv>

namespace kiji::resolve {

namespace {

struct KindInfo {
  const char* kind;        // rule file kind: patterns/<lang>/<kind>.rules
  const char* type;        // what its rules find
  bool emitted;            // an entity in entities[] (else a cue)
  const char* main_field;  // compared with an example's scalar value
  const char* gate;        // run only in sentences where this kind matched, or nullptr
};

constexpr KindInfo kKinds[] = {
    {"dates", "date", true, "value", nullptr},
    {"figures", "figure", true, "value", nullptr},
    {"organizations", "organization", true, "name", nullptr},
    {"agreements", "agreement", false, "kind", nullptr},
    {"agreement_cues", "agreement_cue", false, "status", "agreements"},
    {"agreement_modifiers", "agreement_modifier", false, "modifier", "agreements"},
    {"countries", "country", false, "name", "agreements"},
};

}  // namespace

std::string EntityTypeForKind(const std::string& kind) {
  for (const KindInfo& k : kKinds) {
    if (kind == k.kind) return k.type;
  }
  return "";
}

bool IsEmittedType(const std::string& type) {
  for (const KindInfo& k : kKinds) {
    if (type == k.type) return k.emitted;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> GatedKinds() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const KindInfo& k : kKinds) {
    if (k.gate) out.emplace_back(k.kind, k.gate);
  }
  return out;
}

const char* MainFieldOfType(const std::string& type) {
  for (const KindInfo& k : kKinds) {
    if (type == k.type) return k.main_field;
  }
  return "value";
}

bool IsBlocker(const Entity& e) {
  auto it = e.fields.find("kind");
  return it != e.fields.end() && it->is_string() && it->get_ref<const std::string&>() == "none";
}

RefDate ParseRefDate(std::string_view iso) {
  RefDate r;
  auto num = [&](size_t pos, size_t len, int* out) {
    if (iso.size() < pos + len) return false;
    int v = 0;
    auto res = std::from_chars(iso.data() + pos, iso.data() + pos + len, v);
    if (res.ec != std::errc() || res.ptr != iso.data() + pos + len) return false;
    *out = v;
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, &y) || y < 1000) return r;
  if (iso.size() > 4 && (iso[4] != '-' || !num(5, 2, &m) || m < 1 || m > 12)) return r;
  if (iso.size() > 7 && (iso[7] != '-' || !num(8, 2, &d) || d < 1 || d > 31)) return r;
  if (iso.size() > 10 && iso[10] != 'T' && iso[10] != ' ' && iso[10] != 't') return r;
  r.year = y;
  r.month = m;
  r.day = d;
  return r;
}

std::string_view RecipeInput::Arg(std::string_view key) const {
  auto it = args.find(key);
  return it == args.end() ? std::string_view() : std::string_view(it->second);
}

bool RecipeInput::Has(std::string_view key) const {
  auto it = args.find(key);
  return it != args.end() && !it->second.empty();
}

const std::vector<RecipeInfo>& AllRecipes() {
  static const std::vector<RecipeInfo> all = [] {
    std::vector<RecipeInfo> v;
    for (auto* list : {DateRecipes, FigureRecipes, OrganizationRecipes, AgreementRecipes}) {
      for (const RecipeInfo& r : list()) v.push_back(r);
    }
    return v;
  }();
  return all;
}

const RecipeInfo* FindRecipe(std::string_view name) {
  for (const RecipeInfo& r : AllRecipes()) {
    if (name == r.name) return &r;
  }
  return nullptr;
}

std::optional<Json> RunRecipe(const rules::Rule& rule, const RecipeInfo& recipe,
                              const std::vector<std::pair<std::string_view, std::string_view>>& groups,
                              std::string_view span, std::string_view sentence, const std::string& lang,
                              const RefDate& ref) {
  RecipeInput in;
  in.rule = &rule;
  in.span = span;
  in.sentence = sentence;
  in.lang = lang;
  in.ref = ref;
  for (const rules::RecipeArg& a : rule.recipe.args) {
    switch (a.kind) {
      case rules::RecipeArg::Kind::kLiteral:
        in.args[a.key] = a.text;
        break;
      case rules::RecipeArg::Kind::kRef: {
        int v = a.text == "year" ? ref.year : a.text == "month" ? ref.month : ref.day;
        if (v > 0) in.args[a.key] = std::to_string(v);
        break;
      }
      case rules::RecipeArg::Kind::kGroup:
        for (const auto& [name, text] : groups) {
          if (name == a.text) {
            in.args[a.key] = std::string(text);
            break;
          }
        }
        break;
    }
  }
  return recipe.fn(in);
}

}  // namespace kiji::resolve
