// Sort orders.
#include "floe/iceberg/sort_order.h"

namespace floe::iceberg {

std::shared_ptr<const SortOrder> SortOrder::Unsorted() {
  static const auto kUnsorted = std::make_shared<const SortOrder>(kUnsortedOrderId, std::vector<SortField>{});
  return kUnsorted;
}

}  // namespace floe::iceberg
