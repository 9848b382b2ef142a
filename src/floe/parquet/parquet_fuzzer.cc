// libFuzzer target: parses arbitrary bytes as a column index, an offset
// index and a bloom filter, then opens them as a Parquet file, reads every
// row group in small batches, reads every chunk's page index and bloom
// filter, and scans with predicates pruned by them. Built only with -DFLOE_FUZZ=ON (clang); see
// README.md for the command. Any crash, sanitizer report, hang or
// out-of-memory is a bug: corrupt input must only ever produce an error.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <memory>
#include <string>

#include "floe/io/memory_file_io.h"
#include "floe/parquet/bloom_filter.h"
#include "floe/parquet/file_reader.h"

namespace {

// Page index and bloom filter paths of an opened file: read every index and
// filter, then scan with an equality and a range predicate per leaf column
// (values taken from the column index when there is one).
void FuzzPruning(floe::parquet::ParquetReader& reader) {
  using floe::parquet::ColumnPredicate;
  std::vector<ColumnPredicate> predicates;
  int columns = static_cast<int>(reader.schema().columns().size());
  for (int g = 0; g < reader.num_row_groups() && g < 8; ++g) {
    for (int c = 0; c < columns && c < 32; ++c) {
      (void)reader.ReadOffsetIndex(g, c);
      auto column_index = reader.ReadColumnIndex(g, c);
      auto filter = reader.ReadBloomFilter(g, c);
      if (filter.ok() && filter->has_value()) (void)(*filter)->MightContain(0x9E3779B97F4A7C15ULL);
      if (g == 0 && column_index.ok() && column_index->has_value() && !(*column_index)->min_values.empty()) {
        const std::string& min = (*column_index)->min_values[0];
        int64_t number = 0;
        std::memcpy(&number, min.data(), std::min<size_t>(min.size(), 8));
        predicates.push_back({c, ColumnPredicate::Op::kEqual, min});
        predicates.push_back({c, ColumnPredicate::Op::kGreaterOrEqual, number});
      } else if (g == 0) {
        predicates.push_back({c, ColumnPredicate::Op::kIsNotNull, std::monostate{}});
      }
    }
  }
  for (size_t i = 0; i < predicates.size() && i < 8; ++i) {
    auto scan = reader.Scan({}, {predicates[i]});
    if (!scan.ok()) continue;
    floe::columnar::Batch batch;
    for (int n = 0; n < 1000; ++n) {
      auto more = (*scan)->Next(&batch);
      if (!more.ok() || !*more) break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The index and filter parsers on their own.
  (void)floe::parquet::ParseColumnIndex(data, size);
  (void)floe::parquet::ParseOffsetIndex(data, size);
  if (auto filter = floe::parquet::BloomFilter::Parse(data, size); filter.ok()) {
    (void)filter->MightContain(size);
  }
  floe::io::MemoryFileIO io;
  if (!io.Publish("mem://fuzz.parquet", std::string(reinterpret_cast<const char*>(data), size),
                  floe::io::WriteMode::kOverwrite)
           .ok()) {
    return 0;
  }
  floe::parquet::ReaderOptions options;
  options.batch_rows = 64;
  options.max_page_bytes = 16 << 20;  // stay inside libFuzzer's memory limit
  options.verify_page_checksums = (size & 1) != 0;
  auto reader = floe::parquet::ParquetReader::Open(io, "mem://fuzz.parquet", options);
  if (!reader.ok()) return 0;
  auto batches = (*reader)->ReadRowGroups({}, {});
  if (!batches.ok()) return 0;
  floe::columnar::Batch batch;
  for (int i = 0; i < 10000; ++i) {
    auto more = (*batches)->Next(&batch);
    if (!more.ok() || !*more) break;
    for (const auto& column : batch.columns) {
      if (column->length > 0) (void)floe::columnar::FormatValue(*column, column->length - 1);
    }
  }
  FuzzPruning(**reader);
  return 0;
}
