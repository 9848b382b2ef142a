// Partition specs (spec "Partitioning", "Partition Evolution").
//
// Immutable and shared. Partition field ids start at 1000 and are unique
// across all specs of a table (`last-partition-id`).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/iceberg/schema.h"
#include "floe/iceberg/transform.h"

namespace floe::iceberg {

struct PartitionField {
  int32_t source_id = 0;                // the schema field the value comes from
  std::vector<int32_t> source_ids;      // v3 multi-argument transforms; empty otherwise
  int32_t field_id = 0;                 // partition field id (>= 1000)
  std::string name;
  Transform transform = Transform::Identity();
  friend bool operator==(const PartitionField&, const PartitionField&) = default;
};

class PartitionSpec {
 public:
  static constexpr int32_t kFirstFieldId = 1000;
  // The last assigned partition field id of a table with no partition fields.
  static constexpr int32_t kUnpartitionedLastAssignedId = 999;

  PartitionSpec(int32_t spec_id, std::vector<PartitionField> fields)
      : spec_id_(spec_id), fields_(std::move(fields)) {}
  static std::shared_ptr<const PartitionSpec> Unpartitioned();

  int32_t spec_id() const { return spec_id_; }
  const std::vector<PartitionField>& fields() const { return fields_; }
  bool is_unpartitioned() const;  // no fields, or only void transforms
  int32_t LastAssignedFieldId() const;

  // The partition tuple's struct type for a schema: one optional field per
  // partition field, typed by the transform's result type. Fields whose
  // source column is missing from `schema` (dropped) get type unknown... per
  // the spec they are kept; kInvalidData only for inapplicable transforms.
  Result<std::shared_ptr<const StructType>> PartitionType(const Schema& schema) const;

  // The data file path segment "a=1/b_bucket=3" for a partition tuple (URL-escaped values).
  Result<std::string> PartitionPath(const Schema& schema, const std::vector<Literal>& partition) const;

  // Same fields (ignoring the spec id): used to reuse an existing spec.
  bool CompatibleWith(const PartitionSpec& other) const { return fields_ == other.fields_; }

 private:
  int32_t spec_id_;
  std::vector<PartitionField> fields_;
};

using PartitionSpecPtr = std::shared_ptr<const PartitionSpec>;

}  // namespace floe::iceberg
