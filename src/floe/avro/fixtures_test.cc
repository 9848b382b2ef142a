// Tests against the Apache Avro shared test data in $FLOE_FIXTURES/avro
// (see its MANIFEST.md for the expected results).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "floe/avro/container.h"

namespace floe::avro {
namespace {

std::string FixturesDir() {
  const char* dir = std::getenv("FLOE_FIXTURES");
  return dir == nullptr ? "" : std::string(dir) + "/avro";
}

#define SKIP_WITHOUT_FIXTURES()                                                                     \
  if (FixturesDir().empty() || !std::filesystem::exists(FixturesDir())) {                           \
    GTEST_SKIP() << "FLOE_FIXTURES is not set or has no avro/ directory; shared fixtures skipped"; \
  }

std::string ReadFixture(const std::string& relative) {
  std::ifstream in(FixturesDir() + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct FileContents {
  std::shared_ptr<const Schema> schema;
  std::vector<Datum> records;
  std::unique_ptr<ContainerReader> reader;
};

Result<FileContents> ReadFixtureFile(const std::string& relative) {
  FileContents file;
  FLOE_ASSIGN_OR_RETURN(file.reader, ContainerReader::Open(ReadFixture(relative), relative));
  file.schema = file.reader->writer_schema();
  Datum record;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, file.reader->NextRecord(&record));
    if (!more) break;
    file.records.push_back(record);
  }
  return file;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class WeatherTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WeatherTest, DecodesExactlyTheFiveRecords) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("data/" + GetParam());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->schema->root().FullName(), "test.Weather");
  std::vector<std::string> expected = Lines(ReadFixture("data/weather.json"));
  ASSERT_EQ(expected.size(), 5u);
  ASSERT_EQ(file->records.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(DatumToJson(file->schema->root(), file->records[i]), expected[i]);
    auto parsed = DatumFromJson(file->schema->root(), std::string_view(expected[i]));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(file->records[i], *parsed);
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, WeatherTest,
                         ::testing::Values("weather.avro", "weather-deflate.avro", "weather-snappy.avro",
                                           "weather-zstd.avro"),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(AvroFixturesTest, WeatherCodecsAreTheDocumentedOnes) {
  SKIP_WITHOUT_FIXTURES();
  const std::pair<std::string, Codec> cases[] = {{"weather.avro", Codec::kNull},
                                                 {"weather-deflate.avro", Codec::kDeflate},
                                                 {"weather-snappy.avro", Codec::kSnappy},
                                                 {"weather-zstd.avro", Codec::kZstandard},
                                                 {"weather-sorted.avro", Codec::kDeflate}};
  for (const auto& [name, codec] : cases) {
    auto reader = ContainerReader::Open(ReadFixture("data/" + name), name);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->codec(), codec) << name;
  }
}

TEST(AvroFixturesTest, WeatherSortedIsInSchemaSortOrder) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("data/weather-sorted.avro");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::vector<std::string> expected = {
      R"({"station":"012650-99999","time":-655531200000,"temp":111})",
      R"({"station":"012650-99999","time":-655509600000,"temp":78})",
      R"({"station":"011990-99999","time":-619524000000,"temp":0})",
      R"({"station":"011990-99999","time":-619506000000,"temp":22})",
      R"({"station":"011990-99999","time":-619484400000,"temp":-11})",
  };
  ASSERT_EQ(file->records.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(DatumToJson(file->schema->root(), file->records[i]), expected[i]);
  }
  EXPECT_EQ(file->schema->root().fields[0].order, SortOrder::kIgnore);
}

TEST(AvroFixturesTest, SyncMarkerInsideMetadata) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("data/syncInMeta.avro");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_GT(file->records.size(), 0u);
  // The header metadata really does contain the sync marker's bytes.
  const SyncMarker& sync = file->reader->sync_marker();
  std::string_view marker(reinterpret_cast<const char*>(sync.data()), sync.size());
  std::string contents = ReadFixture("data/syncInMeta.avro");
  EXPECT_LT(contents.find(marker), static_cast<size_t>(file->reader->header_size() - 16));
  // Every block decodes with no bytes left over; the count matches the blocks.
  file->reader->Rewind();
  ContainerBlock block;
  size_t total = 0;
  while (file->reader->NextBlock(&block).value_or(false)) total += static_cast<size_t>(block.record_count);
  EXPECT_EQ(total, file->records.size());
}

TEST(AvroFixturesTest, Avro12LayoutFile) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("data/test.avro12");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_TRUE(file->reader->is_avro_1_2_layout());
  EXPECT_EQ(file->reader->FindMetadata("count"), "100");
  ASSERT_EQ(file->records.size(), 100u);
  EXPECT_EQ(file->schema->root().name, "Test");
  for (const Datum& record : file->records) {
    ASSERT_EQ(record.fields().size(), 2u);
    EXPECT_EQ(record.fields()[0].type(), Type::kString);
    EXPECT_EQ(record.fields()[1].type(), Type::kLong);
  }
  EXPECT_EQ(file->records[0].fields()[0].bytes(), "corftfdfvxvhyrxrktjjrfja");
}

class SchemaDataTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SchemaDataTest, ReadsAndRewritesDataFile) {
  SKIP_WITHOUT_FIXTURES();
  const std::string dir = "data/schemas/" + GetParam();
  auto file = ReadFixtureFile(dir + "/data.avro");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_FALSE(file->records.empty());
  auto declared = Schema::Parse(ReadFixture(dir + "/schema.json"));
  ASSERT_TRUE(declared.ok()) << declared.status().ToString();
  EXPECT_EQ(file->schema->ToCanonicalJson(), (*declared)->ToCanonicalJson());

  for (Codec codec : {Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    ContainerWriterOptions options;
    options.codec = codec;
    auto rewritten = WriteContainerToString(*declared, file->records, options);
    ASSERT_TRUE(rewritten.ok()) << rewritten.status().ToString();
    auto reader = ContainerReader::Open(*rewritten, "rewritten");
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<Datum> records;
    Datum record;
    while ((*reader)->NextRecord(&record).value_or(false)) records.push_back(record);
    EXPECT_EQ(records, file->records) << CodecName(codec);
  }
}

INSTANTIATE_TEST_SUITE_P(Schemas, SchemaDataTest, ::testing::Values("simple", "withUnion"));

TEST(AvroFixturesTest, LangCGoodFilesRead) {
  SKIP_WITHOUT_FIXTURES();
  for (std::string name : {"avro-1237-good.avro", "avro-1238-good.avro"}) {
    auto file = ReadFixtureFile("lang-c-tests/" + name);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    ASSERT_EQ(file->records.size(), 2u) << name;
    EXPECT_EQ(DatumToJson(file->schema->root(), file->records[0]), "null");
    EXPECT_EQ(DatumToJson(file->schema->root(), file->records[1]), "100");
  }
  auto with_codec = ReadFixtureFile("lang-c-tests/avro-1279-codec.avro");
  auto without_codec = ReadFixtureFile("lang-c-tests/avro-1279-no-codec.avro");
  ASSERT_TRUE(with_codec.ok()) << with_codec.status().ToString();
  ASSERT_TRUE(without_codec.ok()) << without_codec.status().ToString();
  EXPECT_FALSE(with_codec->records.empty());
  EXPECT_EQ(with_codec->records, without_codec->records);
}

TEST(AvroFixturesTest, LangCBadUnionDiscriminantFails) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("lang-c-tests/avro-1237-bad-union-discriminant.avro");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().kind(), ErrorKind::kInvalidData);
  EXPECT_NE(file.status().message().find("lang-c-tests/avro-1237-bad-union-discriminant.avro: block 0"),
            std::string::npos)
      << file.status().message();
  EXPECT_NE(file.status().message().find("union branch index"), std::string::npos) << file.status().message();
}

TEST(AvroFixturesTest, LangCTruncatedFails) {
  SKIP_WITHOUT_FIXTURES();
  auto file = ReadFixtureFile("lang-c-tests/avro-1238-truncated.avro");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().kind(), ErrorKind::kInvalidData);
  EXPECT_NE(file.status().message().find("avro-1238-truncated.avro: block 0"), std::string::npos)
      << file.status().message();
  EXPECT_NE(file.status().message().find("truncated"), std::string::npos) << file.status().message();
}

// schema-tests.txt: "// NNN" entries with <<INPUT (one line, or a heredoc
// ending in INPUT), <<canonical and <<fingerprint.
struct SchemaVector {
  std::string id;
  std::string input;
  std::string canonical;
  std::optional<int64_t> fingerprint;
};

std::vector<SchemaVector> ParseSchemaVectors(const std::string& text) {
  std::vector<SchemaVector> vectors;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("// ") && line.size() == 6 && std::isdigit(static_cast<unsigned char>(line[3]))) {
      vectors.push_back({line.substr(3), "", "", std::nullopt});
    } else if (vectors.empty()) {
      continue;
    } else if (line == "<<INPUT") {
      std::string body;
      while (std::getline(in, line) && line != "INPUT") body += line + "\n";
      vectors.back().input = body;
    } else if (line.starts_with("<<INPUT ")) {
      vectors.back().input = line.substr(8);
    } else if (line.starts_with("<<canonical ")) {
      vectors.back().canonical = line.substr(12);
    } else if (line.starts_with("<<fingerprint ")) {
      vectors.back().fingerprint = std::stoll(line.substr(14));
    }
  }
  return vectors;
}

TEST(AvroFixturesTest, SchemaTestVectors) {
  SKIP_WITHOUT_FIXTURES();
  auto vectors = ParseSchemaVectors(ReadFixture("data/schema-tests.txt"));
  ASSERT_EQ(vectors.size(), 34u);
  int fingerprints = 0;
  for (const auto& vector : vectors) {
    auto schema = Schema::Parse(vector.input);
    ASSERT_TRUE(schema.ok()) << vector.id << ": " << schema.status().ToString();
    EXPECT_EQ((*schema)->ToCanonicalJson(), vector.canonical) << vector.id;
    if (vector.fingerprint) {
      EXPECT_EQ((*schema)->Fingerprint64(), *vector.fingerprint) << vector.id;
      ++fingerprints;
    }
    // Full JSON round-trips too.
    auto again = Schema::Parse((*schema)->ToJson());
    ASSERT_TRUE(again.ok()) << vector.id;
    EXPECT_EQ((*again)->ToJson(), (*schema)->ToJson()) << vector.id;
  }
  EXPECT_GT(fingerprints, 20);
}

TEST(AvroFixturesTest, AvscSchemasParseAndRoundTrip) {
  SKIP_WITHOUT_FIXTURES();
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FixturesDir() + "/schemas-avsc")) {
    auto schema = Schema::Parse(ReadFixture("schemas-avsc/" + entry.path().filename().string()));
    ASSERT_TRUE(schema.ok()) << entry.path() << ": " << schema.status().ToString();
    auto again = Schema::Parse((*schema)->ToJson());
    ASSERT_TRUE(again.ok()) << entry.path() << ": " << again.status().ToString();
    EXPECT_EQ((*again)->ToJson(), (*schema)->ToJson());
    EXPECT_EQ((*again)->Fingerprint64(), (*schema)->Fingerprint64());
    ++parsed;
  }
  EXPECT_EQ(parsed, 6);
}

// Single-object encoding: C3 01, the writer schema's 8-byte little-endian
// fingerprint, then the binary value.
TEST(AvroFixturesTest, SingleObjectEncodedMessage) {
  SKIP_WITHOUT_FIXTURES();
  auto schema = Schema::Parse(ReadFixture("data/messageV1/test_schema.avsc"));
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  std::string message = ReadFixture("data/messageV1/test_message.bin");
  ASSERT_GT(message.size(), 10u);
  EXPECT_EQ(message.substr(0, 2), "\xc3\x01");
  uint64_t fingerprint = 0;
  for (int i = 7; i >= 0; --i) fingerprint = (fingerprint << 8) | static_cast<unsigned char>(message[2 + i]);
  EXPECT_EQ(static_cast<int64_t>(fingerprint), (*schema)->Fingerprint64());
  Decoder decoder(std::string_view(message).substr(10));
  Datum datum;
  ASSERT_TRUE(DecodeDatum(decoder, (*schema)->root(), &datum).ok());
  EXPECT_TRUE(decoder.at_end());
  EXPECT_EQ(DatumToJson((*schema)->root(), datum), R"({"id":42,"name":"Bill","tags":["dog_lover","cat_hater"]})");
}

}  // namespace
}  // namespace floe::avro
