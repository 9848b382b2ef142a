// FileSchema: a Parquet schema (the flattened SchemaElement list of the
// footer) as a tree of nodes, its leaf columns with their maximum
// definition/repetition levels, and the columnar types the reader produces.
//
// Contract:
// - FileSchema::Make validates the element list (child counts, names,
//   physical types, nesting depth) and returns kInvalidData for malformed
//   schemas, kNotImplemented for valid ones floe cannot represent (e.g.
//   decimals wider than 38 digits).
// - Mapping to columnar (schema.cc has the full table): LIST-annotated
//   groups become kList, following the parquet-format backward-compatibility
//   rules (2-level lists, `array`, `<name>_tuple`); MAP/MAP_KEY_VALUE groups
//   become kMap; an unannotated repeated field becomes a non-null kList of
//   its required values; other groups become kStruct. Every columnar Field
//   carries the element's field_id (-1 when absent).
// - Immutable after Make; safe to share across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/columnar/types.h"
#include "floe/common/result.h"
#include "floe/parquet/metadata.h"

namespace floe::parquet {

// How a leaf's physical values become its columnar values.
enum class LeafConversion : uint8_t {
  kNone,               // same representation
  kInt32ToInt8,
  kInt32ToInt16,
  kUint8ToInt16,
  kUint16ToInt32,
  kUint32ToInt64,
  kTimeMillisToMicros,  // int32 ms -> int64 µs
  kMillisToMicros,      // int64 ms -> int64 µs
  kNanosToMicros,       // int64 ns -> int64 µs (TIME(NANOS))
  kInt96ToMicros,       // Impala/Spark INT96 -> int64 µs (ns would overflow for years past 2262)
  kDecimalFromInt32,
  kDecimalFromInt64,
  kDecimalFromBytes,    // big-endian two's complement (BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY)
  kFloat16ToFloat,
};

// One leaf column.
struct ColumnDescriptor {
  int index = 0;                  // position among the leaves (= column chunk index)
  std::vector<std::string> path;  // path_in_schema
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  std::optional<int32_t> field_id;
  columnar::DataType output_type;  // what the reader produces for this leaf
  LeafConversion conversion = LeafConversion::kNone;
};

// The assembly plan for one output field: how levels of its leaves turn into
// a (possibly nested) columnar vector. See record_assembler.h.
struct FieldNode {
  enum class Kind : uint8_t { kLeaf, kStruct, kList, kMap };
  Kind kind = Kind::kLeaf;
  columnar::Field field;
  int16_t definition_level = 0;  // the node is non-null when def >= this
  // A new slot (row of this node's vector) starts at a level entry when
  // rep <= slot_repetition && def >= slot_definition.
  int16_t slot_repetition = 0;
  int16_t slot_definition = 0;
  // kList/kMap: the element slot condition (rep <= element_repetition &&
  // def >= element_definition, given the entry is inside a non-null list).
  int16_t element_repetition = 0;
  int16_t element_definition = 0;
  int column = -1;  // kLeaf: ColumnDescriptor::index
  std::vector<FieldNode> children;  // struct fields; list {element}; map {key, value}
  int first_column = -1;  // the first leaf under this node
};

class FileSchema {
 public:
  static Result<FileSchema> Make(const std::vector<SchemaElement>& elements);

  const std::vector<ColumnDescriptor>& columns() const { return columns_; }
  // Top-level fields, in schema order.
  const std::vector<FieldNode>& fields() const { return fields_; }
  // The columnar schema of the top-level fields.
  columnar::Schema ToColumnarSchema() const;

 private:
  std::vector<ColumnDescriptor> columns_;
  std::vector<FieldNode> fields_;
};

// Collects the leaf columns under `node` (in order).
void CollectColumns(const FieldNode& node, std::vector<int>* columns);

}  // namespace floe::parquet
