// Partition specs: unpartitioned specs, last assigned ids, the partition
// tuple type and Hive-style partition paths with URL escaping.
#include "floe/iceberg/partition_spec.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  field.required = required;
  return field;
}

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

PartitionField Partition(int32_t source_id, int32_t field_id, std::string name, Transform transform) {
  PartitionField field;
  field.source_id = source_id;
  field.field_id = field_id;
  field.name = std::move(name);
  field.transform = std::move(transform);
  return field;
}

SchemaPtr SampleSchema() {
  return Schema::Make(0, {Field(1, "id", Primitive(TypeId::kLong), true), Field(2, "data", Primitive(TypeId::kString)),
                          Field(3, "price", PrimitiveType::Decimal(9, 2)),
                          Field(4, "ts", Primitive(TypeId::kTimestampTz)), Field(5, "local", Primitive(TypeId::kTimestamp)),
                          Field(6, "flag", Primitive(TypeId::kBoolean)), Field(7, "day", Primitive(TypeId::kDate))})
      .value();
}

TEST(PartitionSpecTest, Unpartitioned) {
  auto spec = PartitionSpec::Unpartitioned();
  EXPECT_EQ(spec, PartitionSpec::Unpartitioned());
  EXPECT_EQ(spec->spec_id(), 0);
  EXPECT_TRUE(spec->fields().empty());
  EXPECT_TRUE(spec->is_unpartitioned());
  EXPECT_EQ(spec->LastAssignedFieldId(), PartitionSpec::kUnpartitionedLastAssignedId);
  EXPECT_EQ(spec->PartitionPath(*SampleSchema(), {}).value(), "");
  EXPECT_TRUE(spec->PartitionType(*SampleSchema()).value()->fields().empty());

  PartitionSpec only_void(1, {Partition(1, 1000, "id_dropped", Transform::Void())});
  EXPECT_TRUE(only_void.is_unpartitioned());
  PartitionSpec partitioned(2, {Partition(1, 1000, "id_dropped", Transform::Void()),
                                Partition(2, 1001, "data", Transform::Identity())});
  EXPECT_FALSE(partitioned.is_unpartitioned());
  EXPECT_EQ(partitioned.LastAssignedFieldId(), 1001);
}

TEST(PartitionSpecTest, PartitionTypeUsesPartitionFieldIdsAndOptionalFields) {
  PartitionSpec spec(3, {Partition(4, 1000, "ts_day", Transform::Day()), Partition(1, 1001, "id_bucket", Transform::Bucket(16)),
                         Partition(2, 1002, "data_trunc", Transform::Truncate(4)),
                         Partition(5, 1003, "local_hour", Transform::Hour()),
                         Partition(7, 1004, "day_month", Transform::Month()),
                         Partition(3, 1005, "price", Transform::Identity()),
                         Partition(6, 1006, "flag_void", Transform::Void())});
  auto type = spec.PartitionType(*SampleSchema());
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  const auto& fields = (*type)->fields();
  ASSERT_EQ(fields.size(), 7u);
  const std::vector<std::pair<int32_t, std::string>> expected = {
      {1000, "date"}, {1001, "int"}, {1002, "string"}, {1003, "int"}, {1004, "int"}, {1005, "decimal(9,2)"},
      {1006, "boolean"}};
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].id, expected[i].first);
    EXPECT_EQ(fields[i].name, spec.fields()[i].name);
    EXPECT_EQ(fields[i].type->ToString(), expected[i].second);
    EXPECT_FALSE(fields[i].required);
  }
}

TEST(PartitionSpecTest, PartitionTypeOfDroppedAndInvalidSources) {
  PartitionSpec dropped(1, {Partition(99, 1000, "gone_bucket", Transform::Bucket(4)),
                            Partition(98, 1001, "gone", Transform::Identity()),
                            Partition(97, 1002, "gone_day", Transform::Day())});
  auto type = dropped.PartitionType(*SampleSchema());
  ASSERT_TRUE(type.ok());
  EXPECT_EQ((*type)->fields()[0].type->id(), TypeId::kInt);
  EXPECT_EQ((*type)->fields()[1].type->id(), TypeId::kUnknown);
  EXPECT_EQ((*type)->fields()[2].type->id(), TypeId::kDate);

  PartitionSpec invalid(1, {Partition(6, 1000, "flag_bucket", Transform::Bucket(4))});
  auto error = invalid.PartitionType(*SampleSchema());
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().kind(), ErrorKind::kInvalidData);
}

TEST(PartitionSpecTest, PartitionPathFromTheSpecExample) {
  // Spec Appendix C example: ts_day (day of field 4) and id_bucket (bucket[16] of field 1).
  PartitionSpec spec(0, {Partition(4, 1000, "ts_day", Transform::Day()), Partition(1, 1001, "id_bucket", Transform::Bucket(16))});
  auto path = spec.PartitionPath(*SampleSchema(), {Literal(int32_t{17501}), Literal(int32_t{3})});
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, "ts_day=2017-12-01/id_bucket=3");
}

TEST(PartitionSpecTest, PartitionPathEscapesLikeJavaUrlEncoder) {
  PartitionSpec spec(0, {Partition(2, 1000, "data", Transform::Identity()),
                         Partition(4, 1001, "ts", Transform::Identity()),
                         Partition(3, 1002, "price", Transform::Identity()),
                         Partition(5, 1003, "local hour", Transform::Hour())});
  SchemaPtr schema = SampleSchema();
  auto path = spec.PartitionPath(*schema, {Literal("a/b/c=d"), Literal(int64_t{1512151975038194}),
                                           Literal(Decimal{-150}), Literal(int32_t{420042})});
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path,
            "data=a%2Fb%2Fc%3Dd/ts=2017-12-01T18%3A12%3A55.038194%2B00%3A00/price=-1.50/"
            "local+hour=2017-12-01-18");

  PartitionSpec strings(0, {Partition(2, 1000, "data", Transform::Identity())});
  EXPECT_EQ(strings.PartitionPath(*schema, {Literal("x y*z_.-~")}).value(), "data=x+y*z_.-%7E");
  EXPECT_EQ(strings.PartitionPath(*schema, {Literal("\xC3\xA9t\xC3\xA9")}).value(), "data=%C3%A9t%C3%A9");
  EXPECT_EQ(strings.PartitionPath(*schema, {Literal()}).value(), "data=null");
  EXPECT_EQ(strings.PartitionPath(*schema, {Literal("")}).value(), "data=");
}

TEST(PartitionSpecTest, PartitionPathRejectsWrongArity) {
  PartitionSpec spec(0, {Partition(2, 1000, "data", Transform::Identity())});
  auto path = spec.PartitionPath(*SampleSchema(), {});
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.status().kind(), ErrorKind::kInvalidData);
}

TEST(PartitionSpecTest, CompatibleWithIgnoresSpecId) {
  PartitionSpec a(1, {Partition(1, 1000, "id_bucket", Transform::Bucket(16))});
  PartitionSpec b(2, {Partition(1, 1000, "id_bucket", Transform::Bucket(16))});
  PartitionSpec c(1, {Partition(1, 1000, "id_bucket", Transform::Bucket(8))});
  EXPECT_TRUE(a.CompatibleWith(b));
  EXPECT_FALSE(a.CompatibleWith(c));
}

}  // namespace
}  // namespace floe::iceberg
