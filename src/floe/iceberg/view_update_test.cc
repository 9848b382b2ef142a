// View updates and requirements (JSON) and ViewMetadataBuilder.
#include "floe/iceberg/view_update.h"

#include <gtest/gtest.h>

// Designated initializers leave the remaining members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace floe::iceberg {
namespace {

SchemaPtr ViewSchema(int32_t schema_id, std::string column = "count") {
  auto schema = Schema::Make(schema_id, {NestedField{.id = 1, .name = std::move(column),
                                                     .type = PrimitiveType::Get(TypeId::kLong), .required = false}});
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

ViewVersion Version(int32_t id, std::string sql, std::string dialect = "spark", int32_t schema_id = kLastAdded,
                    int64_t timestamp_ms = 1573518431292) {
  ViewVersion version;
  version.version_id = id;
  version.timestamp_ms = timestamp_ms;
  version.schema_id = schema_id;
  version.summary = {{"engine-name", "floe"}};
  version.representations.push_back(ViewRepresentation{.sql = std::move(sql), .dialect = std::move(dialect)});
  version.default_namespace = {"default"};
  return version;
}

template <typename T>
T Ok(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(result).value();
}

void ExpectError(const Status& status, ErrorKind kind, std::string_view message) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), kind) << status.ToString();
  EXPECT_NE(status.message().find(message), std::string::npos) << status.message();
}

ViewMetadataPtr NewView() {
  ViewMetadataBuilder builder = ViewMetadataBuilder::BuildFromEmpty();
  EXPECT_TRUE(builder.SetLocation("s3://bucket/views/v").ok());
  EXPECT_TRUE(builder.SetCurrentVersion(Version(1, "select count(*) from t"), ViewSchema(7)).ok());
  return Ok(builder.Build());
}

// --- JSON --------------------------------------------------------------------------------

TEST(ViewUpdateJsonTest, ViewActionsRoundTrip) {
  for (std::string json : {
           std::string(R"({"action":"set-current-view-version","view-version-id":-1})"),
           std::string(R"({"action":"assign-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})"),
           std::string(R"({"action":"upgrade-format-version","format-version":1})"),
           std::string(R"({"action":"set-location","location":"s3://v"})"),
           std::string(R"({"action":"set-properties","updates":{"a":"b"}})"),
           std::string(R"({"action":"remove-properties","removals":["a"]})"),
       }) {
    auto update = ParseViewUpdate(json);
    ASSERT_TRUE(update.ok()) << update.status().ToString();
    EXPECT_EQ(SerializeViewUpdate(*update), json);
  }
}

TEST(ViewUpdateJsonTest, AddViewVersion) {
  std::string json =
      R"({"action":"add-view-version","view-version":{"version-id":1,"timestamp-ms":1573518431292,"schema-id":1,)"
      R"("summary":{"engine-name":"Spark"},"representations":[{"type":"sql","sql":"select 1","dialect":"spark"}],)"
      R"("default-namespace":["default"]}})";
  auto update = ParseViewUpdate(json);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  const auto* add = update->As<AddViewVersionUpdate>();
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->view_version.version_id, 1);
  EXPECT_EQ(add->view_version.representations[0].sql, "select 1");
  auto reparsed = ParseViewUpdate(SerializeViewUpdate(*update));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString();
  EXPECT_EQ(reparsed->As<AddViewVersionUpdate>()->view_version, add->view_version);
}

TEST(ViewUpdateJsonTest, Errors) {
  auto expect_bad = [](std::string_view json, std::string_view message) {
    auto update = ParseViewUpdate(json);
    ASSERT_FALSE(update.ok()) << json;
    EXPECT_EQ(update.status().kind(), ErrorKind::kBadRequest);
    EXPECT_NE(update.status().message().find(message), std::string::npos) << update.status().message();
  };
  expect_bad(R"({"action":"add-snapshot","snapshot":{"snapshot-id":1,"timestamp-ms":1,"manifest-list":"m",)"
             R"("summary":{"operation":"append"}}})",
             "Cannot apply update add-snapshot to a view");
  expect_bad(R"({"action":"rename-view"})", "rename-view");
  expect_bad(R"({"action":"add-view-version"})", "view-version");
  expect_bad(R"({"action":"set-current-view-version"})", "view-version-id");
}

TEST(ViewRequirementJsonTest, AssertViewUuid) {
  std::string json = R"({"type":"assert-view-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})";
  auto requirement = ParseViewRequirement(json);
  ASSERT_TRUE(requirement.ok()) << requirement.status().ToString();
  EXPECT_EQ(SerializeViewRequirement(*requirement), json);
  auto unknown = ParseViewRequirement(R"({"type":"assert-table-uuid","uuid":"x"})");
  ExpectError(unknown.status(), ErrorKind::kBadRequest, "assert-table-uuid");
  ExpectError(ParseViewRequirement(R"({"type":"assert-view-uuid"})").status(), ErrorKind::kBadRequest, "uuid");
}

// --- Builder -------------------------------------------------------------------------------

TEST(ViewMetadataBuilderTest, CreateAssignsIdsAndHistory) {
  ViewMetadataPtr view = NewView();
  EXPECT_TRUE(view->view_uuid.size() == 36);
  EXPECT_EQ(view->format_version, 1);
  EXPECT_EQ(view->current_version_id, 1);
  ASSERT_EQ(view->schemas.size(), 1u);
  EXPECT_EQ(view->schemas[0]->schema_id(), 0);  // reassigned from 7
  EXPECT_EQ(view->CurrentVersion()->schema_id, 0);
  ASSERT_EQ(view->version_log.size(), 1u);
  EXPECT_EQ(view->version_log[0].timestamp_ms, 1573518431292);  // the added version's own time
}

TEST(ViewMetadataBuilderTest, CreateFromUpdates) {
  std::vector<ViewUpdate> updates = {
      AssignUuidUpdate{"2cc52516-5e73-41f2-b139-545d41a4e151"},
      SetLocationUpdate{"s3://v"},
      AddSchemaUpdate{ViewSchema(0), std::nullopt},
      AddViewVersionUpdate{Version(1, "select 1")},
      SetCurrentViewVersionUpdate{kLastAdded},
      SetPropertiesUpdate{{{"comment", "hi"}}},
  };
  ViewMetadataPtr view = Ok(ApplyViewCommit(nullptr, {}, updates));
  EXPECT_EQ(view->view_uuid, "2cc52516-5e73-41f2-b139-545d41a4e151");
  EXPECT_EQ(view->properties.at("comment"), "hi");
  EXPECT_EQ(view->CurrentVersion()->representations[0].sql, "select 1");
}

TEST(ViewMetadataBuilderTest, ReplaceWithNewVersion) {
  ViewMetadataPtr view = NewView();
  std::vector<ViewUpdate> updates = {
      AddSchemaUpdate{ViewSchema(0, "total"), std::nullopt},
      AddViewVersionUpdate{Version(1, "select sum(x) as total from t", "spark", kLastAdded, 1573518440000)},
      SetCurrentViewVersionUpdate{kLastAdded},
  };
  ViewMetadataPtr replaced = Ok(ApplyViewCommit(view, {AssertViewUuid{view->view_uuid}}, updates));
  EXPECT_EQ(replaced->current_version_id, 2);  // id 1 is taken
  EXPECT_EQ(replaced->CurrentVersion()->schema_id, 1);
  ASSERT_EQ(replaced->version_log.size(), 2u);
  EXPECT_EQ(replaced->version_log[1].version_id, 2);

  ExpectError(ApplyViewCommit(view, {AssertViewUuid{"other"}}, updates).status(), ErrorKind::kCommitFailed,
              "Requirement failed: view UUID does not match: expected " + view->view_uuid + " != other");
}

TEST(ViewMetadataBuilderTest, ReusesEquivalentVersionsAndSchemas) {
  ViewMetadataPtr view = NewView();
  ViewMetadataBuilder builder = ViewMetadataBuilder::BuildFrom(view);
  ASSERT_TRUE(builder.SetCurrentVersion(Version(9, "select count(*) from t"), ViewSchema(3)).ok());
  EXPECT_TRUE(builder.changes().empty());
  EXPECT_EQ(Ok(builder.Build()).get(), view.get());
}

TEST(ViewMetadataBuilderTest, Errors) {
  ViewMetadataPtr view = NewView();
  ExpectError(ViewMetadataBuilder::BuildFrom(view).SetCurrentVersionId(42), ErrorKind::kBadRequest,
              "Cannot set current version to unknown version: 42");
  ExpectError(ViewMetadataBuilder::BuildFrom(view).SetCurrentVersionId(kLastAdded), ErrorKind::kBadRequest,
              "Cannot set last version id: no current version id has been set");
  ExpectError(ViewMetadataBuilder::BuildFrom(view).AddVersion(Version(2, "select 2", "spark", 5)),
              ErrorKind::kBadRequest, "Cannot add version with unknown schema: 5");
  ExpectError(ViewMetadataBuilder::BuildFrom(view).AddVersion(Version(2, "select 2")), ErrorKind::kBadRequest,
              "Cannot set last added schema: no schema has been added");
  ViewVersion twice = Version(2, "select 2", "spark", 0);
  twice.representations.push_back(ViewRepresentation{.sql = "select 3", .dialect = "SPARK"});
  ExpectError(ViewMetadataBuilder::BuildFrom(view).AddVersion(twice), ErrorKind::kBadRequest,
              "Invalid view version: Cannot add multiple queries for dialect spark");
  ExpectError(ViewMetadataBuilder::BuildFrom(view).AssignUuid("other"), ErrorKind::kBadRequest,
              "Cannot reassign uuid");
  ExpectError(ViewMetadataBuilder::BuildFrom(view).UpgradeFormatVersion(2), ErrorKind::kBadRequest,
              "Unsupported format version: 2");
  ViewMetadataBuilder no_location = ViewMetadataBuilder::BuildFromEmpty();
  ASSERT_TRUE(no_location.SetCurrentVersion(Version(1, "select 1"), ViewSchema(0)).ok());
  ExpectError(no_location.Build().status(), ErrorKind::kBadRequest, "Invalid location: null");
  ViewMetadataBuilder no_version = ViewMetadataBuilder::BuildFromEmpty();
  ASSERT_TRUE(no_version.SetLocation("s3://v").ok());
  ExpectError(no_version.Build().status(), ErrorKind::kBadRequest, "Invalid view: no versions were added");
}

TEST(ViewMetadataBuilderTest, DroppingADialectNeedsTheProperty) {
  ViewMetadataPtr view = NewView();
  ViewMetadataBuilder builder = ViewMetadataBuilder::BuildFrom(view);
  ASSERT_TRUE(builder.SetCurrentVersion(Version(1, "SELECT count(*) FROM t", "trino"), ViewSchema(0)).ok());
  ExpectError(builder.Build().status(), ErrorKind::kBadRequest,
              "Cannot replace view due to loss of view dialects (replace.drop-dialect.allowed=false):\n"
              "Previous dialects: [spark]\nNew dialects: [trino]");

  ViewMetadataBuilder allowed = ViewMetadataBuilder::BuildFrom(view);
  ASSERT_TRUE(allowed.SetProperties({{"replace.drop-dialect.allowed", "true"}}).ok());
  ASSERT_TRUE(allowed.SetCurrentVersion(Version(1, "SELECT count(*) FROM t", "trino"), ViewSchema(0)).ok());
  EXPECT_TRUE(allowed.Build().ok());
}

TEST(ViewMetadataBuilderTest, ExpiresOldVersions) {
  ViewMetadataPtr view = NewView();
  for (int i = 0; i < 4; ++i) {
    ViewMetadataBuilder builder = ViewMetadataBuilder::BuildFrom(view);
    ASSERT_TRUE(builder.SetProperties({{"version.history.num-entries", "2"}}).ok());
    ASSERT_TRUE(builder.SetCurrentVersion(Version(1, fmt::format("select {}", i)), ViewSchema(0)).ok());
    view = Ok(builder.Build());
  }
  ASSERT_EQ(view->versions.size(), 2u);
  EXPECT_EQ(view->versions[0].version_id, 5);  // the current one first
  EXPECT_EQ(view->versions[1].version_id, 4);
  ASSERT_EQ(view->version_log.size(), 2u);
  EXPECT_EQ(view->version_log[0].version_id, 4);
  EXPECT_EQ(view->version_log[1].version_id, 5);

  ViewMetadataBuilder bad = ViewMetadataBuilder::BuildFrom(view);
  ASSERT_TRUE(bad.SetProperties({{"version.history.num-entries", "0"}}).ok());
  ExpectError(bad.Build().status(), ErrorKind::kBadRequest, "version.history.num-entries must be positive but was 0");
}

}  // namespace
}  // namespace floe::iceberg
