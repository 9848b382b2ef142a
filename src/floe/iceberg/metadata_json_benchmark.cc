// Parsing and serializing a ~1 MB table metadata file: a v2 table with a
// 24-column schema, two partition specs and ~1,300 snapshots whose summaries
// carry the usual Spark metrics, plus snapshot and metadata logs. The document
// is generated deterministically (fixed seed), so runs are comparable.
//
// Targets (Release): parse < 3 ms, serialize < 3 ms. BM_ParseJsonDom shows
// simdjson's share; the rest of parsing is building the model, whose cost is
// mostly allocating the snapshot summaries (std::map<std::string, std::string>).
#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include "floe/common/json.h"
#include "floe/iceberg/metadata_json.h"

namespace floe::iceberg {
namespace {

// A small deterministic generator (64-bit LCG), so the document never changes.
class Sequence {
 public:
  uint64_t Next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 11;
  }
  int64_t Below(int64_t bound) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(bound)); }

 private:
  uint64_t state_ = 42;
};

void WriteField(json::JsonWriter& writer, int id, const std::string& name, const char* type, bool required) {
  writer->StartObject();
  writer.Key("id");
  writer->Int(id);
  writer.Key("name");
  writer.String(name);
  writer.Key("required");
  writer->Bool(required);
  writer.Key("type");
  writer.String(type);
  writer->EndObject();
}

std::string GenerateMetadataJson(size_t target_bytes) {
  static const char* kTypes[] = {"long", "int", "string", "double", "date", "timestamptz", "decimal(18, 2)", "boolean"};
  constexpr int kColumns = 24;
  constexpr int64_t kFirstSnapshotMs = 1700000000000;
  // Each snapshot and its log entries take about 800 bytes.
  const int snapshot_count = static_cast<int>(target_bytes / 800);
  Sequence sequence;

  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("format-version");
  writer->Int(2);
  writer.Key("table-uuid");
  writer.String("9c12d441-03fe-4693-9a96-a0705ddf69c1");
  writer.Key("location");
  writer.String("s3://warehouse/analytics.db/events");
  writer.Key("last-sequence-number");
  writer->Int64(snapshot_count);
  writer.Key("last-updated-ms");
  writer->Int64(kFirstSnapshotMs + int64_t{snapshot_count} * 60000);
  writer.Key("last-column-id");
  writer->Int(kColumns);
  writer.Key("current-schema-id");
  writer->Int(0);
  writer.Key("schemas");
  writer->StartArray();
  writer->StartObject();
  writer.Key("type");
  writer.String("struct");
  writer.Key("schema-id");
  writer->Int(0);
  writer.Key("identifier-field-ids");
  writer->StartArray();
  writer->Int(1);
  writer->EndArray();
  writer.Key("fields");
  writer->StartArray();
  for (int id = 1; id <= kColumns; ++id) {
    WriteField(writer, id, "column_" + std::to_string(id), kTypes[(id - 1) % 8], id == 1);
  }
  writer->EndArray();
  writer->EndObject();
  writer->EndArray();
  writer.Key("default-spec-id");
  writer->Int(1);
  writer.Key("partition-specs");
  writer.Raw(R"([{"spec-id":0,"fields":[{"name":"column_5_day","transform":"day","source-id":5,"field-id":1000}]},)"
             R"({"spec-id":1,"fields":[{"name":"column_5_day","transform":"day","source-id":5,"field-id":1000},)"
             R"({"name":"column_3_bucket","transform":"bucket[16]","source-id":3,"field-id":1001}]}])");
  writer.Key("last-partition-id");
  writer->Int(1001);
  writer.Key("default-sort-order-id");
  writer->Int(1);
  writer.Key("sort-orders");
  writer.Raw(R"([{"order-id":0,"fields":[]},{"order-id":1,"fields":[{"transform":"identity","source-id":1,)"
             R"("direction":"asc","null-order":"nulls-first"}]}])");
  writer.Key("properties");
  writer.Raw(R"({"owner":"spark","write.format.default":"parquet","write.parquet.compression-codec":"zstd",)"
             R"("history.expire.max-snapshot-age-ms":"432000000","commit.retry.num-retries":"10"})");
  const int64_t last_snapshot_id = 1000000000000 + snapshot_count;
  writer.Key("current-snapshot-id");
  writer->Int64(last_snapshot_id);
  writer.Key("refs");
  writer->StartObject();
  writer.Key("main");
  writer->StartObject();
  writer.Key("snapshot-id");
  writer->Int64(last_snapshot_id);
  writer.Key("type");
  writer.String("branch");
  writer->EndObject();
  writer->EndObject();

  writer.Key("snapshots");
  writer->StartArray();
  int64_t total_records = 0;
  int64_t total_files = 0;
  int64_t total_size = 0;
  for (int i = 1; i <= snapshot_count; ++i) {
    const int64_t snapshot_id = 1000000000000 + i;
    const int64_t added_records = 1000 + sequence.Below(1000000);
    const int64_t added_files = 1 + sequence.Below(40);
    const int64_t added_size = added_files * (1000000 + sequence.Below(100000000));
    total_records += added_records;
    total_files += added_files;
    total_size += added_size;
    writer->StartObject();
    writer.Key("sequence-number");
    writer->Int64(i);
    writer.Key("snapshot-id");
    writer->Int64(snapshot_id);
    if (i > 1) {
      writer.Key("parent-snapshot-id");
      writer->Int64(snapshot_id - 1);
    }
    writer.Key("timestamp-ms");
    writer->Int64(kFirstSnapshotMs + int64_t{i} * 60000);
    writer.Key("summary");
    writer->StartObject();
    const std::pair<const char*, std::string> summary[] = {
        {"operation", "append"},
        {"spark.app.id", "local-" + std::to_string(1700000000000 + sequence.Below(1000000))},
        {"added-data-files", std::to_string(added_files)},
        {"added-records", std::to_string(added_records)},
        {"added-files-size", std::to_string(added_size)},
        {"changed-partition-count", std::to_string(1 + sequence.Below(8))},
        {"total-records", std::to_string(total_records)},
        {"total-files-size", std::to_string(total_size)},
        {"total-data-files", std::to_string(total_files)},
        {"total-delete-files", "0"},
        {"total-position-deletes", "0"},
        {"total-equality-deletes", "0"},
        {"engine-version", "3.5.1"},
        {"iceberg-version", "Apache Iceberg 1.9.0 (commit 7f879b11366e17a676a03f15247a821751415529)"},
    };
    for (const auto& [key, value] : summary) {
      writer.Key(key);
      writer.String(value);
    }
    writer->EndObject();
    writer.Key("manifest-list");
    writer.String("s3://warehouse/analytics.db/events/metadata/snap-" + std::to_string(snapshot_id) +
                  "-1-1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b.avro");
    writer.Key("schema-id");
    writer->Int(0);
    writer->EndObject();
  }
  writer->EndArray();
  writer.Key("statistics");
  writer->StartArray();
  writer->EndArray();
  writer.Key("partition-statistics");
  writer->StartArray();
  writer->EndArray();
  writer.Key("snapshot-log");
  writer->StartArray();
  for (int i = 1; i <= snapshot_count; ++i) {
    writer->StartObject();
    writer.Key("timestamp-ms");
    writer->Int64(kFirstSnapshotMs + int64_t{i} * 60000);
    writer.Key("snapshot-id");
    writer->Int64(1000000000000 + i);
    writer->EndObject();
  }
  writer->EndArray();
  writer.Key("metadata-log");
  writer->StartArray();
  for (int i = 1; i <= 100; ++i) {
    writer->StartObject();
    writer.Key("timestamp-ms");
    writer->Int64(kFirstSnapshotMs + int64_t{i} * 60000);
    writer.Key("metadata-file");
    writer.String("s3://warehouse/analytics.db/events/metadata/" + std::to_string(100000 + i) +
                  "-6b9c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4.metadata.json");
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
  return writer.Take();
}

const std::string& MetadataJson() {
  static const std::string json = GenerateMetadataJson(1 << 20);
  return json;
}

// Parse and then release the model, as a reader that loads a table and drops
// it does: includes freeing ~35,000 small objects (mostly summary map entries).
void BM_ParseAndReleaseTableMetadata(benchmark::State& state) {
  const std::string& json = MetadataJson();
  for (auto _ : state) {
    auto metadata = ParseTableMetadata(json);
    if (!metadata.ok()) {
      state.SkipWithError(metadata.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(metadata);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
  state.counters["json_bytes"] = static_cast<double>(json.size());
}
BENCHMARK(BM_ParseAndReleaseTableMetadata)->Unit(benchmark::kMillisecond);

// The share of simdjson itself: the same document parsed into a DOM only.
void BM_ParseJsonDom(benchmark::State& state) {
  const std::string& json = MetadataJson();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root;
    if (parser.parse(json.data(), json.size(), true).get(root)) {
      state.SkipWithError("invalid JSON");
      break;
    }
    benchmark::DoNotOptimize(root);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseJsonDom)->Unit(benchmark::kMillisecond);

// Parsing alone: each result is released outside the timed region.
void BM_ParseTableMetadata(benchmark::State& state) {
  const std::string& json = MetadataJson();
  for (auto _ : state) {
    auto metadata = ParseTableMetadata(json);
    state.PauseTiming();
    if (!metadata.ok()) {
      state.SkipWithError(metadata.status().ToString().c_str());
      break;
    }
    metadata = Status(ErrorKind::kInternal, "released");
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseTableMetadata)->Unit(benchmark::kMillisecond);

void BM_SerializeTableMetadata(benchmark::State& state) {
  auto metadata = ParseTableMetadata(MetadataJson());
  if (!metadata.ok()) {
    state.SkipWithError(metadata.status().ToString().c_str());
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) {
    std::string json = SerializeTableMetadata(**metadata);
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SerializeTableMetadata)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace floe::iceberg

BENCHMARK_MAIN();
