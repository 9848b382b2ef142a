#include "floe/avro/container.h"

#include <gtest/gtest.h>

#include "floe/io/memory_file_io.h"

namespace floe::avro {
namespace {

constexpr std::string_view kSchema = R"({"type":"record","name":"entry","fields":[
  {"name":"id","type":"long","field-id":1},
  {"name":"path","type":"string","field-id":2},
  {"name":"score","type":["null","double"],"default":null,"field-id":3},
  {"name":"tags","type":{"type":"array","items":"string","element-id":5},"field-id":4},
  {"name":"counts","type":{"type":"map","values":"int","key-id":7,"value-id":8},"field-id":6},
  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["DATA","DELETES"]},"field-id":9},
  {"name":"hash","type":{"type":"fixed","name":"Hash","size":8},"field-id":10},
  {"name":"flag","type":"boolean","field-id":11},
  {"name":"ratio","type":"float","field-id":12},
  {"name":"blob","type":"bytes","field-id":13},
  {"name":"nothing","type":"null","field-id":14},
  {"name":"small","type":"int","field-id":15}
]})";

Datum MakeRecord(int64_t i) {
  return Datum::Record({
      Datum::Long(i * 1000003),
      Datum::String(fmt::format("s3://bucket/data/file-{:05}.parquet", i)),
      i % 4 == 0 ? Datum::Union(0, Datum::Null()) : Datum::Union(1, Datum::Double(static_cast<double>(i) / 7)),
      Datum::Array({Datum::String("a"), Datum::String(std::to_string(i))}),
      Datum::Map({"x", "y"}, {Datum::Int(static_cast<int32_t>(i)), Datum::Int(-1)}),
      Datum::Enum(static_cast<size_t>(i % 2)),
      Datum::Fixed(std::string(8, static_cast<char>('a' + i % 26))),
      Datum::Boolean(i % 3 == 0),
      Datum::Float(static_cast<float>(i) * 0.5f),
      Datum::Bytes(std::string(static_cast<size_t>(i % 5), '\x7f')),
      Datum::Null(),
      Datum::Int(static_cast<int32_t>(-i)),
  });
}

std::shared_ptr<const Schema> EntrySchema() {
  auto schema = Schema::Parse(kSchema);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

std::vector<Datum> ReadAll(ContainerReader& reader) {
  std::vector<Datum> records;
  Datum record;
  while (true) {
    auto more = reader.NextRecord(&record);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    records.push_back(record);
  }
  return records;
}

class CodecRoundTripTest : public ::testing::TestWithParam<Codec> {};

TEST_P(CodecRoundTripTest, WriteThenRead) {
  auto schema = EntrySchema();
  std::vector<Datum> records;
  for (int64_t i = 0; i < 2000; ++i) records.push_back(MakeRecord(i));
  ContainerWriterOptions options;
  options.codec = GetParam();
  options.block_size = 4096;  // many blocks
  options.metadata = {{"iceberg.schema", "{\"type\":\"struct\"}"}, {"format-version", "2"}};
  auto contents = WriteContainerToString(schema, records, options);
  ASSERT_TRUE(contents.ok()) << contents.status().ToString();

  auto reader = ContainerReader::Open(*contents, "entries.avro");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->codec(), GetParam());
  EXPECT_EQ((*reader)->FindMetadata("format-version"), "2");
  EXPECT_EQ((*reader)->FindMetadata("iceberg.schema"), "{\"type\":\"struct\"}");
  EXPECT_EQ((*reader)->FindMetadata("avro.codec"), CodecName(GetParam()));
  // The writer schema keeps every Iceberg property.
  EXPECT_EQ((*reader)->writer_schema()->ToJson(), schema->ToJson());
  EXPECT_EQ((*reader)->writer_schema()->root().fields[4].type->properties.Integer("value-id"), 8);
  EXPECT_EQ(ReadAll(**reader), records);

  // Block iteration sees the same records, in more than one block.
  (*reader)->Rewind();
  ContainerBlock block;
  int64_t blocks = 0;
  int64_t total = 0;
  while (true) {
    auto more = (*reader)->NextBlock(&block);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    EXPECT_EQ(block.index, blocks);
    Decoder decoder(block.data);
    for (int64_t i = 0; i < block.record_count; ++i) {
      Datum datum;
      ASSERT_TRUE(DecodeDatum(decoder, schema->root(), &datum).ok());
      EXPECT_EQ(datum, records[static_cast<size_t>(total + i)]);
    }
    EXPECT_TRUE(decoder.at_end());
    total += block.record_count;
    ++blocks;
  }
  EXPECT_EQ(total, 2000);
  EXPECT_GT(blocks, 10);
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecRoundTripTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(ContainerTest, StreamsToAnOutputFileAndReadsFromAnInputFile) {
  io::MemoryFileIO file_io;
  auto schema = EntrySchema();
  auto output = file_io.CreateOutput("mem://m/entries.avro", io::WriteMode::kFailIfExists);
  ASSERT_TRUE(output.ok());
  ContainerWriterOptions options;
  options.codec = Codec::kDeflate;
  SyncMarker sync{};
  sync.fill(0x5a);
  options.sync_marker = sync;
  auto writer = ContainerWriter::Open(std::move(output).value(), schema, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (int64_t i = 0; i < 10; ++i) ASSERT_TRUE((*writer)->Append(MakeRecord(i)).ok());
  // The fast path: encode the record directly.
  Encoder& encoder = (*writer)->record_encoder();
  ASSERT_TRUE(EncodeDatum(schema->root(), MakeRecord(10), encoder).ok());
  ASSERT_TRUE((*writer)->FinishRecord().ok());
  EXPECT_EQ((*writer)->records_written(), 11);
  // A record that does not fit the schema is rejected and leaves no trace.
  EXPECT_FALSE((*writer)->Append(Datum::Int(1)).ok());
  EXPECT_FALSE(file_io.Exists("mem://m/entries.avro").value());  // not visible before Close
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_GT((*writer)->file_position(), 0);

  auto input = file_io.OpenInput("mem://m/entries.avro");
  ASSERT_TRUE(input.ok());
  auto reader = ContainerReader::Open(**input);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->sync_marker(), sync);
  auto records = ReadAll(**reader);
  ASSERT_EQ(records.size(), 11u);
  EXPECT_EQ(records[10], MakeRecord(10));
}

TEST(ContainerTest, ReservedMetadataKeysAreRejected) {
  ContainerWriterOptions options;
  options.metadata = {{"avro.codec", "null"}};
  auto contents = WriteContainerToString(EntrySchema(), {}, options);
  ASSERT_FALSE(contents.ok());
  EXPECT_NE(contents.status().message().find("reserved"), std::string::npos);
}

TEST(ContainerTest, EmptyFileHasNoBlocks) {
  auto contents = WriteContainerToString(EntrySchema(), {});
  ASSERT_TRUE(contents.ok());
  auto reader = ContainerReader::Open(*contents);
  ASSERT_TRUE(reader.ok());
  ContainerBlock block;
  auto more = (*reader)->NextBlock(&block);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

// Reads every record, returning the first error (or OK).
Status ReadEverything(std::string contents) {
  FLOE_ASSIGN_OR_RETURN(auto reader, ContainerReader::Open(std::move(contents), "bad.avro"));
  Datum record;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, reader->NextRecord(&record));
    if (!more) return Status::OK();
  }
}

class CorruptionTest : public ::testing::TestWithParam<Codec> {};

TEST_P(CorruptionTest, EveryTruncationFailsCleanly) {
  std::vector<Datum> records;
  for (int64_t i = 0; i < 30; ++i) records.push_back(MakeRecord(i));
  ContainerWriterOptions options;
  options.codec = GetParam();
  options.block_size = 512;
  auto contents = WriteContainerToString(EntrySchema(), records, options);
  ASSERT_TRUE(contents.ok());
  for (size_t length = 0; length < contents->size(); ++length) {
    Status status = ReadEverything(contents->substr(0, length));
    // Cutting exactly after a block's sync marker leaves a shorter valid file.
    if (status.ok()) continue;
    EXPECT_EQ(status.kind(), ErrorKind::kInvalidData) << length << ": " << status.ToString();
    EXPECT_NE(status.message().find("bad.avro"), std::string::npos) << status.message();
    EXPECT_EQ(status.message().find('\n'), std::string::npos);
  }
}

TEST_P(CorruptionTest, EveryByteFlipFailsCleanlyOrDecodes) {
  std::vector<Datum> records;
  for (int64_t i = 0; i < 8; ++i) records.push_back(MakeRecord(i));
  ContainerWriterOptions options;
  options.codec = GetParam();
  auto contents = WriteContainerToString(EntrySchema(), records, options);
  ASSERT_TRUE(contents.ok());
  for (size_t position = 0; position < contents->size(); ++position) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string corrupt = *contents;
      corrupt[position] = static_cast<char>(corrupt[position] ^ mask);
      Status status = ReadEverything(corrupt);  // must not crash, hang or leak
      if (!status.ok()) {
        EXPECT_EQ(status.message().find('\n'), std::string::npos);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CorruptionTest,
                         ::testing::Values(Codec::kNull, Codec::kDeflate, Codec::kSnappy, Codec::kZstandard),
                         [](const auto& info) { return std::string(CodecName(info.param)); });

TEST(ContainerTest, SpecificCorruptionsGiveSpecificErrors) {
  std::vector<Datum> records = {MakeRecord(1), MakeRecord(2)};
  auto good = WriteContainerToString(EntrySchema(), records);
  ASSERT_TRUE(good.ok());
  auto reader = ContainerReader::Open(*good);
  ASSERT_TRUE(reader.ok());
  const size_t header = static_cast<size_t>((*reader)->header_size());

  auto expect_error = [](std::string contents, std::string_view expected) {
    Status status = ReadEverything(std::move(contents));
    ASSERT_FALSE(status.ok()) << expected;
    EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
  };
  expect_error("", "shorter than the 4-byte magic");
  expect_error("PAR1xxxxxxxx", "bad magic");
  std::string bad_sync = *good;
  bad_sync[bad_sync.size() - 1] ^= 1;
  expect_error(bad_sync, fmt::format("block 0 at offset {}: sync marker mismatch", header));
  std::string truncated = good->substr(0, good->size() - 20);
  expect_error(truncated, "truncated file");

  // A block header claiming a huge size.
  Encoder huge;
  huge.WriteLong(1);
  huge.WriteLong(int64_t{1} << 60);
  expect_error(good->substr(0, header) + std::string(huge.bytes()), "truncated file: block of 1152921504606846976 bytes");
  // A negative record count.
  Encoder negative;
  negative.WriteLong(-5);
  negative.WriteLong(0);
  expect_error(good->substr(0, header) + std::string(negative.bytes()), "negative record count -5");
  // A record count larger than the block can hold.
  Encoder too_many;
  too_many.WriteLong(1000000);
  too_many.WriteLong(2);
  expect_error(good->substr(0, header) + std::string(too_many.bytes()) + "\x02\x02" + good->substr(header - 16, 16),
               "record count 1000000 cannot fit in 2 bytes");
  // Trailing bytes after a block's records.
  Encoder padded;
  padded.WriteLong(0);
  padded.WriteLong(3);
  expect_error(good->substr(0, header) + std::string(padded.bytes()) + "abc" + good->substr(header - 16, 16),
               "3 bytes left over");
  // An unknown codec.
  ContainerWriterOptions options;
  auto schema_only = WriteContainerToString(EntrySchema(), {}, options);
  ASSERT_TRUE(schema_only.ok());
  std::string bzip = *schema_only;
  size_t codec_at = bzip.find("avro.codec\x08null");
  ASSERT_NE(codec_at, std::string::npos);
  bzip.replace(codec_at + 11, 4, "bzz2");
  auto opened = ContainerReader::Open(bzip, "x.avro");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().kind(), ErrorKind::kNotImplemented);
  EXPECT_EQ(opened.status().message(), "x.avro: unsupported Avro codec: bzz2");
}

TEST(ContainerTest, CorruptCompressedBlocks) {
  std::vector<Datum> records = {MakeRecord(1), MakeRecord(2)};
  for (Codec codec : {Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    ContainerWriterOptions options;
    options.codec = codec;
    auto good = WriteContainerToString(EntrySchema(), records, options);
    ASSERT_TRUE(good.ok());
    auto reader = ContainerReader::Open(*good);
    ASSERT_TRUE(reader.ok());
    size_t header = static_cast<size_t>((*reader)->header_size());
    std::string corrupt = *good;
    // Damage the middle of the compressed payload.
    size_t middle = header + (corrupt.size() - 16 - header) / 2;
    corrupt[middle] ^= 0x55;
    corrupt[middle + 1] ^= 0x55;
    Status status = ReadEverything(corrupt);
    EXPECT_FALSE(status.ok()) << CodecName(codec);
    EXPECT_NE(status.message().find("block 0"), std::string::npos) << status.message();
  }
}

TEST(ContainerTest, DecompressionIsBounded) {
  std::string zeros(1 << 20, '\0');
  for (Codec codec : {Codec::kDeflate, Codec::kSnappy, Codec::kZstandard}) {
    std::string compressed;
    ASSERT_TRUE(Compress(codec, zeros, 0, &compressed).ok());
    std::string output;
    Status status = Decompress(codec, compressed, 1000, &output);
    EXPECT_EQ(status.kind(), ErrorKind::kInvalidData) << CodecName(codec);
    EXPECT_NE(status.message().find("limit"), std::string::npos) << status.message();
    status = Decompress(codec, compressed, zeros.size(), &output);
    ASSERT_TRUE(status.ok()) << CodecName(codec) << ": " << status.ToString();
    EXPECT_EQ(output, zeros);
  }
}

TEST(ContainerTest, SnappyCrcIsVerified) {
  std::string compressed;
  ASSERT_TRUE(Compress(Codec::kSnappy, "hello hello hello", 0, &compressed).ok());
  compressed.back() ^= 1;
  std::string output;
  Status status = Decompress(Codec::kSnappy, compressed, 1000, &output);
  EXPECT_NE(status.message().find("CRC-32 mismatch"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace floe::avro
