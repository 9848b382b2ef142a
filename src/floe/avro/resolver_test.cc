#include "floe/avro/resolver.h"

#include <gtest/gtest.h>

#include "floe/avro/container.h"

namespace floe::avro {
namespace {

std::shared_ptr<const Schema> MustParse(std::string_view json) {
  auto schema = Schema::Parse(json);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? *schema : nullptr;
}

// Encodes `datum` with `writer`, then decodes it as `reader`.
Result<Datum> ReadAs(const std::shared_ptr<const Schema>& writer, const std::shared_ptr<const Schema>& reader,
                     const Datum& datum) {
  Encoder encoder;
  FLOE_RETURN_IF_ERROR(EncodeDatum(writer->root(), datum, encoder));
  FLOE_ASSIGN_OR_RETURN(auto resolved, ResolvedSchema::Make(writer, reader));
  Decoder decoder(encoder.bytes());
  Datum out;
  FLOE_RETURN_IF_ERROR(resolved->Decode(decoder, &out));
  if (!decoder.at_end()) return Internal("bytes left over");
  return out;
}

// Iceberg Java 1.4 and 1.5 name manifest-list field 504 differently.
TEST(ResolverTest, MatchesFieldsByFieldIdAcrossRenames) {
  auto java_1_4 = MustParse(R"({"type":"record","name":"manifest_file","fields":[
      {"name":"manifest_path","type":"string","field-id":500},
      {"name":"added_data_files_count","type":["null","int"],"default":null,"field-id":504},
      {"name":"obsolete","type":"long","field-id":999}]})");
  auto java_1_5 = MustParse(R"({"type":"record","name":"manifest_file","fields":[
      {"name":"added_files_count","type":["null","int"],"default":null,"field-id":504},
      {"name":"manifest_path","type":"string","field-id":500},
      {"name":"sequence_number","type":"long","default":0,"field-id":515},
      {"name":"key_metadata","type":["null","bytes"],"field-id":519}]})");
  Datum written = Datum::Record({Datum::String("s3://m.avro"), Datum::Union(1, Datum::Int(42)), Datum::Long(7)});
  auto read = ReadAs(java_1_4, java_1_5, written);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, Datum::Record({Datum::Union(1, Datum::Int(42)), Datum::String("s3://m.avro"), Datum::Long(0),
                                  Datum::Union(0, Datum::Null())}));

  auto resolved = ResolvedSchema::Make(java_1_4, java_1_5);
  ASSERT_TRUE(resolved.ok());
  const Resolution& root = (*resolved)->root();
  ASSERT_EQ(root.kind, Resolution::Kind::kRecord);
  EXPECT_EQ(root.writer_fields[0].reader_index, 1);
  EXPECT_EQ(root.writer_fields[1].reader_index, 0);
  EXPECT_EQ(root.writer_fields[2].reader_index, -1);  // skipped
  EXPECT_EQ(root.defaults.size(), 2u);
}

TEST(ResolverTest, SameNameDifferentIdsDoNotMatch) {
  auto writer = MustParse(R"({"type":"record","name":"r","fields":[{"name":"x","type":"int","field-id":1}]})");
  auto reader = MustParse(R"({"type":"record","name":"r","fields":[{"name":"x","type":["null","int"],"field-id":2}]})");
  auto read = ReadAs(writer, reader, Datum::Record({Datum::Int(5)}));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, Datum::Record({Datum::Union(0, Datum::Null())}));
}

TEST(ResolverTest, MatchesByNameAndAliasWithoutIds) {
  auto writer = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"old_name","type":"int"},{"name":"same","type":"string"}]})");
  auto reader = MustParse(R"({"type":"record","name":"other","fields":[
      {"name":"same","type":"string"},{"name":"new_name","type":"long","aliases":["old_name"]}]})");
  auto read = ReadAs(writer, reader, Datum::Record({Datum::Int(3), Datum::String("s")}));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, Datum::Record({Datum::String("s"), Datum::Long(3)}));
}

TEST(ResolverTest, Promotions) {
  struct Case {
    std::string_view writer;
    std::string_view reader;
    Datum written;
    Datum expected;
  };
  const Case cases[] = {
      {"\"int\"", "\"long\"", Datum::Int(-7), Datum::Long(-7)},
      {"\"int\"", "\"float\"", Datum::Int(3), Datum::Float(3)},
      {"\"int\"", "\"double\"", Datum::Int(3), Datum::Double(3)},
      {"\"long\"", "\"float\"", Datum::Long(1 << 20), Datum::Float(1 << 20)},
      {"\"long\"", "\"double\"", Datum::Long(int64_t{1} << 40), Datum::Double(static_cast<double>(int64_t{1} << 40))},
      {"\"float\"", "\"double\"", Datum::Float(0.5f), Datum::Double(0.5)},
      {"\"string\"", "\"bytes\"", Datum::String("ab"), Datum::Bytes("ab")},
      {"\"bytes\"", "\"string\"", Datum::Bytes("ab"), Datum::String("ab")},
      {"\"int\"", R"(["null","long"])", Datum::Int(9), Datum::Union(1, Datum::Long(9))},
      {R"(["null","int"])", "\"long\"", Datum::Union(1, Datum::Int(9)), Datum::Long(9)},
      {R"(["int","string"])", R"(["string","long"])", Datum::Union(1, Datum::String("x")),
       Datum::Union(0, Datum::String("x"))},
      {R"({"type":"array","items":"int"})", R"({"type":"array","items":"long"})",
       Datum::Array({Datum::Int(1), Datum::Int(2)}), Datum::Array({Datum::Long(1), Datum::Long(2)})},
      {R"({"type":"map","values":"float"})", R"({"type":"map","values":"double"})",
       Datum::Map({"k"}, {Datum::Float(2)}), Datum::Map({"k"}, {Datum::Double(2)})},
      {R"({"type":"enum","name":"E","symbols":["A","B","C"]})", R"({"type":"enum","name":"E","symbols":["C","A"]})",
       Datum::Enum(2), Datum::Enum(0)},
      {R"({"type":"enum","name":"E","symbols":["A","B"]})",
       R"({"type":"enum","name":"E","symbols":["A","UNKNOWN"],"default":"UNKNOWN"})", Datum::Enum(1), Datum::Enum(1)},
      {R"({"type":"fixed","name":"F","size":2})", R"({"type":"fixed","name":"F","size":2})", Datum::Fixed("ab"),
       Datum::Fixed("ab")},
  };
  for (const auto& c : cases) {
    auto read = ReadAs(MustParse(c.writer), MustParse(c.reader), c.written);
    ASSERT_TRUE(read.ok()) << c.writer << " -> " << c.reader << ": " << read.status().ToString();
    EXPECT_EQ(*read, c.expected) << c.writer << " -> " << c.reader;
  }
}

TEST(ResolverTest, IncompatibleSchemasFailWithAPath) {
  struct Case {
    std::string_view writer;
    std::string_view reader;
    std::string_view expected;
  };
  const Case cases[] = {
      {"\"long\"", "\"int\"", "at .: cannot read written long as int"},
      {R"({"type":"record","name":"r","fields":[{"name":"a","type":"string"}]})",
       R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"}]})", "at .a: cannot read written string as int"},
      {R"({"type":"record","name":"r","fields":[]})",
       R"({"type":"record","name":"r","fields":[{"name":"b","type":"int"}]})",
       "at .b: the reader's field is missing from the written data and has no default"},
      {R"({"type":"fixed","name":"F","size":2})", R"({"type":"fixed","name":"F","size":3})", "fixed sizes differ"},
      {"\"string\"", R"(["null","int"])", "written string matches no branch"},
  };
  for (const auto& c : cases) {
    auto resolved = ResolvedSchema::Make(MustParse(c.writer), MustParse(c.reader));
    ASSERT_FALSE(resolved.ok()) << c.writer;
    EXPECT_EQ(resolved.status().kind(), ErrorKind::kInvalidData);
    EXPECT_NE(resolved.status().message().find(c.expected), std::string::npos) << resolved.status().message();
  }
}

TEST(ResolverTest, UnreadableUnionBranchFailsOnlyWhenUsed) {
  auto writer = MustParse(R"(["int","string"])");
  auto reader = MustParse("\"long\"");
  auto read = ReadAs(writer, reader, Datum::Union(0, Datum::Int(1)));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, Datum::Long(1));
  auto failed = ReadAs(writer, reader, Datum::Union(1, Datum::String("x")));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("cannot read written string as long"), std::string::npos);
}

TEST(ResolverTest, EnumSymbolWithoutDefaultFailsWhenRead) {
  auto writer = MustParse(R"({"type":"enum","name":"E","symbols":["A","B"]})");
  auto reader = MustParse(R"({"type":"enum","name":"E","symbols":["A"]})");
  EXPECT_TRUE(ReadAs(writer, reader, Datum::Enum(0)).ok());
  auto failed = ReadAs(writer, reader, Datum::Enum(1));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("enum symbol B"), std::string::npos);
}

TEST(ResolverTest, RecursiveSchemas) {
  auto writer = MustParse(R"({"type":"record","name":"L","fields":[
      {"name":"v","type":"int"},{"name":"next","type":["null","L"]}]})");
  auto reader = MustParse(R"({"type":"record","name":"L","fields":[
      {"name":"next","type":["null","L"]},{"name":"v","type":"long"}]})");
  Datum list = Datum::Record({Datum::Int(1), Datum::Union(1, Datum::Record({Datum::Int(2), Datum::Union(0, Datum::Null())}))});
  auto read = ReadAs(writer, reader, list);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, Datum::Record({Datum::Union(1, Datum::Record({Datum::Union(0, Datum::Null()), Datum::Long(2)})),
                                  Datum::Long(1)}));
}

TEST(ResolverTest, ContainerReaderWithReaderSchema) {
  auto writer = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"a","type":"int","field-id":1},{"name":"b","type":"string","field-id":2}]})");
  auto reader = MustParse(R"({"type":"record","name":"r","fields":[
      {"name":"renamed_b","type":"string","field-id":2},{"name":"c","type":"int","default":-1,"field-id":3}]})");
  std::vector<Datum> records;
  for (int i = 0; i < 100; ++i) records.push_back(Datum::Record({Datum::Int(i), Datum::String(std::to_string(i))}));
  auto contents = WriteContainerToString(writer, records);
  ASSERT_TRUE(contents.ok());
  auto file = ContainerReader::Open(*contents);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->SetReaderSchema(reader).ok());
  EXPECT_EQ(&(*file)->record_schema(), reader.get());
  Datum record;
  for (int i = 0; i < 100; ++i) {
    auto more = (*file)->NextRecord(&record);
    ASSERT_TRUE(more.ok() && *more);
    EXPECT_EQ(record, Datum::Record({Datum::String(std::to_string(i)), Datum::Int(-1)}));
  }
  auto end = (*file)->NextRecord(&record);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  EXPECT_FALSE((*file)->SetReaderSchema(MustParse("\"int\"")).ok());
}

}  // namespace
}  // namespace floe::avro
