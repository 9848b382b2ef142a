// S3FileIO against a real server started by test/s3/with_swift.sh (Swift
// s3api, which checks SigV4) or test/s3/with_s3rver.sh. Skips without one.
// The FileIO contract suite (file_io_test.cc) is linked into this binary too.
#include <cstdlib>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "floe/io/s3_file_io.h"
#include "floe/io/s3_test_environment.h"

namespace floe::io {
namespace {

class S3FileIOTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto properties = S3TestProperties();
    if (!properties) GTEST_SKIP() << "no S3 server: run through test/s3/with_swift.sh";
    properties_ = *properties;
    io_ = Make();
    prefix_ = "s3://" + S3TestBucket() + "/s3-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
  }
  void TearDown() override {
    if (!io_) return;
    std::vector<std::string> locations;
    for (const auto& file : io_->List(prefix_).value_or(std::vector<FileInfo>{})) locations.push_back(file.location);
    io_->DeleteMany(locations).IgnoreError();
  }
  std::shared_ptr<S3FileIO> Make(const std::map<std::string, std::string>& overrides = {}) {
    auto properties = properties_;
    for (const auto& [key, value] : overrides) properties[key] = value;
    auto io = S3FileIO::Make(properties);
    EXPECT_TRUE(io.ok()) << io.status().ToString();
    return io.ok() ? *io : nullptr;
  }
  static std::string Pattern(size_t size, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::string data(size, '\0');
    for (size_t i = 0; i < size; i += 8) {
      uint64_t value = random();
      std::memcpy(data.data() + i, &value, std::min<size_t>(8, size - i));
    }
    return data;
  }

  std::map<std::string, std::string> properties_;
  std::shared_ptr<S3FileIO> io_;
  std::string prefix_;
};

TEST_F(S3FileIOTest, MultipartUploadOfThreePartsStreamedFromTheWriter) {
  auto io = Make({{"s3.multipart.size", std::to_string(5 << 20)}});
  std::string data = Pattern((16 << 20) + 12345, 1);  // 4 parts of 5 MiB, the last one short
  std::string location = prefix_ + "large.parquet";
  auto out = *io->CreateOutput(location, WriteMode::kFailIfExists);
  for (size_t offset = 0; offset < data.size(); offset += 999'983) {
    ASSERT_TRUE(out->Write(data.data() + offset, std::min<size_t>(999'983, data.size() - offset)).ok());
  }
  // Parts are already uploaded, but nothing is visible before Close().
  EXPECT_FALSE(*io->Exists(location));
  ASSERT_TRUE(out->Close().ok());
  auto in = *io->OpenInput(location);
  EXPECT_EQ(*in->Size(), static_cast<int64_t>(data.size()));
  std::string read = *in->ReadAll();
  EXPECT_TRUE(read == data) << "the multipart object differs from what was written";
  // Ranges across part boundaries, fetched in parallel.
  std::vector<ByteRange> ranges = {{(5 << 20) - 10, 20}, {0, 1}, {(10 << 20) - 3, 7}, {static_cast<int64_t>(data.size()) - 5, 5}, {123, 0}};
  std::vector<std::string> parts;
  Status read_ranges = in->ReadRanges(ranges, &parts);
  ASSERT_TRUE(read_ranges.ok()) << read_ranges.ToString();
  for (size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_EQ(parts[i], data.substr(static_cast<size_t>(ranges[i].offset), static_cast<size_t>(ranges[i].length)))
        << "range " << i;
  }
  auto listed = *io->List(prefix_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].size, static_cast<int64_t>(data.size()));
  EXPECT_GT(listed[0].modified_ms, 0);
}

TEST_F(S3FileIOTest, LargeReadsAreSplitIntoParallelRangedGets) {
  auto io = Make({{"s3.read.chunk-size", "65536"}, {"s3.read.parallelism", "4"}});
  std::string data = Pattern(1'000'003, 2);
  std::string location = prefix_ + "chunks.bin";
  ASSERT_TRUE(io->WriteFile(location, data, WriteMode::kOverwrite).ok());
  auto in = *io->OpenInput(location);
  std::string middle(700'001, '\0');
  ASSERT_TRUE(in->ReadAt(150'000, 700'001, reinterpret_cast<uint8_t*>(middle.data())).ok());
  EXPECT_TRUE(middle == data.substr(150'000, 700'001));
  EXPECT_EQ(in->ReadAt(1'000'000, 4, reinterpret_cast<uint8_t*>(middle.data())).kind(), ErrorKind::kInvalidData);
}

TEST_F(S3FileIOTest, ListsAndBatchDeletesMoreThanAThousandKeys) {
  constexpr int kFiles = 1234;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      for (int i = w; i < kFiles; i += 8) {
        if (!io_->WriteFile(prefix_ + "data/" + std::to_string(i) + ".parquet", "x", WriteMode::kOverwrite).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& writer : writers) writer.join();
  ASSERT_EQ(failures, 0);
  auto listing = io_->List(prefix_ + "data/");
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  auto listed = *listing;
  ASSERT_EQ(listed.size(), static_cast<size_t>(kFiles));
  std::set<std::string> unique;
  for (const auto& file : listed) unique.insert(file.location);
  EXPECT_EQ(unique.size(), static_cast<size_t>(kFiles));
  EXPECT_TRUE(unique.count(prefix_ + "data/1233.parquet"));
  std::vector<std::string> locations(unique.begin(), unique.end());
  locations.push_back(prefix_ + "data/never-written.parquet");  // missing keys are fine
  ASSERT_TRUE(io_->DeleteMany(locations).ok());
  EXPECT_TRUE(io_->List(prefix_ + "data/")->empty());
}

TEST_F(S3FileIOTest, KeysWithSpecialCharactersAndOtherSchemes) {
  std::string key = "odd keys/a b+c=d&e'f(1)~é.json";
  ASSERT_TRUE(io_->WriteFile(prefix_ + key, "{}", WriteMode::kFailIfExists).ok());
  EXPECT_EQ(*io_->ReadFile(prefix_ + key), "{}");
  // s3a:// and s3n:// name the same objects; listings keep the scheme asked for.
  std::string s3a_prefix = "s3a" + prefix_.substr(2);
  auto listed = *io_->List(s3a_prefix + "odd keys/");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].location, s3a_prefix + key);
  EXPECT_EQ(*io_->ReadFile("s3n" + prefix_.substr(2) + key), "{}");
}

TEST_F(S3FileIOTest, VirtualHostedAddressing) {
  std::string endpoint = S3TestEnv("FLOE_S3_VIRTUAL_HOSTED_ENDPOINT");
  if (endpoint.empty()) GTEST_SKIP() << "the test script offers no virtual-hosted endpoint";
  auto io = Make({{"s3.endpoint", endpoint}, {"s3.path-style-access", "false"}});
  std::string location = prefix_ + "virtual/hosted.json";
  Status written = io->WriteFile(location, "{\"a\":1}", WriteMode::kFailIfExists);
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(*io->ReadFile(location), "{\"a\":1}");
  EXPECT_EQ(*io_->ReadFile(location), "{\"a\":1}");  // the same object, path-style
  auto listed = io->List(prefix_ + "virtual/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(S3FileIOTest, WrongSecretSaysTheSecretIsWrong) {
  if (S3TestEnv("FLOE_S3_SIGNATURE_CHECKED") != "1") GTEST_SKIP() << "this server does not check signatures";
  auto io = Make({{"s3.secret-access-key", "not-the-secret"}});
  Status written = io->WriteFile(prefix_ + "x.json", "{}", WriteMode::kFailIfExists);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.message().find("SignatureDoesNotMatch"), std::string::npos) << written.message();
  EXPECT_NE(written.message().find("secret access key is wrong"), std::string::npos) << written.message();
  EXPECT_NE(written.message().find("s3.secret-access-key"), std::string::npos) << written.message();
  auto listed = io->List(prefix_);
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.status().message().find("SignatureDoesNotMatch"), std::string::npos);
  Status reachable = io->CheckReachable(prefix_);
  EXPECT_NE(reachable.message().find("SignatureDoesNotMatch"), std::string::npos);
}

TEST_F(S3FileIOTest, AccessDeniedNamesTheKeyAndBucket) {
  std::string key_id = S3TestEnv("FLOE_S3_UNPRIVILEGED_ACCESS_KEY_ID");
  if (key_id.empty()) GTEST_SKIP() << "the test script has no unprivileged user";
  ASSERT_TRUE(io_->WriteFile(prefix_ + "private.json", "{}", WriteMode::kFailIfExists).ok());
  auto io = Make({{"s3.access-key-id", key_id},
                  {"s3.secret-access-key", S3TestEnv("FLOE_S3_UNPRIVILEGED_SECRET_ACCESS_KEY")}});
  auto read = io->ReadFile(prefix_ + "private.json");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("AccessDenied"), std::string::npos) << read.status().message();
  EXPECT_NE(read.status().message().find("'" + key_id + "'"), std::string::npos) << read.status().message();
  Status written = io->WriteFile(prefix_ + "other.json", "{}", WriteMode::kOverwrite);
  EXPECT_NE(written.message().find("AccessDenied"), std::string::npos) << written.message();
  EXPECT_NE(io->CheckReachable(prefix_).message().find("AccessDenied"), std::string::npos);
}

TEST_F(S3FileIOTest, MissingBucketIsNamed) {
  std::string location = "s3://floe-no-such-bucket/t/metadata/v1.json";
  Status written = io_->WriteFile(location, "{}", WriteMode::kFailIfExists);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.message().find("NoSuchBucket"), std::string::npos) << written.message();
  EXPECT_NE(written.message().find("'floe-no-such-bucket' does not exist"), std::string::npos) << written.message();
  auto read = io_->ReadFile(location);
  EXPECT_NE(read.status().message().find("floe-no-such-bucket"), std::string::npos) << read.status().message();
  EXPECT_FALSE(io_->Exists(location).ok());  // a missing bucket is not a missing file
  EXPECT_NE(io_->List("s3://floe-no-such-bucket/t/").status().message().find("NoSuchBucket"), std::string::npos);
  EXPECT_NE(io_->CheckReachable("s3://floe-no-such-bucket/").message().find("NoSuchBucket"), std::string::npos);
  EXPECT_TRUE(io_->CheckReachable(prefix_).ok());
}

TEST_F(S3FileIOTest, ServerKilledMidUploadLeavesNoObjectAndAClearError) {
  std::string kill = S3TestEnv("FLOE_S3_KILL_COMMAND"), start = S3TestEnv("FLOE_S3_START_COMMAND");
  if (kill.empty() || start.empty()) GTEST_SKIP() << "the test script gives no way to stop the server";
  auto io = Make({{"s3.multipart.size", std::to_string(5 << 20)},
                  {"s3.retry.total-timeout-ms", "1500"},
                  {"s3.retry.min-wait-ms", "50"},
                  {"s3.retry.max-wait-ms", "200"}});
  std::string location = prefix_ + "interrupted.parquet";
  std::string data = Pattern(11 << 20, 3);
  auto out = *io->CreateOutput(location, WriteMode::kFailIfExists);
  ASSERT_TRUE(out->Write(data.data(), 10 << 20).ok());  // two parts uploaded
  ASSERT_EQ(std::system(kill.c_str()), 0);
  Status status = out->Write(data.data() + (10 << 20), 1 << 20);
  if (status.ok()) status = out->Close();
  // Once aborted, the file keeps reporting the failure.
  EXPECT_EQ(out->Close().message(), status.message());
  ASSERT_EQ(std::system(start.c_str()), 0);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kIOError);
  EXPECT_NE(status.message().find("cannot reach the S3 endpoint"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("interrupted.parquet"), std::string::npos) << status.message();
  EXPECT_FALSE(*io_->Exists(location));
  EXPECT_TRUE(io_->List(prefix_)->empty());
  // The same happens to a small single-PUT object.
  auto small = *io->CreateOutput(prefix_ + "small.json", WriteMode::kFailIfExists);
  ASSERT_TRUE(small->Write("{}").ok());
  ASSERT_EQ(std::system(kill.c_str()), 0);
  Status closed = small->Close();
  ASSERT_EQ(std::system(start.c_str()), 0);
  EXPECT_NE(closed.message().find("cannot reach the S3 endpoint"), std::string::npos) << closed.message();
  EXPECT_FALSE(*io_->Exists(prefix_ + "small.json"));
}

}  // namespace
}  // namespace floe::io
