// Record assembly: turns the levels and dense physical values of leaf
// columns (LeafBatch) into the columnar vectors of output fields (the
// inverse of Dremel shredding), applying each leaf's LeafConversion.
//
// How slots are found (see FieldNode in schema.h): a node's vector gets a
// row at every level entry with rep <= slot_repetition and
// def >= slot_definition; the row is null when def < definition_level. A
// list/map row owns the following entries whose rep > its slot_repetition;
// each of those with rep <= element_repetition and def >= element_definition
// starts an element. Structs and lists take their shape from their first
// leaf; every other leaf must agree (lengths are checked).
//
// Contract: pure functions over their inputs; the leaf batches are consumed
// (buffers may be moved into the output). Inconsistent levels across leaves
// or a values/levels mismatch give kInvalidData.
#pragma once

#include <memory>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/parquet/column_reader.h"
#include "floe/parquet/schema.h"

namespace floe::parquet {

// Builds the vector of `node`; `leaves` is indexed by column index.
Result<std::shared_ptr<columnar::Vector>> AssembleField(const FieldNode& node,
                                                        const std::vector<ColumnDescriptor>& columns,
                                                        std::vector<LeafBatch>& leaves);

}  // namespace floe::parquet
