#include "floe/avro/schema.h"

#include <gtest/gtest.h>

namespace floe::avro {
namespace {

std::shared_ptr<const Schema> MustParse(std::string_view json) {
  auto schema = Schema::Parse(json);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? *schema : nullptr;
}

TEST(SchemaTest, Primitives) {
  for (std::string_view name : {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}) {
    auto schema = MustParse(fmt::format("\"{}\"", name));
    EXPECT_EQ(TypeName(schema->root().type), name);
    EXPECT_EQ(schema->ToJson(), fmt::format("\"{}\"", name));
    auto object_form = MustParse(fmt::format("{{\"type\":\"{}\"}}", name));
    EXPECT_EQ(object_form->ToJson(), fmt::format("\"{}\"", name));
  }
}

TEST(SchemaTest, IcebergPropertiesSurviveRoundTrip) {
  // Shaped like an Iceberg manifest_entry schema.
  constexpr std::string_view kJson = R"({"type":"record","name":"manifest_entry","fields":[
    {"name":"status","type":"int","field-id":0},
    {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
    {"name":"data_file","type":{"type":"record","name":"r2","fields":[
      {"name":"file_path","type":"string","doc":"Location URI","field-id":100},
      {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros","adjust-to-utc":true},"field-id":101},
      {"name":"column_sizes","type":["null",{"type":"array","items":{"type":"record","name":"k117_v118",
        "fields":[{"name":"key","type":"int","field-id":117},{"name":"value","type":"long","field-id":118}]},
        "logicalType":"map"}],"default":null,"field-id":108},
      {"name":"tags","type":{"type":"map","values":"string","key-id":7,"value-id":8},"field-id":9},
      {"name":"ids","type":{"type":"array","items":"int","element-id":11},"field-id":10}
    ]},"field-id":2}]})";
  auto schema = MustParse(kJson);
  const Node& root = schema->root();
  ASSERT_EQ(root.type, Type::kRecord);
  EXPECT_EQ(root.fields[0].field_id, 0);
  EXPECT_EQ(root.fields[1].field_id, 1);
  EXPECT_EQ(root.fields[1].default_json, "null");
  const Node& data_file = *root.fields[2].type;
  EXPECT_EQ(data_file.name, "r2");
  EXPECT_EQ(data_file.fields[0].doc, "Location URI");
  const Node& ts = *data_file.fields[1].type;
  EXPECT_EQ(ts.logical_type(), "timestamp-micros");
  EXPECT_EQ(ts.properties.Json("adjust-to-utc"), "true");
  const Node& sizes = *data_file.fields[2].type->branches[1];
  EXPECT_EQ(sizes.logical_type(), "map");
  EXPECT_EQ(sizes.items->fields[1].field_id, 118);
  const Node& tags = *data_file.fields[3].type;
  EXPECT_EQ(tags.properties.Integer("key-id"), 7);
  EXPECT_EQ(tags.properties.Integer("value-id"), 8);
  EXPECT_EQ(data_file.fields[4].type->properties.Integer("element-id"), 11);

  // Serialise and parse again: identical JSON, every property intact.
  std::string json = schema->ToJson();
  for (std::string_view needle : {"\"field-id\":118", "\"element-id\":11", "\"key-id\":7", "\"value-id\":8",
                                  "\"adjust-to-utc\":true", "\"logicalType\":\"map\"", "\"default\":null"}) {
    EXPECT_NE(json.find(needle), std::string::npos) << needle << " missing from " << json;
  }
  auto again = MustParse(json);
  EXPECT_EQ(again->ToJson(), json);
  EXPECT_EQ(again->Fingerprint64(), schema->Fingerprint64());
}

TEST(SchemaTest, NamespacesAndReferences) {
  auto schema = MustParse(R"({"type":"record","name":"Outer","namespace":"a.b","fields":[
      {"name":"f","type":{"type":"fixed","name":"Hash","size":16}},
      {"name":"g","type":"Hash"},
      {"name":"h","type":"a.b.Hash"},
      {"name":"e","type":{"type":"enum","name":"x.Color","symbols":["RED","GREEN"],"default":"RED"}},
      {"name":"e2","type":"x.Color"}]})");
  const Node& root = schema->root();
  EXPECT_EQ(root.FullName(), "a.b.Outer");
  EXPECT_EQ(root.fields[0].type->FullName(), "a.b.Hash");
  EXPECT_EQ(root.fields[1].type, root.fields[0].type);
  EXPECT_EQ(root.fields[2].type, root.fields[0].type);
  EXPECT_EQ(root.fields[3].type->FullName(), "x.Color");
  EXPECT_EQ(root.fields[4].type, root.fields[3].type);
  EXPECT_EQ(root.fields[3].type->enum_default, "RED");
  EXPECT_NE(schema->FindNamed("a.b.Hash"), nullptr);
  auto again = MustParse(schema->ToJson());
  EXPECT_EQ(again->ToJson(), schema->ToJson());
  EXPECT_EQ(schema->ToCanonicalJson(),
            R"({"name":"a.b.Outer","type":"record","fields":[{"name":"f","type":{"name":"a.b.Hash","type":"fixed","size":16}},)"
            R"({"name":"g","type":"a.b.Hash"},{"name":"h","type":"a.b.Hash"},)"
            R"({"name":"e","type":{"name":"x.Color","type":"enum","symbols":["RED","GREEN"]}},{"name":"e2","type":"x.Color"}]})");
}

TEST(SchemaTest, RecursiveType) {
  auto schema = MustParse(R"({"type":"record","name":"List","fields":[
      {"name":"value","type":"int"},{"name":"next","type":["null","List"]}]})");
  const Node& root = schema->root();
  EXPECT_EQ(root.fields[1].type->branches[1], &root);
  EXPECT_EQ(root.fields[1].type->NullBranch(), 0);
  EXPECT_EQ(schema->ToJson(),
            R"({"type":"record","name":"List","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","List"]}]})");
}

TEST(SchemaTest, MinimumEncodedSizes) {
  auto schema = MustParse(R"({"type":"record","name":"R","fields":[
      {"name":"a","type":"null"},{"name":"b","type":"double"},{"name":"c","type":{"type":"fixed","name":"F","size":3}},
      {"name":"d","type":"string"}]})");
  EXPECT_EQ(schema->root().min_encoded_size, 12);
  EXPECT_EQ(MustParse("\"null\"")->root().min_encoded_size, 0);
}

TEST(SchemaTest, InvalidSchemas) {
  struct Case {
    std::string_view json;
    std::string_view expected;
  };
  const Case cases[] = {
      {"", "Invalid JSON"},
      {"\"nope\"", "undefined name: nope"},
      {"42", "a schema must be"},
      {"{}", "no type"},
      {R"({"type":"record","fields":[]})", "record has no name"},
      {R"({"type":"record","name":"1x","fields":[]})", "invalid name"},
      {R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]})",
       "duplicate field name: a"},
      {R"({"type":"record","name":"r","fields":[{"name":"a"}]})", "field r.a has no type"},
      {R"({"type":"record","name":"r","fields":[{"name":"a","type":"Missing"}]})", "undefined name: Missing"},
      {R"({"type":"record","name":"r"})", "fields must be an array"},
      {R"({"type":"enum","name":"e","symbols":["A","A"]})", "duplicate symbol: A"},
      {R"({"type":"enum","name":"e","symbols":["A"],"default":"B"})", "default is not one of its symbols"},
      {R"({"type":"fixed","name":"f","size":-1})", "size must be a non-negative int"},
      {R"({"type":"fixed","name":"f"})", "size must be a non-negative int"},
      {R"({"type":"array"})", "array has no items"},
      {R"({"type":"map"})", "map has no values"},
      {R"(["int","int"])", "duplicate type in union: int"},
      {R"(["int",["long"]])", "may not immediately contain another union"},
      {R"([{"type":"fixed","name":"f","size":1},{"type":"fixed","name":"f","size":2}])", "type redefined: f"},
      {R"({"type":"record","name":"r","fields":[{"name":"a","type":"int","order":"sideways"}]})", "invalid order"},
      {R"({"type":"record","name":"int","fields":[]})", "may not be called int"},
  };
  for (const auto& c : cases) {
    auto schema = Schema::Parse(c.json);
    ASSERT_FALSE(schema.ok()) << c.json;
    EXPECT_EQ(schema.status().kind(), ErrorKind::kInvalidData);
    EXPECT_NE(schema.status().message().find(c.expected), std::string::npos)
        << c.json << " -> " << schema.status().message();
    EXPECT_EQ(schema.status().message().find('\n'), std::string::npos);
  }
}

TEST(SchemaTest, DeepNestingIsRejected) {
  std::string json;
  for (int i = 0; i < 300; ++i) json += R"({"type":"array","items":)";
  json += "\"int\"";
  for (int i = 0; i < 300; ++i) json += "}";
  auto schema = Schema::Parse(json);
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("nested deeper"), std::string::npos);
}

TEST(SchemaTest, PropertiesApi) {
  Properties properties;
  properties.SetInteger("field-id", 504);
  properties.SetString("logicalType", "decimal");
  ASSERT_TRUE(properties.SetJson("x", R"({"a":[1,2]})").ok());
  EXPECT_FALSE(properties.SetJson("bad", "{").ok());
  EXPECT_EQ(properties.Integer("field-id"), 504);
  EXPECT_EQ(properties.String("logicalType"), "decimal");
  EXPECT_EQ(properties.Json("x"), R"({"a":[1,2]})");
  EXPECT_EQ(properties.Integer("logicalType"), std::nullopt);
  properties.SetInteger("field-id", 7);
  EXPECT_EQ(properties.Integer("field-id"), 7);
  EXPECT_EQ(properties.entries().size(), 3u);
}

TEST(SchemaTest, RabinFingerprintOfEmptyInput) {
  EXPECT_EQ(RabinFingerprint64(""), 0xc15d213aa4d7a795ULL);
}

}  // namespace
}  // namespace floe::avro
