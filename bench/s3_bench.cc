// S3FileIO throughput and latency against the server of a test script
// (test/s3/with_swift.sh or with_s3rver.sh provide FLOE_S3_*).
//
//   s3_bench get [MiB] [runs]   uploads an object (multipart), then reads it
//                               whole with parallel ranged GETs; best MB/s
//   s3_bench small [count]      p50/p90 latency of 4 KiB PUT and GET
//   s3_bench read [key] [runs]  reads an existing object whole (no upload)
// bench/s3_bench.sh runs both next to the AWS CLI doing the same.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "floe/io/s3_file_io.h"
#include "floe/io/s3_test_environment.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

int Fail(const floe::Status& status) {
  std::fprintf(stderr, "s3_bench: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace floe;
  std::string mode = argc > 1 ? argv[1] : "get";
  auto properties = io::S3TestProperties();
  if (!properties) {
    std::fprintf(stderr, "s3_bench: FLOE_S3_ENDPOINT is not set: run through test/s3/with_swift.sh\n");
    return 2;
  }
  if (const char* parallelism = std::getenv("FLOE_S3_READ_PARALLELISM")) {
    (*properties)["s3.read.parallelism"] = parallelism;
  }
  auto io = io::S3FileIO::Make(*properties);
  if (!io.ok()) return Fail(io.status());
  std::string prefix = "s3://" + io::S3TestBucket() + "/bench-" + std::to_string(::getpid()) + "/";
  if (mode == "get") {
    int64_t mib = argc > 2 ? std::atoll(argv[2]) : 256;
    int runs = argc > 3 ? std::atoi(argv[3]) : 3;
    std::string data(static_cast<size_t>(mib) << 20, '\0');
    for (size_t i = 0; i < data.size(); i += 4096) data[i] = static_cast<char>(i / 4096);
    std::string location = prefix + "large.bin";
    auto start = Clock::now();
    Status written = (*io)->WriteFile(location, data, io::WriteMode::kOverwrite);
    if (!written.ok()) return Fail(written);
    double put_seconds = Seconds(start);
    std::printf("PUT %lld MiB (multipart, %lld MiB parts): %.2f s, %.0f MB/s\n", static_cast<long long>(mib),
                static_cast<long long>((*io)->options().multipart_size >> 20), put_seconds,
                static_cast<double>(data.size()) / put_seconds / 1e6);
    double best = 1e9;
    for (int run = 0; run < runs; ++run) {
      start = Clock::now();
      auto read = (*io)->ReadFile(location);
      if (!read.ok()) return Fail(read.status());
      double seconds = Seconds(start);
      if (*read != data) return Fail(Status(ErrorKind::kInternal, "read back different bytes"));
      best = std::min(best, seconds);
      std::printf("GET run %d: %.3f s, %.0f MB/s\n", run + 1, seconds, static_cast<double>(data.size()) / seconds / 1e6);
    }
    std::printf("GET %lld MiB, %d parallel ranges of %lld MiB: best %.0f MB/s\n", static_cast<long long>(mib),
                (*io)->options().read_parallelism, static_cast<long long>((*io)->options().read_chunk_size >> 20),
                static_cast<double>(data.size()) / best / 1e6);
    (*io)->Delete(location).IgnoreError();
    return 0;
  }
  if (mode == "read") {
    // An existing object (bench/s3_client_ceiling.sh serves one with nginx).
    std::string location = "s3://" + io::S3TestBucket() + "/" + (argc > 2 ? argv[2] : "large.bin");
    int runs = argc > 3 ? std::atoi(argv[3]) : 3;
    double best = 1e9;
    size_t size = 0;
    for (int run = 0; run < runs; ++run) {
      auto start = Clock::now();
      auto read = (*io)->ReadFile(location);
      if (!read.ok()) return Fail(read.status());
      double seconds = Seconds(start);
      size = read->size();
      best = std::min(best, seconds);
      std::printf("GET run %d: %.3f s, %.0f MB/s\n", run + 1, seconds, static_cast<double>(size) / seconds / 1e6);
    }
    std::printf("GET %zu MiB, %d parallel ranges of %lld MiB: best %.0f MB/s\n", size >> 20,
                (*io)->options().read_parallelism, static_cast<long long>((*io)->options().read_chunk_size >> 20),
                static_cast<double>(size) / best / 1e6);
    return 0;
  }
  if (mode == "small") {
    int count = argc > 2 ? std::atoi(argv[2]) : 200;
    std::string payload(4096, 'x');
    std::vector<double> puts, gets;
    for (int i = 0; i < count; ++i) {
      std::string location = prefix + "small-" + std::to_string(i);
      auto start = Clock::now();
      Status written = (*io)->WriteFile(location, payload, io::WriteMode::kOverwrite);
      if (!written.ok()) return Fail(written);
      puts.push_back(Seconds(start) * 1000);
      start = Clock::now();
      auto read = (*io)->ReadFile(location);
      if (!read.ok()) return Fail(read.status());
      gets.push_back(Seconds(start) * 1000);
    }
    std::printf("floe S3FileIO 4 KiB PUT: p50 %.2f ms  p90 %.2f ms (%d)\n", Percentile(puts, 0.5),
                Percentile(puts, 0.9), count);
    std::printf("floe S3FileIO 4 KiB GET: p50 %.2f ms  p90 %.2f ms (HEAD + GET: ReadFile opens, then reads)\n",
                Percentile(gets, 0.5), Percentile(gets, 0.9));
    std::vector<std::string> locations;
    for (int i = 0; i < count; ++i) locations.push_back(prefix + "small-" + std::to_string(i));
    (*io)->DeleteMany(locations).IgnoreError();
    return 0;
  }
  std::fprintf(stderr, "usage: s3_bench get [MiB] [runs] | small [count] | read [key] [runs]\n");
  return 2;
}
