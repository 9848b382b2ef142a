// Scan planning over tables built in memory: snapshot selection, manifest /
// partition / metrics pruning, and the spec's delete-file scope rules.
// (Real tables from other engines: table_scan_conformance_test.cc.)
#include "floe/iceberg/table_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <span>

#include "floe/iceberg/expression_parser.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, std::string name, TypeId type) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = PrimitiveType::Get(type);
  return field;
}

std::string LongBound(int64_t value) { return *ToBinary(*PrimitiveType::Get(TypeId::kLong), Literal(value)); }

ExpressionPtr Where(std::string_view text) {
  auto parsed = ParsePredicate(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return *parsed;
}

// Two snapshots of a v2 table partitioned by identity(category):
//   1 (seq 1): data A (a, ids 1-10), B (b, ids 11-20)
//   2 (seq 2): + data C (a, ids 21-30); position deletes P (partition a),
//      PC (partition a, referencing C only), PB (partition b, referencing B);
//      a deletion vector D for B; equality deletes E (partition a); a global
//      equality delete G (unpartitioned spec 0).
class TableScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = std::make_shared<io::MemoryFileIO>();
    schema_ = *Schema::Make(0, {Field(1, "id", TypeId::kLong), Field(2, "category", TypeId::kString)});
    unpartitioned_ = std::make_shared<PartitionSpec>(0, std::vector<PartitionField>{});
    by_category_ = std::make_shared<PartitionSpec>(
        1, std::vector<PartitionField>{{.source_id = 2, .source_ids = {}, .field_id = 1000, .name = "category",
                                        .transform = Transform::Identity()}});
    auto metadata = std::make_shared<TableMetadata>();
    metadata->format_version = 2;
    metadata->location = "mem://t";
    metadata->schemas = {schema_};
    metadata->partition_specs = {unpartitioned_, by_category_};
    metadata->default_spec_id = 1;

    ManifestFile m1 = WriteData("m1", 1, {File("A", "a", 1, 10), File("B", "b", 11, 20)});
    ManifestFile list1[] = {m1};
    WriteList("snap-1", 1, std::nullopt, 1, list1);
    ManifestFile m2 = WriteData("m2", 2, {File("C", "a", 21, 30)});
    DataFile p = Delete("P", "a", DataFileContent::kPositionDeletes);
    DataFile pc = Delete("PC", "a", DataFileContent::kPositionDeletes);
    pc.referenced_data_file = "mem://t/data/C.parquet";
    DataFile pb = Delete("PB", "b", DataFileContent::kPositionDeletes);
    pb.referenced_data_file = "mem://t/data/B.parquet";
    DataFile dv = Delete("D", "b", DataFileContent::kPositionDeletes);
    dv.file_format = FileFormat::kPuffin;
    dv.referenced_data_file = "mem://t/data/B.parquet";
    dv.content_offset = 4;
    dv.content_size_in_bytes = 30;
    DataFile e = Delete("E", "a", DataFileContent::kEqualityDeletes);
    e.equality_ids = {1};
    ManifestFile d2 = WriteDeletes("d2", by_category_, 2, {p, pc, pb, dv, e});
    DataFile g = Delete("G", "", DataFileContent::kEqualityDeletes);
    g.partition.clear();
    g.equality_ids = {1};
    ManifestFile d3 = WriteDeletes("d3", unpartitioned_, 2, {g});
    // m1 carried into snapshot 2 (its sequence number is now assigned).
    ManifestFile m1_listed = m1;
    m1_listed.sequence_number = 1;
    m1_listed.min_sequence_number = 1;
    ManifestFile list2[] = {m2, d2, d3, m1_listed};
    WriteList("snap-2", 2, 1, 2, list2);

    for (int64_t id : {1, 2}) {
      auto snapshot = std::make_shared<Snapshot>();
      snapshot->snapshot_id = id;
      snapshot->parent_snapshot_id = id == 2 ? std::optional<int64_t>(1) : std::nullopt;
      snapshot->sequence_number = id;
      snapshot->timestamp_ms = 1000 * id;
      snapshot->manifest_list = "mem://t/metadata/snap-" + std::to_string(id) + ".avro";
      snapshot->summary = {{"operation", "append"}};
      snapshot->schema_id = 0;
      metadata->snapshots.push_back(snapshot);
      metadata->snapshot_log.push_back({1000 * id, id});
    }
    metadata->current_snapshot_id = 2;
    metadata->last_sequence_number = 2;
    metadata->refs = {{"main", SnapshotRef{.snapshot_id = 2}},
                      {"v1", SnapshotRef{.snapshot_id = 1, .type = SnapshotRefType::kTag}}};
    metadata->IndexSnapshots();
    table_ = metadata;
  }

  DataFile File(const std::string& name, const std::string& category, int64_t low, int64_t high) {
    DataFile file;
    file.file_path = "mem://t/data/" + name + ".parquet";
    file.partition = {Literal(category)};
    file.record_count = high - low + 1;
    file.file_size_in_bytes = 1000;
    file.value_counts = {{1, file.record_count}};
    file.null_value_counts = {{1, 0}};
    file.lower_bounds = {{1, LongBound(low)}};
    file.upper_bounds = {{1, LongBound(high)}};
    return file;
  }

  DataFile Delete(const std::string& name, const std::string& category, DataFileContent content) {
    DataFile file;
    file.content = content;
    file.file_path = "mem://t/deletes/" + name + ".parquet";
    file.partition = {Literal(category)};
    file.record_count = 1;
    file.file_size_in_bytes = 100;
    return file;
  }

  ManifestFile WriteData(const std::string& name, int64_t snapshot_id, const std::vector<DataFile>& files) {
    return WriteManifest(name, by_category_, snapshot_id, ManifestContent::kData, files);
  }
  ManifestFile WriteDeletes(const std::string& name, const PartitionSpecPtr& spec, int64_t snapshot_id,
                            const std::vector<DataFile>& files) {
    return WriteManifest(name, spec, snapshot_id, ManifestContent::kDeletes, files);
  }

  ManifestFile WriteManifest(const std::string& name, const PartitionSpecPtr& spec, int64_t snapshot_id,
                             ManifestContent content, const std::vector<DataFile>& files) {
    ManifestWriterOptions options;
    options.snapshot_id = snapshot_id;
    options.content = content;
    auto writer = ManifestWriter::Open(*io_, "mem://t/metadata/" + name + ".avro", spec, schema_, options);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    for (const DataFile& file : files) EXPECT_TRUE((*writer)->Add(file).ok());
    auto manifest = (*writer)->Close();
    EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
    return *manifest;
  }

  void WriteList(const std::string& name, int64_t snapshot_id, std::optional<int64_t> parent, int64_t sequence_number,
                 std::span<const ManifestFile> manifests) {
    ManifestListWriterOptions options;
    options.snapshot_id = snapshot_id;
    options.parent_snapshot_id = parent;
    options.sequence_number = sequence_number;
    auto writer = ManifestListWriter::Open(*io_, "mem://t/metadata/" + name + ".avro", options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (const ManifestFile& m : manifests) ASSERT_TRUE((*writer)->Add(m).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }

  // Task data file name -> names of the delete files applied to it.
  static std::map<std::string, std::vector<std::string>> Deletes(const ScanPlan& plan) {
    auto stem = [](const std::string& path) {
      std::string name = path.substr(path.rfind('/') + 1);
      return name.substr(0, name.find('.'));
    };
    std::map<std::string, std::vector<std::string>> out;
    for (const FileScanTask& task : plan.tasks) {
      auto& names = out[stem(task.data_file->file_path)];
      for (const auto& d : task.delete_files) names.push_back(stem(d->file_path));
      std::sort(names.begin(), names.end());
    }
    return out;
  }

  std::shared_ptr<io::MemoryFileIO> io_;
  SchemaPtr schema_;
  PartitionSpecPtr unpartitioned_;
  PartitionSpecPtr by_category_;
  TableMetadataPtr table_;
};

TEST_F(TableScanTest, AppliesDeletesByTheSpecScopeRules) {
  auto plan = TableScan(io_, table_).Plan();
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->snapshot->snapshot_id, 2);
  using Names = std::vector<std::string>;
  const auto deletes = Deletes(*plan);
  ASSERT_EQ(deletes.size(), 3u);
  // A (seq 1, a): P (seq 2 >= 1), E (2 > 1), G (global); not PC (references C).
  EXPECT_EQ(deletes.at("A"), (Names{"E", "G", "P"}));
  // B (seq 1, b): the deletion vector D replaces position files (PB); G is global.
  EXPECT_EQ(deletes.at("B"), (Names{"D", "G"}));
  // C (seq 2, a): position deletes of the same commit apply (P, PC); equality
  // deletes of the same sequence number do not (E, G).
  EXPECT_EQ(deletes.at("C"), (Names{"P", "PC"}));
  EXPECT_EQ(plan->metrics.data_files_matched, 3);
  EXPECT_EQ(plan->metrics.delete_files_indexed, 6);
  EXPECT_EQ(plan->metrics.delete_files_applied, 5);  // PB is superseded by D
  EXPECT_EQ(plan->metrics.records_matched, 30);
  for (const FileScanTask& task : plan->tasks) {
    EXPECT_EQ(task.spec_id, 1);
    EXPECT_EQ(task.data_sequence_number, task.data_file->file_path.find("/C.") != std::string::npos ? 2 : 1);
    EXPECT_TRUE(task.data_file->lower_bounds.empty());  // stats dropped by default
  }
  auto live = LiveRecordCount(*io_, *table_, *plan->snapshot);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(*live, 30);
}

TEST_F(TableScanTest, SelectsSnapshots) {
  auto by_id = TableScan(io_, table_).UseSnapshot(1).Plan();
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  EXPECT_EQ(by_id->snapshot->snapshot_id, 1);
  EXPECT_EQ(by_id->tasks.size(), 2u);
  for (const auto& task : by_id->tasks) EXPECT_TRUE(task.delete_files.empty());

  auto by_tag = TableScan(io_, table_).UseRef("v1").Plan();
  ASSERT_TRUE(by_tag.ok());
  EXPECT_EQ(by_tag->snapshot->snapshot_id, 1);
  auto by_branch = TableScan(io_, table_).UseRef("main").Plan();
  ASSERT_TRUE(by_branch.ok());
  EXPECT_EQ(by_branch->snapshot->snapshot_id, 2);
  auto as_of = TableScan(io_, table_).AsOfTime(1500).Plan();
  ASSERT_TRUE(as_of.ok()) << as_of.status().ToString();
  EXPECT_EQ(as_of->snapshot->snapshot_id, 1);

  auto missing = TableScan(io_, table_).UseSnapshot(99).Plan();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kNotFound);
  auto missing_ref = TableScan(io_, table_).UseRef("nope").Plan();
  ASSERT_FALSE(missing_ref.ok());
  EXPECT_EQ(missing_ref.status().kind(), ErrorKind::kNotFound);
  EXPECT_FALSE(TableScan(io_, table_).AsOfTime(10).Plan().ok());

  auto empty = std::make_shared<TableMetadata>(*table_);
  empty->snapshots.clear();
  empty->snapshot_log.clear();
  empty->refs.clear();
  empty->current_snapshot_id.reset();
  empty->IndexSnapshots();
  auto none = TableScan(io_, empty).Plan();
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->snapshot, nullptr);
  EXPECT_TRUE(none->tasks.empty());
}

TEST_F(TableScanTest, PrunesManifestsPartitionsAndMetrics) {
  // category = 'b': m2 (only 'a') is skipped by its summaries; A by partition.
  auto plan = TableScan(io_, table_).Filter(Where("category = 'b'")).Plan();
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->tasks.size(), 1u);
  EXPECT_EQ(plan->tasks[0].data_file->file_path, "mem://t/data/B.parquet");
  EXPECT_EQ(plan->metrics.data_manifests_total, 2);
  EXPECT_EQ(plan->metrics.data_manifests_skipped, 1);
  EXPECT_EQ(plan->metrics.data_manifests_read, 1);
  EXPECT_EQ(plan->metrics.data_files_pruned_by_partition, 1);
  EXPECT_EQ(plan->metrics.data_files_pruned_by_metrics, 0);
  // Delete files in partition a cannot apply and are pruned too.
  EXPECT_EQ(plan->metrics.delete_files_pruned_by_partition, 3);
  EXPECT_EQ(Deletes(*plan).at("B"), (std::vector<std::string>{"D", "G"}));
  EXPECT_TRUE(plan->tasks[0].residual->Equals(*Where("category = 'b'")));

  // id > 25: only C's bounds (21-30) allow matches.
  plan = TableScan(io_, table_).Filter(Where("id > 25")).IncludeColumnStats(true).Plan();
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->tasks.size(), 1u);
  EXPECT_EQ(plan->tasks[0].data_file->file_path, "mem://t/data/C.parquet");
  EXPECT_EQ(plan->metrics.data_files_pruned_by_metrics, 2);
  EXPECT_EQ(plan->tasks[0].data_file->lower_bounds.at(1), LongBound(21));

  // Unknown columns are the caller's error.
  auto bad = TableScan(io_, table_).Filter(Where("nope = 1")).Plan();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().kind(), ErrorKind::kBadRequest);
}

}  // namespace
}  // namespace floe::iceberg
