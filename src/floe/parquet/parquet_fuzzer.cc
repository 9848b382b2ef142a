// libFuzzer target: opens arbitrary bytes as a Parquet file and reads every
// row group in small batches. Built only with -DFLOE_FUZZ=ON (clang); see
// README.md for the command. Any crash, sanitizer report, hang or
// out-of-memory is a bug: corrupt input must only ever produce an error.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "floe/io/memory_file_io.h"
#include "floe/parquet/file_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
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
  return 0;
}
