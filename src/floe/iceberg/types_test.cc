// Types: spec strings, parsing of primitive type strings and structural equality.
#include "floe/iceberg/types.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

TEST(TypesTest, PrimitiveSpecStrings) {
  const std::vector<std::pair<TypeId, std::string>> cases = {
      {TypeId::kBoolean, "boolean"},       {TypeId::kInt, "int"},
      {TypeId::kLong, "long"},             {TypeId::kFloat, "float"},
      {TypeId::kDouble, "double"},         {TypeId::kDate, "date"},
      {TypeId::kTime, "time"},             {TypeId::kTimestamp, "timestamp"},
      {TypeId::kTimestampTz, "timestamptz"}, {TypeId::kString, "string"},
      {TypeId::kUuid, "uuid"},             {TypeId::kBinary, "binary"},
      {TypeId::kTimestampNs, "timestamp_ns"}, {TypeId::kTimestampTzNs, "timestamptz_ns"},
      {TypeId::kUnknown, "unknown"},       {TypeId::kVariant, "variant"},
      {TypeId::kGeometry, "geometry"},     {TypeId::kGeography, "geography"},
  };
  for (const auto& [id, text] : cases) {
    TypePtr type = PrimitiveType::Get(id);
    ASSERT_NE(type, nullptr) << text;
    EXPECT_EQ(type->ToString(), text);
    EXPECT_TRUE(type->is_primitive());
    auto parsed = ParsePrimitiveType(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_TRUE((*parsed)->Equals(*type)) << text;
    EXPECT_EQ(TypeIdName(id), text);
  }
  EXPECT_EQ(PrimitiveType::Get(TypeId::kInt), PrimitiveType::Get(TypeId::kInt));  // shared singletons
  EXPECT_EQ(PrimitiveType::Get(TypeId::kDecimal), nullptr);
  EXPECT_EQ(PrimitiveType::Get(TypeId::kStruct), nullptr);
}

TEST(TypesTest, ParametrizedTypes) {
  auto decimal = ParsePrimitiveType("decimal(10, 2)");
  ASSERT_TRUE(decimal.ok());
  EXPECT_EQ((*decimal)->id(), TypeId::kDecimal);
  const auto& primitive = static_cast<const PrimitiveType&>(**decimal);
  EXPECT_EQ(primitive.precision(), 10);
  EXPECT_EQ(primitive.scale(), 2);
  EXPECT_EQ((*decimal)->ToString(), "decimal(10,2)");
  EXPECT_TRUE(ParsePrimitiveType("decimal(10,2)").value()->Equals(**decimal));
  EXPECT_TRUE(ParsePrimitiveType("decimal( 10 , 2 )").value()->Equals(**decimal));
  EXPECT_FALSE(ParsePrimitiveType(" decimal(10,2)").ok());  // as the Java parser: no outer spaces
  EXPECT_TRUE(ParsePrimitiveType("DECIMAL(10,2)").value()->Equals(**decimal));
  EXPECT_FALSE(ParsePrimitiveType("decimal(10,3)").value()->Equals(**decimal));

  auto fixed = ParsePrimitiveType("fixed[16]");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(static_cast<const PrimitiveType&>(**fixed).length(), 16);
  EXPECT_EQ((*fixed)->ToString(), "fixed[16]");
  EXPECT_TRUE(ParsePrimitiveType("fixed[ 16 ]").value()->Equals(**fixed));
  EXPECT_FALSE(PrimitiveType::Fixed(15)->Equals(**fixed));

  auto geometry = ParsePrimitiveType("geometry(srid:4326)");
  ASSERT_TRUE(geometry.ok());
  EXPECT_EQ((*geometry)->id(), TypeId::kGeometry);
  EXPECT_EQ(static_cast<const PrimitiveType&>(**geometry).geo_parameter(), "srid:4326");
  EXPECT_EQ((*geometry)->ToString(), "geometry(srid:4326)");
  EXPECT_FALSE((*geometry)->Equals(*PrimitiveType::Get(TypeId::kGeometry)));

  auto geography = ParsePrimitiveType("geography(srid:4326, spherical)");
  ASSERT_TRUE(geography.ok());
  EXPECT_EQ((*geography)->ToString(), "geography(srid:4326,spherical)");
  EXPECT_EQ(ParsePrimitiveType("geography(EPSG:4326)").value()->ToString(), "geography(EPSG:4326)");
  EXPECT_EQ(ParsePrimitiveType("TimestampTZ_NS").value()->id(), TypeId::kTimestampTzNs);
}

TEST(TypesTest, ParseErrors) {
  for (std::string text : {"", "integer", "decimal(10)", "decimal(a,2)", "fixed[]", "fixed[-1]", "fixed[16",
                           "struct", "list", "geometry()", "map<int,int>"}) {
    auto parsed = ParsePrimitiveType(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().kind(), ErrorKind::kInvalidData);
    EXPECT_EQ(parsed.status().message(), "Cannot parse type from json: " + text);
  }
  EXPECT_EQ(ParsePrimitiveType("decimal(39,2)").status().message(),
            "Decimals with precision larger than 38 are not supported: 39");
}

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  field.required = required;
  return field;
}

TEST(TypesTest, NestedTypes) {
  auto element = Field(3, "element", PrimitiveType::Get(TypeId::kString), true);
  auto list = std::make_shared<ListType>(element);
  auto map = std::make_shared<MapType>(Field(4, "key", PrimitiveType::Get(TypeId::kString), true),
                                       Field(5, "value", PrimitiveType::Get(TypeId::kDouble)));
  NestedField documented = Field(1, "id", PrimitiveType::Get(TypeId::kLong), true);
  documented.doc = "unique id";
  StructType type({documented, Field(2, "tags", list), Field(6, "props", map)});

  EXPECT_EQ(type.ToString(),
            "struct<1: id: required long (unique id), 2: tags: optional list<string>, "
            "6: props: optional map<string, double>>");
  EXPECT_TRUE(type.is_nested());
  EXPECT_EQ(type.AsStruct(), &type);
  EXPECT_EQ(type.AsList(), nullptr);
  EXPECT_EQ(list->AsList(), list.get());
  EXPECT_EQ(map->AsMap(), map.get());
  EXPECT_EQ(type.FieldById(2)->name, "tags");
  EXPECT_EQ(type.FieldByName("props")->id, 6);
  EXPECT_EQ(type.FieldById(3), nullptr);  // direct children only
  EXPECT_EQ(type.FieldByName("missing"), nullptr);

  StructType same({documented, Field(2, "tags", std::make_shared<ListType>(element)), Field(6, "props", map)});
  EXPECT_TRUE(type.Equals(same));
  StructType renamed({documented, Field(2, "labels", list), Field(6, "props", map)});
  EXPECT_FALSE(type.Equals(renamed));
  StructType optional_id({Field(1, "id", PrimitiveType::Get(TypeId::kLong)), Field(2, "tags", list),
                          Field(6, "props", map)});
  EXPECT_FALSE(type.Equals(optional_id));
  EXPECT_FALSE(type.Equals(*list));
  EXPECT_FALSE(list->Equals(ListType(Field(3, "element", PrimitiveType::Get(TypeId::kString), false))));
}

}  // namespace
}  // namespace floe::iceberg
