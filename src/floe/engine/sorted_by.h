// The `sorted_by` table property (CREATE TABLE ... WITH, ALTER TABLE ...
// SET PROPERTIES): Trino's text form of an Iceberg sort order.
//
//   sorted_by = ARRAY['id', 'name DESC NULLS FIRST', 'day(ts) ASC NULLS LAST', 'bucket(id, 16)']
//
// Each item is a top-level column, optionally under a transform (identity,
// year, month, day, hour, bucket(c, n), truncate(c, w)), then ASC | DESC,
// then NULLS FIRST | NULLS LAST. Defaults follow Iceberg: ASC, and nulls
// first for ASC, last for DESC. Column names resolve case-insensitively
// to their field ids.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/sort_order.h"
#include "floe/sql/ast.h"

namespace floe::engine {

// The sort order of `items` (each with its position for errors), with
// order id `order_id` (the builder reassigns it on commit). An empty list
// is the unsorted order. Errors: INVALID_TABLE_PROPERTY for text that does
// not parse or a transform that does not apply, COLUMN_NOT_FOUND.
Result<iceberg::SortOrderPtr> ParseSortedBy(const std::vector<std::pair<std::string, sql::NodeLocation>>& items,
                                           const iceberg::Schema& schema, int32_t order_id);

// One field as ParseSortedBy reads it, defaults left out ("name DESC").
std::string SortFieldText(const iceberg::SortField& field, const iceberg::Schema& schema);

}  // namespace floe::engine
