// PartitionFieldSummary: the per-partition-field statistics a manifest list
// stores for each manifest (spec "Manifest Lists", field 507 `partitions`,
// struct `field_summary`).
//
// One summary per field of the manifest's partition spec, in spec order.
// Bounds hold the single-value binary serialization (spec Appendix D) of the
// partition field's result type; decode them with FromBinary (literal.h).
// ManifestEvaluator (manifest_evaluator.h) reads these to prune manifests.
// Plain value: copyable, thread-compatible.
#pragma once

#include <optional>
#include <string>

namespace floe::iceberg {

struct PartitionFieldSummary {
  // 509: whether at least one partition value is null.
  bool contains_null = false;
  // 518: whether at least one partition value is NaN; nullopt when the
  // writer did not record it (v1 lists, older writers).
  std::optional<bool> contains_nan;
  // 510 / 511: the smallest and largest non-null, non-NaN partition value.
  // nullopt when all values are null (or NaN).
  std::optional<std::string> lower_bound;
  std::optional<std::string> upper_bound;

  friend bool operator==(const PartitionFieldSummary&, const PartitionFieldSummary&) = default;
};

}  // namespace floe::iceberg
