// Test support: one Pipeline with the built-in rules, built once per test
// binary (compiling the rules takes a while). Aborts the test binary if
// the rules do not load: every test below would fail anyway.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>

#include "pipeline/pipeline.h"

namespace kiji::test_support {

inline const Pipeline& BuiltinPipeline() {
  static Pipeline* p = [] {
    Result<Pipeline> r = Pipeline::Create({});
    if (!r.ok()) {
      ADD_FAILURE() << r.error().Message();
      std::abort();
    }
    return new Pipeline(std::move(r).value());
  }();
  return *p;
}

}  // namespace kiji::test_support
