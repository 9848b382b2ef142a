#include <filesystem>

#include <gtest/gtest.h>

#include "floe/io/local_file_io.h"
#include "floe/io/memory_file_io.h"
#include "floe/io/s3_file_io.h"
#include "floe/io/s3_test_environment.h"

namespace floe::io {
namespace {

// Runs the same contract tests over every FileIO implementation.
class FileIOContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "local") {
      root_ = (std::filesystem::temp_directory_path() /
               ("floe-io-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                  .string();
      std::filesystem::remove_all(root_);
      io_ = std::make_unique<LocalFileIO>();
      prefix_ = "file://" + root_ + "/";
    } else if (GetParam() == "s3") {
      auto properties = S3TestProperties();
      if (!properties) GTEST_SKIP() << "no S3 server: run through test/s3/with_swift.sh";
      io_ = std::make_unique<S3FileIO>(*S3Options::FromProperties(*properties));
      prefix_ = "s3://" + S3TestBucket() + "/contract-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
    } else {
      io_ = std::make_unique<MemoryFileIO>();
      prefix_ = "mem://bucket/";
    }
  }
  void TearDown() override {
    if (!root_.empty()) std::filesystem::remove_all(root_);
    if (GetParam() == "s3" && io_) {
      std::vector<std::string> locations;
      for (const auto& file : io_->List(prefix_).value_or(std::vector<FileInfo>{})) locations.push_back(file.location);
      io_->DeleteMany(locations).IgnoreError();
    }
  }
  std::string root_, prefix_;
  std::unique_ptr<FileIO> io_;
};

TEST_P(FileIOContractTest, WriteReadRangesAndDelete) {
  std::string loc = prefix_ + "a/b/data.bin";
  Status written = io_->WriteFile(loc, "hello world", WriteMode::kFailIfExists);
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(*io_->ReadFile(loc), "hello world");
  auto in = *io_->OpenInput(loc);
  EXPECT_EQ(*in->Size(), 11);
  uint8_t buf[5];
  ASSERT_TRUE(in->ReadAt(6, 5, buf).ok());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 5), "world");
  std::vector<std::string> parts;
  ASSERT_TRUE(in->ReadRanges({{0, 5}, {6, 5}}, &parts).ok());
  EXPECT_EQ(parts[0], "hello");
  EXPECT_EQ(parts[1], "world");
  // Reading past the end is an error, not a short read.
  Status past = in->ReadAt(8, 10, buf);
  EXPECT_EQ(past.kind(), ErrorKind::kInvalidData);
  EXPECT_TRUE(*io_->Exists(loc));
  ASSERT_TRUE(io_->Delete(loc).ok());
  EXPECT_FALSE(*io_->Exists(loc));
  EXPECT_TRUE(io_->Delete(loc).ok());  // idempotent
  EXPECT_EQ(io_->OpenInput(loc).status().kind(), ErrorKind::kNotFound);
}

TEST_P(FileIOContractTest, FailIfExistsNeverOverwrites) {
  std::string loc = prefix_ + "metadata/00001.metadata.json";
  ASSERT_TRUE(io_->WriteFile(loc, "first", WriteMode::kFailIfExists).ok());
  Status again = io_->WriteFile(loc, "second", WriteMode::kFailIfExists);
  EXPECT_EQ(again.kind(), ErrorKind::kAlreadyExists);
  EXPECT_EQ(*io_->ReadFile(loc), "first");
  ASSERT_TRUE(io_->WriteFile(loc, "third", WriteMode::kOverwrite).ok());
  EXPECT_EQ(*io_->ReadFile(loc), "third");
}

TEST_P(FileIOContractTest, RacingCreatorsOneWins) {
  // Two writers open the same new location; only the first Close() publishes.
  std::string loc = prefix_ + "race.json";
  auto a = *io_->CreateOutput(loc, WriteMode::kFailIfExists);
  auto b = *io_->CreateOutput(loc, WriteMode::kFailIfExists);
  ASSERT_TRUE(a->Write("a").ok());
  ASSERT_TRUE(b->Write("b").ok());
  ASSERT_TRUE(a->Close().ok());
  EXPECT_EQ(b->Close().kind(), ErrorKind::kAlreadyExists);
  EXPECT_EQ(*io_->ReadFile(loc), "a");
}

TEST_P(FileIOContractTest, AbortedWriteLeavesNothing) {
  std::string loc = prefix_ + "partial.parquet";
  {
    auto out = *io_->CreateOutput(loc, WriteMode::kFailIfExists);
    ASSERT_TRUE(out->Write("partial bytes").ok());
    EXPECT_EQ(out->Position(), 13);
    // destroyed without Close(): aborted
  }
  EXPECT_FALSE(*io_->Exists(loc));
  auto listed = *io_->List(prefix_);
  EXPECT_TRUE(listed.empty()) << listed.size() << " files left behind, first: " << listed[0].location;
}

TEST_P(FileIOContractTest, ListByPrefix) {
  ASSERT_TRUE(io_->WriteFile(prefix_ + "t/metadata/v1.json", "1", WriteMode::kFailIfExists).ok());
  ASSERT_TRUE(io_->WriteFile(prefix_ + "t/data/a.parquet", "22", WriteMode::kFailIfExists).ok());
  ASSERT_TRUE(io_->WriteFile(prefix_ + "t/data/b.parquet", "333", WriteMode::kFailIfExists).ok());
  ASSERT_TRUE(io_->WriteFile(prefix_ + "u/data/c.parquet", "4", WriteMode::kFailIfExists).ok());
  auto data = *io_->List(prefix_ + "t/data/");
  ASSERT_EQ(data.size(), 2u);
  int64_t total = 0;
  for (const auto& f : data) {
    EXPECT_TRUE(f.location.starts_with(prefix_ + "t/data/")) << f.location;
    total += f.size;
  }
  EXPECT_EQ(total, 5);
  EXPECT_EQ(io_->List(prefix_ + "t/")->size(), 3u);
  EXPECT_TRUE(io_->List(prefix_ + "nothing/")->empty());
}

#ifdef FLOE_S3_CONTRACT_ONLY
// s3_file_io_test: the same contract against the server of the test script.
INSTANTIATE_TEST_SUITE_P(S3, FileIOContractTest, ::testing::Values("s3"));
#else
INSTANTIATE_TEST_SUITE_P(AllFileIOs, FileIOContractTest, ::testing::Values("local", "memory"));
#endif

}  // namespace
}  // namespace floe::io

#ifndef FLOE_S3_CONTRACT_ONLY

#include "floe/io/relocating_file_io.h"

namespace floe::io {
namespace {

TEST(RelocatingFileIOTest, MapsLongestPrefixAndListsInOriginalForm) {
  auto memory = std::make_shared<MemoryFileIO>();
  ASSERT_TRUE(memory->WriteFile("mem://copy/t/metadata/v1.metadata.json", "{}", WriteMode::kFailIfExists).ok());
  ASSERT_TRUE(memory->WriteFile("mem://other/x", "x", WriteMode::kFailIfExists).ok());
  RelocatingFileIO io(memory, {*ParseLocationMapping("s3://bucket=mem://wrong"),
                               *ParseLocationMapping("s3://bucket/warehouse=mem://copy")});
  EXPECT_EQ(io.Map("s3://bucket/warehouse/t/a"), "mem://copy/t/a");
  EXPECT_EQ(io.Map("s3://bucket/other"), "mem://wrong/other");
  EXPECT_EQ(io.Map("mem://other/x"), "mem://other/x");  // no mapping: unchanged
  EXPECT_EQ(*io.ReadFile("s3://bucket/warehouse/t/metadata/v1.metadata.json"), "{}");
  auto listed = *io.List("s3://bucket/warehouse/t/");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].location, "s3://bucket/warehouse/t/metadata/v1.metadata.json");
  EXPECT_FALSE(ParseLocationMapping("no-equals").ok());
}

}  // namespace
}  // namespace floe::io
#endif
