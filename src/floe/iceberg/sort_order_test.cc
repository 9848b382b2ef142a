// Sort orders: the reserved unsorted order and order equality.
#include "floe/iceberg/sort_order.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

TEST(SortOrderTest, Unsorted) {
  auto unsorted = SortOrder::Unsorted();
  EXPECT_EQ(unsorted, SortOrder::Unsorted());
  EXPECT_EQ(unsorted->order_id(), SortOrder::kUnsortedOrderId);
  EXPECT_EQ(unsorted->order_id(), 0);
  EXPECT_TRUE(unsorted->is_unsorted());
  EXPECT_TRUE(unsorted->fields().empty());
}

TEST(SortOrderTest, SameOrderIgnoresTheOrderId) {
  SortField field;
  field.source_id = 2;
  field.transform = Transform::Bucket(4);
  field.direction = SortDirection::kDescending;
  field.null_order = NullOrder::kNullsLast;
  SortOrder a(1, {field});
  SortOrder b(2, {field});
  EXPECT_FALSE(a.is_unsorted());
  EXPECT_TRUE(a.SameOrder(b));
  field.null_order = NullOrder::kNullsFirst;
  EXPECT_FALSE(a.SameOrder(SortOrder(1, {field})));
  EXPECT_FALSE(a.SameOrder(*SortOrder::Unsorted()));
}

}  // namespace
}  // namespace floe::iceberg
