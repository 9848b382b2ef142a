// Test support for the engine's tests: a query result's rows as text.
#pragma once

#include <string>
#include <vector>

#include "floe/engine/engine.h"

namespace floe::engine {

// Every row of `result` as "a|b|c" (FormatCell of each column). Errors: the
// result's own, from Next.
inline Result<std::vector<std::string>> ResultRows(QueryResult& result) {
  std::vector<std::string> rows;
  columnar::Batch batch;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, result.Next(&batch));
    if (!more) break;
    for (int64_t r = 0; r < batch.num_rows; ++r) {
      std::string row;
      for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c > 0) row += "|";
        row += FormatCell(*batch.columns[c], r, result.columns()[c].type);
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace floe::engine
