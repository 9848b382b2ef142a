// Manifest reading and scan planning throughput.
//
//   build-rel/bin/manifest_benchmark
//
// Manifests hold entries with realistic metrics for a 16-column table (sizes,
// value/null counts for every column, NaN counts for the 4 double columns,
// lower/upper bounds for every column: longs, doubles, 8-24 byte strings,
// ints, dates, booleans), two partition fields and split offsets. Reported:
// entries/s for reading with all metrics, with only the metrics of one
// column, and with none; and the time to plan a selective scan over 10,000
// entries in 10 manifests (target: < 20 ms).
#include <benchmark/benchmark.h>

#include <cstring>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "floe/iceberg/expression_parser.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/iceberg/table_scan.h"
#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

constexpr int kColumns = 16;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
constexpr int32_t kFirstDay = 19000;

TypeId ColumnType(int column) {
  static constexpr TypeId kTypes[kColumns] = {
      TypeId::kLong,   TypeId::kTimestampTz, TypeId::kDouble, TypeId::kDouble, TypeId::kDouble, TypeId::kDouble,
      TypeId::kString, TypeId::kString,      TypeId::kString, TypeId::kString, TypeId::kInt,    TypeId::kInt,
      TypeId::kInt,    TypeId::kInt,         TypeId::kDate,   TypeId::kBoolean};
  return kTypes[column - 1];
}

SchemaPtr BenchmarkSchema() {
  std::vector<NestedField> fields;
  for (int column = 1; column <= kColumns; ++column) {
    NestedField field;
    field.id = column;
    field.name = column == 1 ? "id" : column == 2 ? "ts" : column == 7 ? "region" : fmt::format("c{}", column);
    field.type = PrimitiveType::Get(ColumnType(column));
    field.required = column == 1;
    fields.push_back(std::move(field));
  }
  return *Schema::Make(0, std::move(fields));
}

PartitionSpecPtr BenchmarkSpec() {
  return std::make_shared<PartitionSpec>(
      0, std::vector<PartitionField>{
             {.source_id = 2, .source_ids = {}, .field_id = 1000, .name = "ts_day", .transform = Transform::Day()},
             {.source_id = 7, .source_ids = {}, .field_id = 1001, .name = "region", .transform = Transform::Identity()}});
}

template <typename T>
std::string Bytes(T value) {
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

// Data file number `n` of the table: ids [n*1000, n*1000+999], day kFirstDay + day.
DataFile BenchmarkFile(int64_t n, int32_t day) {
  DataFile file;
  file.file_path = fmt::format("s3://warehouse/db/events/data/ts_day={}/region=eu-{}/{:08d}-0-{:016x}.parquet", day,
                               n % 4, n, n * 2654435761u);
  file.file_format = FileFormat::kParquet;
  file.partition = {Literal(int32_t{kFirstDay + day}), Literal(fmt::format("eu-{}", n % 4))};
  file.record_count = 1000;
  file.file_size_in_bytes = 4'000'000 + n;
  const int64_t low_id = n * 1000;
  for (int column = 1; column <= kColumns; ++column) {
    file.column_sizes[column] = 100'000 + column * 1000 + n % 1000;
    file.value_counts[column] = 1000;
    file.null_value_counts[column] = column == 1 ? 0 : n % 7;
    std::string lower, upper;
    switch (ColumnType(column)) {
      case TypeId::kLong:
        lower = Bytes<int64_t>(low_id);
        upper = Bytes<int64_t>(low_id + 999);
        break;
      case TypeId::kTimestampTz:
        lower = Bytes<int64_t>((kFirstDay + day) * kMicrosPerDay + 1000);
        upper = Bytes<int64_t>((kFirstDay + day) * kMicrosPerDay + 80'000'000'000);
        break;
      case TypeId::kDouble:
        file.nan_value_counts[column] = 0;
        lower = Bytes<double>(-1.5 * column);
        upper = Bytes<double>(1000.25 * column + n);
        break;
      case TypeId::kString:
        lower = fmt::format("alpha-{}-{}", column, n % 97);
        upper = fmt::format("zulu-{}-{:010d}-end", column, n);
        break;
      case TypeId::kInt:
        lower = Bytes<int32_t>(-column);
        upper = Bytes<int32_t>(static_cast<int32_t>(column * 1000 + n % 1000));
        break;
      case TypeId::kDate:
        lower = Bytes<int32_t>(kFirstDay + day);
        upper = Bytes<int32_t>(kFirstDay + day);
        break;
      default:
        lower = std::string(1, '\0');
        upper = std::string(1, '\1');
        break;
    }
    file.lower_bounds[column] = std::move(lower);
    file.upper_bounds[column] = std::move(upper);
  }
  file.split_offsets = {4, 1'048'576, 2'097'152};
  file.sort_order_id = 0;
  return file;
}

struct ManifestFixture {
  std::shared_ptr<io::MemoryFileIO> io = std::make_shared<io::MemoryFileIO>();
  SchemaPtr schema = BenchmarkSchema();
  PartitionSpecPtr spec = BenchmarkSpec();
  std::shared_ptr<TableMetadata> table;
  std::vector<ManifestFile> manifests;
};

ManifestFile WriteManifest(ManifestFixture& f, const std::string& location, int64_t first, int64_t count,
                           int32_t first_day, int32_t days, avro::Codec codec) {
  ManifestWriterOptions options;
  options.snapshot_id = 1;
  options.codec = codec;
  auto writer = ManifestWriter::Open(*f.io, location, f.spec, f.schema, options);
  if (!writer.ok()) throw std::runtime_error(writer.status().ToString());
  for (int64_t n = first; n < first + count; ++n) {
    Status s = (*writer)->Add(BenchmarkFile(n, first_day + static_cast<int32_t>((n - first) * days / count)));
    if (!s.ok()) throw std::runtime_error(s.ToString());
  }
  auto manifest = (*writer)->Close();
  if (!manifest.ok()) throw std::runtime_error(manifest.status().ToString());
  manifest->sequence_number = 1;
  manifest->min_sequence_number = 1;
  return *manifest;
}

// One manifest of `entries` entries per (size, codec), written once.
const ManifestFixture& SingleManifest(int64_t entries, avro::Codec codec) {
  static std::map<std::pair<int64_t, int>, std::unique_ptr<ManifestFixture>> cache;
  auto& slot = cache[{entries, static_cast<int>(codec)}];
  if (!slot) {
    slot = std::make_unique<ManifestFixture>();
    slot->manifests.push_back(WriteManifest(*slot, "mem://t/metadata/m.avro", 0, entries, 0, 30, codec));
    auto table = std::make_shared<TableMetadata>();
    table->schemas = {slot->schema};
    table->partition_specs = {slot->spec};
    slot->table = table;
  }
  return *slot;
}

void ReadManifestBenchmark(benchmark::State& state, ManifestReadOptions options) {
  const int64_t entries = state.range(0);
  const auto codec = static_cast<avro::Codec>(state.range(1));
  const ManifestFixture& f = SingleManifest(entries, codec);
  for (auto _ : state) {
    auto reader = ManifestReader::Open(*f.io, f.manifests[0], f.table.get(), options);
    if (!reader.ok()) state.SkipWithError(reader.status().ToString().c_str());
    ManifestEntry entry;
    int64_t read = 0;
    while (true) {
      auto more = (*reader)->Next(&entry);
      if (!more.ok() || !*more) break;
      benchmark::DoNotOptimize(entry.data_file.record_count);
      ++read;
    }
    if (read != entries) state.SkipWithError("short read");
  }
  state.SetItemsProcessed(state.iterations() * entries);
  state.counters["bytes/entry"] = static_cast<double>(f.manifests[0].manifest_length) / static_cast<double>(entries);
}

void BM_ReadManifest_AllStats(benchmark::State& state) { ReadManifestBenchmark(state, {}); }
void BM_ReadManifest_OneColumnStats(benchmark::State& state) {
  ReadManifestBenchmark(state, {.column_stats = true, .stats_column_ids = {1}});
}
void BM_ReadManifest_NoStats(benchmark::State& state) {
  ReadManifestBenchmark(state, {.column_stats = false, .stats_column_ids = {}});
}

void BM_ReadManifest_ReadAll(benchmark::State& state) {
  const int64_t entries = state.range(0);
  const ManifestFixture& f = SingleManifest(entries, static_cast<avro::Codec>(state.range(1)));
  for (auto _ : state) {
    auto all = ReadManifest(*f.io, f.manifests[0], f.table.get());
    if (!all.ok() || static_cast<int64_t>(all->size()) != entries) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(all);
  }
  state.SetItemsProcessed(state.iterations() * entries);
}

#define MANIFEST_SIZES                                                                               \
  ArgNames({"entries", "codec"})                                                                     \
      ->Args({10'000, static_cast<int64_t>(avro::Codec::kNull)})                                     \
      ->Args({100'000, static_cast<int64_t>(avro::Codec::kNull)})                                    \
      ->Args({10'000, static_cast<int64_t>(avro::Codec::kDeflate)})                                  \
      ->Args({100'000, static_cast<int64_t>(avro::Codec::kDeflate)})                                 \
      ->Args({100'000, static_cast<int64_t>(avro::Codec::kZstandard)})                               \
      ->Unit(benchmark::kMillisecond)

BENCHMARK(BM_ReadManifest_AllStats)->MANIFEST_SIZES;
BENCHMARK(BM_ReadManifest_OneColumnStats)->MANIFEST_SIZES;
BENCHMARK(BM_ReadManifest_NoStats)->MANIFEST_SIZES;
BENCHMARK(BM_ReadManifest_ReadAll)->MANIFEST_SIZES;

// A table of 10,000 data files in 10 manifests of 1,000 (each manifest covers
// 3 days of a 30-day range), with one snapshot.
const ManifestFixture& PlanningTable() {
  static std::unique_ptr<ManifestFixture> fixture = [] {
    auto f = std::make_unique<ManifestFixture>();
    for (int m = 0; m < 10; ++m) {
      f->manifests.push_back(WriteManifest(*f, fmt::format("mem://t/metadata/m{}.avro", m), m * 1000, 1000, m * 3, 3,
                                           avro::Codec::kDeflate));
    }
    ManifestListWriterOptions options;
    options.snapshot_id = 1;
    options.sequence_number = 1;
    auto list = ManifestListWriter::Open(*f->io, "mem://t/metadata/snap-1.avro", options);
    if (!list.ok() || !(*list)->AddAll(f->manifests).ok() || !(*list)->Close().ok()) throw std::runtime_error("list");
    auto table = std::make_shared<TableMetadata>();
    table->format_version = 2;
    table->location = "mem://t";
    table->schemas = {f->schema};
    table->partition_specs = {f->spec};
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->snapshot_id = 1;
    snapshot->sequence_number = 1;
    snapshot->manifest_list = "mem://t/metadata/snap-1.avro";
    snapshot->summary = {{"operation", "append"}};
    table->snapshots = {snapshot};
    table->current_snapshot_id = 1;
    table->last_sequence_number = 1;
    table->IndexSnapshots();
    f->table = table;
    return f;
  }();
  return *fixture;
}

void PlanBenchmark(benchmark::State& state, const char* filter_text, int64_t expected_files) {
  const ManifestFixture& f = PlanningTable();
  auto filter = ParsePredicate(filter_text);
  if (!filter.ok()) state.SkipWithError(filter.status().ToString().c_str());
  ScanMetrics metrics;
  for (auto _ : state) {
    auto plan = TableScan(f.io, f.table).Filter(*filter).Plan();
    if (!plan.ok()) {
      state.SkipWithError(plan.status().ToString().c_str());
      break;
    }
    metrics = plan->metrics;
    benchmark::DoNotOptimize(plan);
  }
  if (expected_files >= 0 && metrics.data_files_matched != expected_files) {
    state.SkipWithError(fmt::format("matched {} files", metrics.data_files_matched).c_str());
  }
  state.counters["manifests_read"] = static_cast<double>(metrics.data_manifests_read);
  state.counters["manifests_skipped"] = static_cast<double>(metrics.data_manifests_skipped);
  state.counters["files_matched"] = static_cast<double>(metrics.data_files_matched);
  state.counters["pruned_partition"] = static_cast<double>(metrics.data_files_pruned_by_partition);
  state.counters["pruned_metrics"] = static_cast<double>(metrics.data_files_pruned_by_metrics);
  state.SetItemsProcessed(state.iterations() * 10'000);
}

// Metrics only: ids 4,500,000-4,502,999 live in 3 files; every manifest is read.
void BM_PlanScan_IdRange(benchmark::State& state) {
  PlanBenchmark(state, "id >= 4500000 AND id < 4503000", 3);
}
// Partition and metrics: one day (manifest summaries skip 9 of 10 manifests),
// one region, and an id range.
void BM_PlanScan_DayRegionAndId(benchmark::State& state) {
  PlanBenchmark(state,
                "ts >= '2022-01-16T00:00:00+00:00' AND ts < '2022-01-17T00:00:00+00:00' AND region = 'eu-1' "
                "AND id < 5000000",
                -1);
}
// No filter: every file is planned.
void BM_PlanScan_Everything(benchmark::State& state) { PlanBenchmark(state, "true", 10'000); }

BENCHMARK(BM_PlanScan_IdRange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanScan_DayRegionAndId)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanScan_Everything)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace floe::iceberg

BENCHMARK_MAIN();
