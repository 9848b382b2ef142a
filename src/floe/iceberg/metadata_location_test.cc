#include "floe/iceberg/metadata_location.h"

#include <gtest/gtest.h>

#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

TEST(MetadataLocationTest, VersionFromFileName) {
  EXPECT_EQ(MetadataFileVersion("s3://b/t/metadata/00012-6b9c1d2e.metadata.json"), 12);
  EXPECT_EQ(MetadataFileVersion("/t/metadata/v3.metadata.json"), 3);
  EXPECT_EQ(MetadataFileVersion("/t/metadata/v3.gz.metadata.json"), 3);
  EXPECT_EQ(MetadataFileVersion("/t/metadata/00001-a.gz.metadata.json"), 1);
  EXPECT_EQ(MetadataFileVersion("/t/metadata/snap-1.avro"), std::nullopt);
  EXPECT_EQ(MetadataFileVersion("/t/metadata/abc.metadata.json"), std::nullopt);
}

TEST(MetadataLocationTest, PicksHighestVersionOrHint) {
  io::MemoryFileIO io;
  auto put = [&](const std::string& loc) { ASSERT_TRUE(io.WriteFile(loc, "{}", io::WriteMode::kOverwrite).ok()); };
  put("mem://t/metadata/00001-aaaa.metadata.json");
  put("mem://t/metadata/00010-bbbb.metadata.json");
  put("mem://t/metadata/00002-cccc.metadata.json");
  put("mem://t/metadata/snap-1-1-x.avro");
  put("mem://t/metadata/old/00099-zzzz.metadata.json");  // nested: ignored
  EXPECT_EQ(*ResolveMetadataLocation(io, "mem://t"), "mem://t/metadata/00010-bbbb.metadata.json");
  EXPECT_EQ(*ResolveMetadataLocation(io, "mem://t/"), "mem://t/metadata/00010-bbbb.metadata.json");
  EXPECT_EQ(*ResolveMetadataLocation(io, "mem://t/metadata"), "mem://t/metadata/00010-bbbb.metadata.json");
  // A metadata file path is returned as is.
  EXPECT_EQ(*ResolveMetadataLocation(io, "mem://t/metadata/00002-cccc.metadata.json"),
            "mem://t/metadata/00002-cccc.metadata.json");

  io::MemoryFileIO hinted;
  ASSERT_TRUE(hinted.WriteFile("mem://h/metadata/v1.metadata.json", "{}", io::WriteMode::kOverwrite).ok());
  ASSERT_TRUE(hinted.WriteFile("mem://h/metadata/v2.metadata.json", "{}", io::WriteMode::kOverwrite).ok());
  ASSERT_TRUE(hinted.WriteFile("mem://h/metadata/version-hint.text", "1\n", io::WriteMode::kOverwrite).ok());
  EXPECT_EQ(*ResolveMetadataLocation(hinted, "mem://h"), "mem://h/metadata/v1.metadata.json");
}

TEST(MetadataLocationTest, MissingIsNotFound) {
  io::MemoryFileIO io;
  EXPECT_EQ(ResolveMetadataLocation(io, "mem://none").status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(ResolveMetadataLocation(io, "mem://none/metadata/v1.metadata.json").status().kind(),
            ErrorKind::kNotFound);
}

}  // namespace
}  // namespace floe::iceberg
