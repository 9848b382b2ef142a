// parquet_bench: floe's Parquet writer and reader on a TPC-H-lineitem-like
// file (16 columns, zstd), generated deterministically.
//   parquet_bench write PATH [ROWS [REPEAT]]  writes the file (default 6,000,000 rows), prints the
//                                             time spent in Write/Close (best of REPEAT)
//   parquet_bench read PATH [REPEAT]  reads every column into batches, prints the best time and
//                                     the peak RSS against the largest row group's uncompressed size
// test/parquet/bench_duckdb.mjs times DuckDB (threads=1) on the same file.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "floe/columnar/vector.h"
#include "floe/io/file_io.h"
#include "floe/parquet/file_reader.h"
#include "floe/parquet/file_writer.h"

namespace floe::parquet {
namespace {

using columnar::Batch;
using columnar::Vector;
using Type = WriteField::Type;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of the process (user + system), which a loaded machine disturbs
// less than wall time.
double CpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

std::vector<WriteField> LineitemSchema() {
  std::vector<std::pair<std::string, Type>> columns = {
      {"l_orderkey", Type::kLong},     {"l_partkey", Type::kLong},      {"l_suppkey", Type::kLong},
      {"l_linenumber", Type::kInt},    {"l_quantity", Type::kDecimal},  {"l_extendedprice", Type::kDecimal},
      {"l_discount", Type::kDecimal},  {"l_tax", Type::kDecimal},       {"l_returnflag", Type::kString},
      {"l_linestatus", Type::kString}, {"l_shipdate", Type::kDate},     {"l_commitdate", Type::kDate},
      {"l_receiptdate", Type::kDate},  {"l_shipinstruct", Type::kString}, {"l_shipmode", Type::kString},
      {"l_comment", Type::kString}};
  std::vector<WriteField> schema;
  for (size_t i = 0; i < columns.size(); ++i) {
    WriteField field;
    field.field_id = static_cast<int32_t>(i + 1);
    field.name = columns[i].first;
    field.type = columns[i].second;
    field.required = true;
    if (field.type == Type::kDecimal) {
      field.precision = 15;
      field.scale = 2;
    }
    schema.push_back(field);
  }
  return schema;
}

struct Rng {
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  uint64_t Next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
};

int WriteOnce(const std::string& path, int64_t rows, double* seconds, double* cpu_seconds);

int Write(const std::string& path, int64_t rows, int repeat) {
  double best = 1e30;
  double best_cpu = 1e30;
  for (int i = 0; i < std::max(repeat, 1); ++i) {
    double seconds = 0;
    double cpu = 0;
    if (int code = WriteOnce(path, rows, &seconds, &cpu); code != 0) return code;
    best = std::min(best, seconds);
    best_cpu = std::min(best_cpu, cpu);
  }
  if (repeat > 1) {
    fmt::print("floe write: best of {}: {:.3f} s wall, {:.3f} s CPU, {:.2f} Mrows/s\n", repeat, best, best_cpu,
               rows / best / 1e6);
  }
  return 0;
}

int WriteOnce(const std::string& path, int64_t rows, double* seconds, double* cpu_seconds) {
  auto file_io = io::FileIOForLocation(path);
  if (!file_io.ok()) return std::fprintf(stderr, "%s\n", file_io.status().message().c_str()), 1;
  std::remove(path.c_str());
  auto output = (*file_io)->CreateOutput(path, io::WriteMode::kOverwrite);
  if (!output.ok()) return std::fprintf(stderr, "%s\n", output.status().message().c_str()), 1;
  WriterOptions options;
  options.codec = Codec::kZstd;
  auto writer = ParquetWriter::Make(std::move(*output), LineitemSchema(), options);
  if (!writer.ok()) return std::fprintf(stderr, "%s\n", writer.status().message().c_str()), 1;
  static const char* flags[] = {"A", "N", "R"};
  static const char* line_status[] = {"F", "O"};
  static const char* instruct[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
  static const char* modes[] = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  static const char* words[] = {"furiously", "quickly", "carefully", "blithely", "slyly", "ironic", "final",
                                "pending", "regular", "express", "deposits", "packages", "accounts", "requests"};
  Rng rng;
  double generate = 0;
  double write = 0;
  double write_cpu = 0;
  int64_t order = 1;
  int line = 1;
  const int64_t batch_rows = 65536;
  for (int64_t start = 0; start < rows; start += batch_rows) {
    auto t0 = std::chrono::steady_clock::now();
    int64_t n = std::min(batch_rows, rows - start);
    Batch batch;
    batch.num_rows = n;
    for (const auto& f : (*writer)->columnar_schema()) batch.columns.push_back(Vector::Make(f.type));
    auto& c = batch.columns;
    for (int64_t r = 0; r < n; ++r) {
      if (line > rng.Range(1, 7)) {
        order += rng.Range(1, 4);
        line = 1;
      }
      int64_t quantity = rng.Range(1, 50);
      int64_t price = quantity * rng.Range(90000, 110000);
      int32_t ship = static_cast<int32_t>(rng.Range(8036, 10561));
      c[0]->Append<int64_t>(order);
      c[1]->Append<int64_t>(rng.Range(1, 200000));
      c[2]->Append<int64_t>(rng.Range(1, 10000));
      c[3]->Append<int32_t>(line++);
      c[4]->Append<__int128>(quantity * 100);
      c[5]->Append<__int128>(price);
      c[6]->Append<__int128>(rng.Range(0, 10));
      c[7]->Append<__int128>(rng.Range(0, 8));
      c[8]->AppendBytes(flags[rng.Next() % 3]);
      c[9]->AppendBytes(line_status[rng.Next() % 2]);
      c[10]->Append<int32_t>(ship);
      c[11]->Append<int32_t>(ship + static_cast<int32_t>(rng.Range(-60, 60)));
      c[12]->Append<int32_t>(ship + static_cast<int32_t>(rng.Range(1, 30)));
      c[13]->AppendBytes(instruct[rng.Next() % 4]);
      c[14]->AppendBytes(modes[rng.Next() % 7]);
      std::string comment;
      int words_n = static_cast<int>(rng.Range(2, 6));
      for (int w = 0; w < words_n; ++w) {
        if (w) comment += ' ';
        comment += words[rng.Next() % 14];
      }
      c[15]->AppendBytes(comment);
    }
    generate += Seconds(t0);
    auto t1 = std::chrono::steady_clock::now();
    double c1 = CpuSeconds();
    Status status = (*writer)->Write(batch);
    if (!status.ok()) return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
    write += Seconds(t1);
    write_cpu += CpuSeconds() - c1;
  }
  auto t2 = std::chrono::steady_clock::now();
  double c2 = CpuSeconds();
  Status status = (*writer)->Close();
  if (!status.ok()) return std::fprintf(stderr, "%s\n", status.message().c_str()), 1;
  write += Seconds(t2);
  write_cpu += CpuSeconds() - c2;
  fmt::print("floe write: {} rows, {} bytes, {:.3f} s writing ({:.3f} s CPU) (+{:.3f} s generating), {:.2f} Mrows/s\n",
             rows, (*writer)->metrics().file_size, write, write_cpu, generate, rows / write / 1e6);
  *seconds = write;
  *cpu_seconds = write_cpu;
  return 0;
}

int Read(const std::string& path, int repeat) {
  double best = 1e30;
  double best_cpu = 1e30;
  int64_t rows = 0;
  for (int i = 0; i < repeat; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    auto file_io = io::FileIOForLocation(path);
    if (!file_io.ok()) return std::fprintf(stderr, "%s\n", file_io.status().message().c_str()), 1;
    auto reader = ParquetReader::Open(**file_io, path);
    if (!reader.ok()) return std::fprintf(stderr, "%s\n", reader.status().message().c_str()), 1;
    auto batches = (*reader)->ReadRowGroups({}, {});
    if (!batches.ok()) return std::fprintf(stderr, "%s\n", batches.status().message().c_str()), 1;
    Batch batch;
    rows = 0;
    while (true) {
      auto more = (*batches)->Next(&batch);
      if (!more.ok()) return std::fprintf(stderr, "%s\n", more.status().message().c_str()), 1;
      if (!*more) break;
      rows += batch.num_rows;
    }
    best = std::min(best, Seconds(t0));
    best_cpu = std::min(best_cpu, CpuSeconds() - c0);
  }
  fmt::print("floe read: {} rows, 16 columns, best of {}: {:.3f} s wall, {:.3f} s CPU, {:.2f} Mrows/s\n", rows, repeat,
             best, best_cpu, rows / best / 1e6);
  // Peak memory of the whole process (binary, libraries and the reader)
  // against the largest row group's uncompressed size.
  int64_t largest = 0;
  {
    auto file_io = io::FileIOForLocation(path);
    auto reader = ParquetReader::Open(**file_io, path);
    if (reader.ok()) {
      for (const RowGroup& group : (*reader)->metadata().row_groups) largest = std::max(largest, group.total_byte_size);
    }
  }
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double peak = static_cast<double>(usage.ru_maxrss) * 1024;
  fmt::print("floe read: peak RSS {:.1f} MB, largest row group {:.1f} MB uncompressed, ratio {:.2f}\n", peak / 1e6,
             largest / 1e6, largest > 0 ? peak / static_cast<double>(largest) : 0.0);
  return 0;
}

}  // namespace
}  // namespace floe::parquet

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s write PATH [ROWS [REPEAT]] | read PATH [REPEAT]\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "write") {
    return floe::parquet::Write(argv[2], argc > 3 ? std::atoll(argv[3]) : 6'000'000, argc > 4 ? std::atoi(argv[4]) : 1);
  }
  if (mode == "read") return floe::parquet::Read(argv[2], argc > 3 ? std::atoi(argv[3]) : 3);
  std::fprintf(stderr, "unknown mode %s\n", argv[1]);
  return 2;
}
