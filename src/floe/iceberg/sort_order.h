// Sort orders (spec "Sorting"). Order id 0 is reserved for the unsorted order.
#pragma once

#include <memory>
#include <vector>

#include "floe/iceberg/transform.h"

namespace floe::iceberg {

enum class SortDirection { kAscending, kDescending };
enum class NullOrder { kNullsFirst, kNullsLast };

struct SortField {
  int32_t source_id = 0;
  std::vector<int32_t> source_ids;  // v3 multi-argument transforms; empty otherwise
  Transform transform = Transform::Identity();
  SortDirection direction = SortDirection::kAscending;
  NullOrder null_order = NullOrder::kNullsFirst;
  friend bool operator==(const SortField&, const SortField&) = default;
};

class SortOrder {
 public:
  static constexpr int32_t kUnsortedOrderId = 0;
  SortOrder(int32_t order_id, std::vector<SortField> fields) : order_id_(order_id), fields_(std::move(fields)) {}
  static std::shared_ptr<const SortOrder> Unsorted();
  int32_t order_id() const { return order_id_; }
  const std::vector<SortField>& fields() const { return fields_; }
  bool is_unsorted() const { return fields_.empty(); }
  bool SameOrder(const SortOrder& other) const { return fields_ == other.fields_; }

 private:
  int32_t order_id_;
  std::vector<SortField> fields_;
};

using SortOrderPtr = std::shared_ptr<const SortOrder>;

}  // namespace floe::iceberg
