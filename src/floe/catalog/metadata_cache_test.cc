#include "floe/catalog/metadata_cache.h"

#include <gtest/gtest.h>

#include "floe/iceberg/metadata_json.h"

namespace floe::catalog {
namespace {

iceberg::TableMetadataPtr SmallTable(std::string_view location) {
  auto metadata = iceberg::ParseTableMetadata(fmt::format(
      R"({{"format-version":2,"table-uuid":"9c12d441-03fe-4693-9a96-a0705ddf69c1","location":"{}",)"
      R"("last-sequence-number":0,"last-updated-ms":1,"last-column-id":1,"current-schema-id":0,)"
      R"("schemas":[{{"type":"struct","schema-id":0,"fields":[{{"id":1,"name":"id","required":true,"type":"long"}}]}}],)"
      R"("default-spec-id":0,"partition-specs":[{{"spec-id":0,"fields":[]}}],"last-partition-id":999,)"
      R"("default-sort-order-id":0,"sort-orders":[{{"order-id":0,"fields":[]}}]}})",
      location));
  EXPECT_TRUE(metadata.ok()) << metadata.status().message();
  return *metadata;
}

TEST(MetadataCacheTest, SerializesEachCachedVersionOnce) {
  MetadataCache cache(10);
  auto metadata = SmallTable("/w/t");
  cache.Insert("/w/t/metadata/00000-a.metadata.json", metadata);
  auto first = cache.SerializedJson("/w/t/metadata/00000-a.metadata.json", metadata);
  auto second = cache.SerializedJson("/w/t/metadata/00000-a.metadata.json", metadata);
  EXPECT_EQ(first, second);  // the same text, not serialized again
  EXPECT_EQ(*first, iceberg::SerializeTableMetadata(*metadata));
}

TEST(MetadataCacheTest, UsesTheTextGivenAtInsert) {
  MetadataCache cache(10);
  auto metadata = SmallTable("/w/t");
  auto text = std::make_shared<const std::string>(iceberg::SerializeTableMetadata(*metadata));
  cache.Insert("/w/t/metadata/00001-b.metadata.json", metadata, text);
  EXPECT_EQ(cache.SerializedJson("/w/t/metadata/00001-b.metadata.json", metadata), text);
}

TEST(MetadataCacheTest, OtherMetadataObjectsAreSerializedAfresh) {
  MetadataCache cache(10);
  auto cached = SmallTable("/w/t");
  auto other = SmallTable("/w/other");  // e.g. a filtered copy of the cached metadata
  cache.Insert("/w/t/metadata/00000-a.metadata.json", cached);
  auto json = cache.SerializedJson("/w/t/metadata/00000-a.metadata.json", other);
  EXPECT_EQ(*json, iceberg::SerializeTableMetadata(*other));
  EXPECT_NE(cache.SerializedJson("/w/t/metadata/00000-a.metadata.json", cached), json);
  EXPECT_EQ(*cache.SerializedJson("/not/cached.metadata.json", other), iceberg::SerializeTableMetadata(*other));
}

TEST(MetadataCacheTest, EraseForgetsAVersion) {
  MetadataCache cache(10);
  auto metadata = SmallTable("/w/t");
  cache.Insert("/w/t/metadata/00000-a.metadata.json", metadata, nullptr);
  cache.SerializedJson("/w/t/metadata/00000-a.metadata.json", metadata);
  cache.Erase("/w/t/metadata/00000-a.metadata.json");
  cache.Erase("/w/t/metadata/never-cached.metadata.json");
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find("/w/t/metadata/00000-a.metadata.json"), nullptr);
}

TEST(MetadataCacheTest, TextsStayWithinTheirByteBudget) {
  auto metadata = SmallTable("/w/t");
  size_t one = iceberg::SerializeTableMetadata(*metadata).size();
  MetadataCache cache(100, one * 8);  // room for about eight texts
  std::vector<std::string> locations;
  for (int i = 0; i < 20; ++i) {
    locations.push_back(fmt::format("/w/t/metadata/{:05}-x.metadata.json", i));
    cache.Insert(locations.back(), metadata);
    cache.SerializedJson(locations.back(), metadata);
  }
  EXPECT_EQ(cache.size(), 20u);  // the parsed metadata stays cached
  // The most recent texts are kept: asking again returns the same object.
  auto recent = cache.SerializedJson(locations.back(), metadata);
  EXPECT_EQ(cache.SerializedJson(locations.back(), metadata), recent);
}

}  // namespace
}  // namespace floe::catalog
