// View metadata JSON: the upstream fixtures (iceberg-metadata/java-view and
// rust/view_metadata, expectations from EXPECTED.md and the Java tests),
// round trips, version validation and FileIO reads/writes.
#include "floe/iceberg/view_metadata.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "floe/iceberg/metadata_json_internal.h"
#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

class ViewMetadataFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("FLOE_FIXTURES");
    if (root == nullptr || !fs::is_directory(fs::path(root) / "iceberg-metadata")) {
      GTEST_SKIP() << "shared fixtures not found: set FLOE_FIXTURES to the fixtures directory "
                      "(it must contain iceberg-metadata/)";
    }
    root_ = fs::path(root) / "iceberg-metadata";
  }

  std::string Read(const std::string& relative) const {
    std::ifstream in(root_ / relative, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open fixture " << relative;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  Result<ViewMetadataPtr> Parse(const std::string& relative) const { return ParseViewMetadata(Read(relative)); }

  fs::path root_;
};

void ExpectSameView(const ViewMetadata& a, const ViewMetadata& b) {
  EXPECT_EQ(a.view_uuid, b.view_uuid);
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.location, b.location);
  EXPECT_EQ(a.properties, b.properties);
  EXPECT_EQ(a.current_version_id, b.current_version_id);
  EXPECT_EQ(a.versions, b.versions);
  EXPECT_EQ(a.version_log, b.version_log);
  ASSERT_EQ(a.schemas.size(), b.schemas.size());
  for (size_t i = 0; i < a.schemas.size(); ++i) {
    EXPECT_EQ(a.schemas[i]->schema_id(), b.schemas[i]->schema_id());
    ASSERT_EQ(a.schemas[i]->fields().size(), b.schemas[i]->fields().size());
    for (size_t j = 0; j < a.schemas[i]->fields().size(); ++j) {
      const NestedField& fa = a.schemas[i]->fields()[j];
      const NestedField& fb = b.schemas[i]->fields()[j];
      EXPECT_EQ(fa.id, fb.id);
      EXPECT_EQ(fa.name, fb.name);
      EXPECT_EQ(fa.required, fb.required);
      EXPECT_EQ(fa.doc, fb.doc);
      EXPECT_EQ(fa.type->id(), fb.type->id());
    }
  }
}

void ExpectRoundTrip(const ViewMetadata& metadata) {
  std::string json = SerializeViewMetadata(metadata);
  auto reparsed = ParseViewMetadata(json);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString() << "\n" << json;
  ExpectSameView(metadata, **reparsed);
  EXPECT_EQ(SerializeViewMetadata(**reparsed), json);
}

TEST_F(ViewMetadataFixtureTest, JavaValidViewMetadata) {
  auto metadata = Parse("java-view/ValidViewMetadata.json");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  const ViewMetadata& view = **metadata;
  EXPECT_EQ(view.view_uuid, "fa6506c3-7681-40c8-86dc-e36561f83385");
  EXPECT_EQ(view.format_version, 1);
  EXPECT_EQ(view.location, "s3://bucket/test/location");
  EXPECT_EQ(view.properties,
            (std::map<std::string, std::string>{{"some-key", "some-value"}, {"comment", "some-comment"}}));
  ASSERT_EQ(view.schemas.size(), 1u);
  EXPECT_EQ(view.schemas[0]->fields().size(), 3u);
  EXPECT_EQ(view.current_version_id, 2);
  ASSERT_EQ(view.versions.size(), 2u);
  const ViewVersion* current = view.CurrentVersion();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->version_id, 2);
  EXPECT_EQ(current->timestamp_ms, 5555);
  EXPECT_EQ(current->schema_id, 0);
  EXPECT_EQ(current->summary.at("user"), "some-user");
  EXPECT_EQ(current->default_catalog, "some-catalog");
  EXPECT_TRUE(current->default_namespace.empty());
  ASSERT_EQ(current->representations.size(), 1u);
  EXPECT_EQ(current->representations[0].type, "sql");
  EXPECT_EQ(current->representations[0].sql, "select 1 id, 'abc' data");
  EXPECT_EQ(current->representations[0].dialect, "spark-sql");
  EXPECT_EQ(view.version_log, (std::vector<ViewHistoryEntry>{{4353, 1}, {5555, 2}}));
  EXPECT_EQ(view.CurrentSchema(), view.schemas[0]);
  ExpectRoundTrip(view);
}

TEST_F(ViewMetadataFixtureTest, JavaInvalidFilesGiveJavaMessages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"java-view/ViewMetadataMissingLocation.json", "Cannot parse missing string: location"},
      {"java-view/ViewMetadataInvalidCurrentSchema.json", "Cannot find current schema with id 1234 in schemas: [1]"},
      {"java-view/ViewMetadataMissingCurrentVersion.json", "Cannot parse missing int: current-version-id"},
      {"java-view/ViewMetadataInvalidCurrentVersion.json", "Cannot find current version 1234 in view versions: [1, 2]"},
  };
  for (const auto& [file, message] : cases) {
    auto metadata = Parse(file);
    ASSERT_FALSE(metadata.ok()) << file;
    EXPECT_EQ(metadata.status().kind(), ErrorKind::kInvalidData) << file;
    EXPECT_EQ(metadata.status().message(), message) << file;
  }
}

// Java reads a stored version with two SQL texts for one dialect (so that the
// view can be repaired) but refuses to add such a version.
TEST_F(ViewMetadataFixtureTest, JavaMultipleSqlsForOneDialect) {
  auto metadata = Parse("java-view/ViewMetadataMultipleSQLsForDialect.json");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  const ViewVersion* current = (*metadata)->CurrentVersion();
  ASSERT_NE(current, nullptr);
  ASSERT_EQ(current->representations.size(), 2u);
  EXPECT_EQ(current->representations[1].sql, "select * from foo");
  Status status = ValidateViewVersion(*current);
  EXPECT_EQ(status.kind(), ErrorKind::kInvalidData);
  EXPECT_EQ(status.message(), "Invalid view version: Cannot add multiple queries for dialect spark-sql");

  // Dialects compare case-insensitively; distinct dialects are fine.
  ViewVersion version = *current;
  version.representations[1].dialect = "Spark-SQL";
  EXPECT_EQ(ValidateViewVersion(version).message(),
            "Invalid view version: Cannot add multiple queries for dialect spark-sql");
  version.representations[1].dialect = "trino";
  EXPECT_TRUE(ValidateViewVersion(version).ok());
}

TEST_F(ViewMetadataFixtureTest, RustViewMetadata) {
  auto valid = Parse("rust/view_metadata/ViewMetadataV1Valid.json");
  ASSERT_TRUE(valid.ok()) << valid.status().ToString();
  const ViewMetadata& view = **valid;
  EXPECT_EQ(view.location, "s3://bucket/warehouse/default.db/event_agg");
  const ViewVersion* current = view.CurrentVersion();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->schema_id, 1);
  EXPECT_EQ(current->default_catalog, "prod");
  EXPECT_EQ(current->default_namespace, (std::vector<std::string>{"default"}));
  EXPECT_EQ(current->summary.at("engine-name"), "Spark");
  EXPECT_EQ(current->representations.at(0).dialect, "spark");
  EXPECT_EQ(current->representations.at(0).sql,
            "SELECT\n    COUNT(1), CAST(event_ts AS DATE)\nFROM events\nGROUP BY 2");
  ASSERT_NE(view.CurrentSchema(), nullptr);
  EXPECT_EQ(view.CurrentSchema()->fields().at(0).doc, "Count of events");
  ExpectRoundTrip(view);

  const std::vector<std::pair<std::string, std::string>> failures = {
      {"ViewMetadataUnsupportedVersion.json", "Unsupported format version: 2"},
      {"ViewMetadataV1SchemaNotFound.json", "Cannot find current schema with id 2 in schemas: [1]"},
      // This file lacks both the version's schema-id and current-version-id;
      // Java reads current-version-id first.
      {"ViewMetadataV1MissingSchema.json", "Cannot parse missing int: current-version-id"},
      {"ViewMetadataV1MissingCurrentVersion.json", "Cannot parse missing int: current-version-id"},
      {"ViewMetadataV1CurrentVersionNotFound.json", "Cannot find current version 2 in view versions: [1]"},
  };
  for (const auto& [file, message] : failures) {
    auto metadata = Parse("rust/view_metadata/" + file);
    ASSERT_FALSE(metadata.ok()) << file;
    EXPECT_EQ(metadata.status().message(), message) << file;
  }
}

TEST_F(ViewMetadataFixtureTest, FieldOrderFollowsJava) {
  auto metadata = Parse("java-view/ValidViewMetadata.json");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  std::string json = SerializeViewMetadata(**metadata);
  EXPECT_TRUE(json.starts_with(R"({"view-uuid":"fa6506c3-7681-40c8-86dc-e36561f83385","format-version":1,)"
                               R"("location":"s3://bucket/test/location","properties":{"comment":"some-comment",)"
                               R"("some-key":"some-value"},"schemas":[{"type":"struct","schema-id":0,)"))
      << json;
  EXPECT_NE(json.find(R"("current-version-id":2,"versions":[{"version-id":1,"timestamp-ms":4353,"schema-id":0,)"
                      R"("summary":{"user":"some-user"},"default-catalog":"some-catalog","default-namespace":[],)"
                      R"("representations":[{"type":"sql","sql":"select 'foo' foo","dialect":"spark-sql"}]})"),
            std::string::npos)
      << json;
  EXPECT_TRUE(json.ends_with(R"("version-log":[{"timestamp-ms":4353,"version-id":1},)"
                             R"({"timestamp-ms":5555,"version-id":2}]})"))
      << json;
}

TEST_F(ViewMetadataFixtureTest, ReadAndWriteThroughFileIO) {
  auto metadata = Parse("java-view/ValidViewMetadata.json");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  io::MemoryFileIO file_io;
  for (const std::string location :
       {"mem://bucket/v/metadata/00001-a.metadata.json", "mem://bucket/v/metadata/00002-a.gz.metadata.json"}) {
    ASSERT_TRUE(WriteViewMetadata(file_io, location, **metadata).ok()) << location;
    EXPECT_EQ(internal::HasGzipMagic(*file_io.ReadFile(location)), location.ends_with(".gz.metadata.json"));
    auto read = ReadViewMetadata(file_io, location);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    ExpectSameView(**metadata, **read);
    EXPECT_EQ(WriteViewMetadata(file_io, location, **metadata).kind(), ErrorKind::kAlreadyExists);
  }
}

TEST(ViewVersionJson, UnknownRepresentationsArePreserved) {
  const std::string json =
      R"({"version-id":3,"timestamp-ms":7,"schema-id":0,"summary":{},"default-namespace":["a","b"],)"
      R"("representations":[{"type":"sql","sql":"select 1","dialect":"trino"},{"type":"SUBSTRAIT","plan":"x"}]})";
  auto version = ParseViewVersion(json);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_FALSE(version->default_catalog.has_value());
  EXPECT_EQ(version->default_namespace, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(version->representations.size(), 2u);
  EXPECT_EQ(version->representations[1].type, "substrait");
  EXPECT_EQ(SerializeViewVersion(*version), json);
  EXPECT_TRUE(ValidateViewVersion(*version).ok());

  EXPECT_EQ(ParseViewVersion(R"({"version-id":3,"timestamp-ms":7,"schema-id":0,"representations":[],)"
                             R"("default-namespace":[]})")
                .status()
                .message(),
            "Cannot parse missing map: summary");
  EXPECT_EQ(ParseViewVersion(R"({"version-id":3,"timestamp-ms":7,"schema-id":0,"summary":{},"representations":[]})")
                .status()
                .message(),
            "Cannot parse missing field: default-namespace");
  EXPECT_EQ(ParseViewVersion(R"({"version-id":3,"timestamp-ms":7,"summary":{},"default-namespace":[],)"
                             R"("representations":[]})")
                .status()
                .message(),
            "Cannot parse missing int: schema-id");
  EXPECT_EQ(ParseViewVersion(R"({"version-id":3,"timestamp-ms":7,"schema-id":0,"summary":{},)"
                             R"("default-namespace":[],"representations":[{"type":"sql","dialect":"x"}]})")
                .status()
                .message(),
            "Cannot parse missing string: sql");
}

}  // namespace
}  // namespace floe::iceberg
