// Partition specs (skeleton; full version follows).
#include "floe/iceberg/partition_spec.h"

namespace floe::iceberg {

std::shared_ptr<const PartitionSpec> PartitionSpec::Unpartitioned() {
  static const auto kUnpartitioned = std::make_shared<const PartitionSpec>(0, std::vector<PartitionField>{});
  return kUnpartitioned;
}
bool PartitionSpec::is_unpartitioned() const { return fields_.empty(); }
int32_t PartitionSpec::LastAssignedFieldId() const { return kUnpartitionedLastAssignedId; }
Result<std::shared_ptr<const StructType>> PartitionSpec::PartitionType(const Schema& schema) const {
  return NotImplemented("PartitionType");
}
Result<std::string> PartitionSpec::PartitionPath(const Schema& schema, const std::vector<Literal>& partition) const {
  return NotImplemented("PartitionPath");
}

}  // namespace floe::iceberg
