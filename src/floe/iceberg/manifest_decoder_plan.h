// Internal to the manifest decoders (manifest_decoder.cc,
// manifest_file_decoder.cc): the plan model shared by manifest entries and
// manifest-list entries. A record plan is one Step per writer field, saying
// where its value goes (Slot), how it is shaped (Kind) and how it is encoded
// (its Avro type, unwrapped from a union with null); fields the reader does
// not need are skipped.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "floe/avro/decoder.h"
#include "floe/avro/schema.h"
#include "floe/avro/skip.h"
#include "floe/common/result.h"

namespace floe::iceberg::internal {

// Where a decoded field goes.
enum class Slot : uint8_t {
  kSkip,
  // manifest_entry
  kStatus,
  kSnapshotId,
  kSequenceNumber,
  kFileSequenceNumber,
  kDataFile,
  // data_file
  kContent,
  kFilePath,
  kFileFormat,
  kPartition,
  kRecordCount,
  kFileSizeInBytes,
  kColumnSizes,
  kValueCounts,
  kNullValueCounts,
  kNanValueCounts,
  kLowerBounds,
  kUpperBounds,
  kKeyMetadata,
  kSplitOffsets,
  kEqualityIds,
  kSortOrderId,
  kFirstRowId,
  kReferencedDataFile,
  kContentOffset,
  kContentSizeInBytes,
  // manifest_file
  kManifestPath,
  kManifestLength,
  kPartitionSpecId,
  kManifestContent,
  kManifestSequenceNumber,
  kMinSequenceNumber,
  kAddedSnapshotId,
  kAddedFilesCount,
  kExistingFilesCount,
  kDeletedFilesCount,
  kAddedRowsCount,
  kExistingRowsCount,
  kDeletedRowsCount,
  kPartitions,
  kManifestKeyMetadata,
  kManifestFirstRowId,
  // field_summary
  kContainsNull,
  kContainsNan,
  kLowerBound,
  kUpperBound,
  // the key/value records of int-keyed maps, and list items
  kMapKey,
  kMapValue,
  kItem,
};

// How a field's value is shaped.
enum class Kind : uint8_t {
  kInt,
  kLong,
  kBoolean,
  kText,          // string, bytes or fixed
  kRecord,        // data_file
  kIntLongMap,    // array<record{key: int, value: long}>
  kIntBytesMap,   // array<record{key: int, value: bytes}>
  kLongList,
  kIntList,
  kSummaryList,   // array<field_summary>
  kPartition,     // the partition tuple
};

struct KnownField {
  int32_t id;
  std::string_view name;
  std::string_view other_name;  // an older writer's name for the same id
  Slot slot;
  Kind kind;
  bool required;
};

// One field of a record plan. Unions of null and one type are unwrapped at
// compile time: `branch_count` is 0 for plain fields.
struct Step {
  Slot slot = Slot::kSkip;
  Kind kind = Kind::kInt;
  avro::Type wire = avro::Type::kNull;  // the value branch's Avro type
  int8_t null_branch = -1;
  uint8_t branch_count = 0;
  uint8_t value_branch = 0;
  bool has_value = true;  // false for a union holding only null
  int64_t fixed_size = 0;
  const avro::Node* writer = nullptr;  // the full field type (skipping)
  const avro::Node* value = nullptr;   // the value branch
  int32_t sub = -1;              // nested plan (records, map key/value records, list items)
};

struct RecordPlan {
  std::vector<Step> steps;
  std::vector<Slot> absent;  // known slots the writer does not provide (reset per record)
  Step item;                 // map key/value records: the array's item type (a record, or a union with null)
  // Map key/value records that are exactly {key: int, value: long|bytes}
  // with no unions (what Iceberg writers produce): decoded without dispatch.
  bool simple_key_value = false;
};

// --- Reading primitives with promotion ---------------------------------------

[[gnu::always_inline]] inline bool ReadPresence(avro::Decoder& decoder, const Step& step, bool* present) {
  if (step.branch_count == 0) {
    *present = true;
    return true;
  }
  size_t branch;
  if (!decoder.ReadUnionBranch(step.branch_count, &branch)) return false;
  if (step.has_value && branch == step.value_branch) {
    *present = true;
    return true;
  }
  if (static_cast<int>(branch) == step.null_branch) {
    *present = false;
    return true;
  }
  return decoder.Fail(avro::DecodeProblem::kBadUnionBranch, static_cast<int64_t>(branch), step.branch_count);
}

[[gnu::always_inline]] inline bool ReadInt32(avro::Decoder& decoder, const Step& step, int32_t* value) {
  if (step.wire == avro::Type::kInt) return decoder.ReadInt(value);
  int64_t wide;
  if (!decoder.ReadLong(&wide)) return false;
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    return decoder.Fail(avro::DecodeProblem::kBadValue, wide);
  }
  *value = static_cast<int32_t>(wide);
  return true;
}

[[gnu::always_inline]] inline bool ReadInt64(avro::Decoder& decoder, const Step& step, int64_t* value) {
  if (step.wire == avro::Type::kLong) return decoder.ReadLong(value);
  int32_t narrow;
  if (!decoder.ReadInt(&narrow)) return false;
  *value = narrow;
  return true;
}

[[gnu::always_inline]] inline bool ReadText(avro::Decoder& decoder, const Step& step, std::string_view* value) {
  if (step.wire == avro::Type::kFixed) return decoder.ReadFixed(static_cast<size_t>(step.fixed_size), value);
  return decoder.ReadBytes(value);
}

inline bool SkipStep(avro::Decoder& decoder, const Step& step) { return avro::SkipValue(decoder, *step.writer); }

// "name (field id N)" for messages.
std::string FieldLabel(const avro::Field& field);
// Fills the union/value description of `step` from a field's writer type.
// kNotImplemented for unions of several non-null types.
Status DescribeType(const avro::Field& field, Step* step);
// Whether a step's writer type can hold values of `kind`.
bool WireFits(Kind kind, const Step& step);
// The known field a writer field stands for: by field id, or by name when the
// writer left ids out.
const KnownField* FindKnown(std::span<const KnownField> known, const avro::Field& field);

// Compiles a plan for `record` (a writer record schema) against the `known`
// fields. Fields not known, or listed in `dropped`, are skipped; known fields
// the writer lacks are listed in plan->absent (a missing required one is
// kInvalidData naming `what`). Map key/value records and list items get
// nested plans appended to `nested` (Step::sub indexes them).
Status CompileRecordPlan(const avro::Node& record, std::span<const KnownField> known, std::string_view what,
                         const std::vector<Slot>& dropped, std::vector<RecordPlan>* nested, RecordPlan* plan);

}  // namespace floe::iceberg::internal
