// What applying delete files costs a scan: one table of ROWS rows (id bigint,
// name varchar; one Parquet file, zstd) read by SQL without deletes, then
// with position deletes of 10% of the rows, then with equality deletes on id
// of 10% of the rows, each best of RUNS (see docs/BENCHMARKS.md).
//
// Usage: delete_scan_bench DIRECTORY [ROWS] [RUNS]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "floe/engine/delete_filter.h"
#include "floe/engine/engine.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/parquet/file_writer.h"

namespace {

using namespace floe;
using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "delete_scan_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Check(Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what, result.status());
  return std::move(*result);
}
void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what, status);
}

class Bench {
 public:
  explicit Bench(const std::filesystem::path& directory) {
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory / "warehouse");
    auto store = Check(catalog::OpenCatalogStore((directory / "catalog.db").string()), "catalog");
    file_io_ = Check(io::FileIOForLocation((directory / "warehouse").string()), "warehouse");
    catalog::CatalogOptions options;
    options.warehouse = (directory / "warehouse").string();
    catalog_ = std::make_shared<catalog::Catalog>(store, file_io_, options);
    engine_ = std::make_unique<engine::Engine>(catalog_, file_io_);
  }

  std::string Run(const std::string& sql) {
    auto result = Check(engine_->Execute(session_, sql), sql);
    std::string text;
    columnar::Batch batch;
    while (Check(result->Next(&batch), sql)) {
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          text += (c > 0 ? "|" : "") + engine::FormatCell(*batch.columns[c], r, result->columns()[c].type);
        }
      }
    }
    return text;
  }

  std::string Location(const std::string& table, const std::string& name) {
    auto loaded = Check(catalog_->LoadTable(Identifier(table)), "load");
    return loaded.metadata->location + "/data/" + name;
  }
  static catalog::TableIdentifier Identifier(const std::string& table) {
    return catalog::TableIdentifier{catalog::Namespace{{"b"}}, table};
  }

  iceberg::DataFile WriteFile(const std::string& location, std::vector<parquet::WriteField> schema,
                              std::vector<std::shared_ptr<Vector>> columns, iceberg::DataFileContent content) {
    auto writer = Check(parquet::ParquetWriter::Make(Check(file_io_->CreateOutput(location, io::WriteMode::kFailIfExists), location),
                                                     std::move(schema)),
                        location);
    int64_t rows = columns[0]->length;
    columnar::Batch batch;
    batch.num_rows = rows;
    batch.columns = std::move(columns);
    Check(writer->Write(batch), location);
    Check(writer->Close(), location);
    iceberg::DataFile file;
    file.content = content;
    file.file_path = location;
    file.record_count = rows;
    file.file_size_in_bytes = writer->metrics().file_size;
    return file;
  }

  void Commit(const std::string& table, const std::vector<iceberg::DataFile>& data,
              const std::vector<iceberg::DataFile>& deletes) {
    auto loaded = Check(catalog_->LoadTable(Identifier(table)), "load");
    const iceberg::TableMetadata& metadata = *loaded.metadata;
    int64_t snapshot_id = ++last_snapshot_id_;
    iceberg::SnapshotPtr parent = metadata.SnapshotForRef(iceberg::SnapshotRef::kMainBranch);
    std::vector<iceberg::ManifestFile> manifests;
    auto write_manifest = [&](const std::vector<iceberg::DataFile>& files, iceberg::ManifestContent content) {
      if (files.empty()) return;
      iceberg::ManifestWriterOptions options;
      options.format_version = 2;
      options.content = content;
      options.snapshot_id = snapshot_id;
      std::string location = metadata.location + "/metadata/m-" + std::to_string(snapshot_id) + "-" +
                             std::to_string(static_cast<int>(content)) + ".avro";
      auto writer = Check(iceberg::ManifestWriter::Open(*file_io_, location, metadata.DefaultSpec(),
                                                        metadata.CurrentSchema(), options),
                          location);
      for (const auto& file : files) Check(writer->Add(file), location);
      auto manifest = Check(writer->Close(), location);
      manifest.added_snapshot_id = snapshot_id;
      manifests.push_back(manifest);
    };
    write_manifest(data, iceberg::ManifestContent::kData);
    write_manifest(deletes, iceberg::ManifestContent::kDeletes);
    if (parent) {
      auto existing = Check(iceberg::ReadSnapshotManifests(*file_io_, metadata, *parent), "manifests");
      manifests.insert(manifests.end(), existing.begin(), existing.end());
    }
    iceberg::ManifestListWriterOptions list_options;
    list_options.format_version = 2;
    list_options.snapshot_id = snapshot_id;
    if (parent) list_options.parent_snapshot_id = parent->snapshot_id;
    list_options.sequence_number = metadata.last_sequence_number + 1;
    std::string list_location = metadata.location + "/metadata/snap-" + std::to_string(snapshot_id) + ".avro";
    auto list = Check(iceberg::ManifestListWriter::Open(*file_io_, list_location, list_options), list_location);
    Check(list->AddAll(manifests), list_location);
    Check(list->Close(), list_location);
    auto snapshot = std::make_shared<iceberg::Snapshot>();
    snapshot->snapshot_id = snapshot_id;
    if (parent) snapshot->parent_snapshot_id = parent->snapshot_id;
    snapshot->sequence_number = list_options.sequence_number;
    snapshot->timestamp_ms = metadata.last_updated_ms + 1;
    snapshot->manifest_list = list_location;
    snapshot->schema_id = metadata.current_schema_id;
    snapshot->summary["operation"] = deletes.empty() ? "append" : "overwrite";
    catalog::TableCommit commit;
    commit.identifier = Identifier(table);
    commit.updates.push_back(iceberg::AddSnapshotUpdate{snapshot});
    iceberg::SnapshotRef ref;
    ref.snapshot_id = snapshot_id;
    ref.type = iceberg::SnapshotRefType::kBranch;
    commit.updates.push_back(iceberg::SetSnapshotRefUpdate{std::string(iceberg::SnapshotRef::kMainBranch), ref});
    Check(catalog_->UpdateTable(commit).status(), "commit");
  }

 private:
  std::shared_ptr<io::FileIO> file_io_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<engine::Engine> engine_;
  engine::Session session_;
  int64_t last_snapshot_id_ = 1000;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: delete_scan_bench DIRECTORY [ROWS] [RUNS]\n");
    return 2;
  }
  int64_t rows = argc > 2 ? std::stoll(argv[2]) : 1000000;
  int runs = argc > 3 ? std::stoi(argv[3]) : 3;
  // Everything goes in (and is removed with) a subdirectory of DIRECTORY.
  std::filesystem::path directory = std::filesystem::path(argv[1]) / "floe-delete-scan-bench";
  Bench bench(directory);
  bench.Run("CREATE SCHEMA b");
  const std::vector<parquet::WriteField> data_schema = {
      parquet::WriteField{1, "id", false, parquet::WriteField::Type::kLong},
      parquet::WriteField{2, "name", false, parquet::WriteField::Type::kString}};
  auto ids = Vector::Make(DataType::Primitive(TypeId::kInt64));
  auto names = Vector::Make(DataType::Primitive(TypeId::kString));
  for (int64_t id = 0; id < rows; ++id) {
    ids->Append(id);
    names->AppendBytes("name-" + std::to_string(id % 1000));
  }
  // Three tables over copies of the same data: without deletes, with
  // position deletes of every 10th row, with equality deletes of every id
  // ending in 5 (also 10%).
  for (const char* table : {"plain", "positions", "equality"}) {
    bench.Run(std::string("CREATE TABLE b.") + table + " (id bigint, name varchar) WITH (format_version = 2)");
    auto data = bench.WriteFile(bench.Location(table, "data.parquet"), data_schema, {ids, names},
                                iceberg::DataFileContent::kData);
    bench.Commit(table, {data}, {});
    if (std::string(table) == "positions") {
      auto paths = Vector::Make(DataType::Primitive(TypeId::kString));
      auto positions = Vector::Make(DataType::Primitive(TypeId::kInt64));
      for (int64_t p = 0; p < rows; p += 10) {
        paths->AppendBytes(data.file_path);
        positions->Append(p);
      }
      auto deletes = bench.WriteFile(
          bench.Location(table, "pos.parquet"),
          {parquet::WriteField{engine::kDeleteFilePathFieldId, "file_path", true, parquet::WriteField::Type::kString},
           parquet::WriteField{engine::kDeleteFilePositionFieldId, "pos", true, parquet::WriteField::Type::kLong}},
          {paths, positions}, iceberg::DataFileContent::kPositionDeletes);
      bench.Commit(table, {}, {deletes});
    } else if (std::string(table) == "equality") {
      auto keys = Vector::Make(DataType::Primitive(TypeId::kInt64));
      for (int64_t id = 5; id < rows; id += 10) keys->Append(id);
      auto deletes = bench.WriteFile(bench.Location(table, "eq.parquet"),
                                     {parquet::WriteField{1, "id", false, parquet::WriteField::Type::kLong}}, {keys},
                                     iceberg::DataFileContent::kEqualityDeletes);
      deletes.equality_ids = {1};
      bench.Commit(table, {}, {deletes});
    }
  }
  std::printf("%lld rows, best of %d\n", static_cast<long long>(rows), runs);
  std::printf("| query | no deletes | position deletes (10%%) | ratio | equality deletes (10%%) | ratio |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const char* query : {"SELECT count(*) FROM b.%s", "SELECT sum(id), count(DISTINCT name) FROM b.%s"}) {
    double best[3] = {1e9, 1e9, 1e9};
    std::string answers[3];
    const char* tables[3] = {"plain", "positions", "equality"};
    for (int run = 0; run < runs; ++run) {
      for (int t = 0; t < 3; ++t) {
        char sql[256];
        std::snprintf(sql, sizeof sql, query, tables[t]);
        auto start = std::chrono::steady_clock::now();
        answers[t] = bench.Run(sql);
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best[t] = std::min(best[t], seconds);
      }
    }
    char shown[256];
    std::snprintf(shown, sizeof shown, query, "t");
    std::printf("| `%s` | %.3f s | %.3f s | %.2f | %.3f s | %.2f |\n", shown, best[0], best[1], best[1] / best[0],
                best[2], best[2] / best[0]);
    std::fprintf(stderr, "answers: %s / %s / %s\n", answers[0].c_str(), answers[1].c_str(), answers[2].c_str());
  }
  std::filesystem::remove_all(directory);
  return 0;
}
