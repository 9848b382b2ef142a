#include "floe/iceberg/deletion_vector.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <string>

namespace floe::iceberg {
namespace {

// --- Roaring and deletion vector encoders (RoaringFormatSpec) ---

void Put16(std::string* out, uint16_t v) { out->append(reinterpret_cast<const char*>(&v), 2); }
void Put32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }
void Put64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
void PutBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

// A 32-bit bitmap without run containers: one array container (key 0:
// values 1, 5, 9) and one bitset container (key 1: 5000 even values).
std::string Roaring32NoRuns() {
  std::string out;
  Put32(&out, 12346);
  Put32(&out, 2);          // containers
  Put16(&out, 0);          // key
  Put16(&out, 3 - 1);      // cardinality - 1
  Put16(&out, 1);
  Put16(&out, 5000 - 1);
  Put32(&out, 0);  // offsets (not used by the reader)
  Put32(&out, 0);
  Put16(&out, 1);
  Put16(&out, 5);
  Put16(&out, 9);
  std::vector<uint64_t> bits(1024, 0);
  for (uint32_t v = 0; v < 10000; v += 2) bits[v / 64] |= uint64_t{1} << (v % 64);
  for (uint64_t word : bits) Put64(&out, word);
  return out;
}

// A 32-bit bitmap with one run container (key 2: 100..103).
std::string Roaring32WithRun() {
  std::string out;
  Put32(&out, 12347 | (0u << 16));  // one container
  out.push_back(0x01);               // container 0 is a run container
  Put16(&out, 2);                    // key
  Put16(&out, 4 - 1);                // cardinality - 1
  Put16(&out, 1);                    // runs
  Put16(&out, 100);                  // start
  Put16(&out, 3);                    // length - 1
  return out;
}

std::string DeletionVectorBlob(const std::string& roaring64) {
  std::string body = "\xD1\xD3\x39\x64" + roaring64;
  std::string blob;
  PutBigEndian32(&blob, static_cast<uint32_t>(body.size()));
  blob += body;
  PutBigEndian32(&blob, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(body.data()),
                                                    static_cast<uInt>(body.size()))));
  return blob;
}

std::string TwoBucketBitmap() {
  std::string out;
  Put64(&out, 2);
  Put32(&out, 0);
  out += Roaring32NoRuns();
  Put32(&out, 1);  // high 32 bits = 1
  out += Roaring32WithRun();
  return out;
}

TEST(DeletionVectorTest, DecodesArrayBitsetAndRunContainersAcrossBuckets) {
  auto positions = DecodeDeletionVector(DeletionVectorBlob(TwoBucketBitmap()), "dv.puffin");
  ASSERT_TRUE(positions.ok()) << positions.status().message();
  ASSERT_EQ(positions->size(), 3u + 5000u + 4u);
  EXPECT_EQ((*positions)[0], 1);
  EXPECT_EQ((*positions)[1], 5);
  EXPECT_EQ((*positions)[2], 9);
  EXPECT_EQ((*positions)[3], 65536);          // key 1, value 0
  EXPECT_EQ((*positions)[4], 65536 + 2);
  EXPECT_EQ((*positions)[3 + 4999], 65536 + 9998);
  int64_t high = int64_t{1} << 32;
  EXPECT_EQ((*positions)[3 + 5000], high + (2 << 16) + 100);
  EXPECT_EQ(positions->back(), high + (2 << 16) + 103);
  EXPECT_TRUE(std::is_sorted(positions->begin(), positions->end()));
}

TEST(DeletionVectorTest, CorruptBlobsAreErrorsNamingTheFile) {
  std::string blob = DeletionVectorBlob(TwoBucketBitmap());
  std::string bad_crc = blob;
  bad_crc[bad_crc.size() - 1] ^= 0x01;
  auto crc = DecodeDeletionVector(bad_crc, "dv.puffin");
  ASSERT_FALSE(crc.ok());
  EXPECT_NE(crc.status().message().find("CRC"), std::string::npos);
  EXPECT_NE(crc.status().message().find("dv.puffin"), std::string::npos);

  std::string bad_magic = blob;
  bad_magic[4] = 0;
  auto magic = DecodeDeletionVector(bad_magic, "dv.puffin");
  ASSERT_FALSE(magic.ok());
  EXPECT_NE(magic.status().message().find("magic"), std::string::npos);

  EXPECT_FALSE(DecodeDeletionVector(blob.substr(0, 20), "dv.puffin").ok());
  EXPECT_FALSE(DecodeDeletionVector("", "dv.puffin").ok());
  // Every truncation of the bitmap itself fails cleanly (no crash, no partial set).
  std::string bitmap = TwoBucketBitmap();
  for (size_t length = 0; length < bitmap.size(); length += 97) {
    EXPECT_FALSE(DecodeRoaring64(bitmap.substr(0, length), "dv.puffin").ok()) << length;
  }
  // More positions than the delete file's record_count declares.
  auto too_many = DecodeDeletionVector(blob, "dv.puffin", 100);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("more than 100"), std::string::npos);
  EXPECT_TRUE(DecodeDeletionVector(blob, "dv.puffin", 5007).ok());
  std::string bad_cookie;
  Put64(&bad_cookie, 1);
  Put32(&bad_cookie, 0);
  Put32(&bad_cookie, 99999);
  EXPECT_FALSE(DecodeRoaring64(bad_cookie, "dv.puffin").ok());
}

// Mutated bitmaps (a deterministic sequence of byte flips, truncations and
// insertions) decode or fail cleanly: no crash, no hang, no runaway memory.
TEST(DeletionVectorTest, MutatedBitmapsNeverCrash) {
  std::string valid = TwoBucketBitmap();
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int decoded = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = valid;
    int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = static_cast<size_t>(next() % bytes.size());
      switch (next() % 3) {
        case 0: bytes[at] = static_cast<char>(next()); break;
        case 1: bytes.resize(at); break;
        default: bytes.insert(at, 1, static_cast<char>(next())); break;
      }
      if (bytes.empty()) bytes.push_back('\0');
    }
    auto positions = DecodeRoaring64(bytes, "fuzz", 100000);
    if (positions.ok()) {
      ++decoded;
      EXPECT_LE(positions->size(), 100000u);
      EXPECT_TRUE(std::is_sorted(positions->begin(), positions->end()));
    }
  }
  EXPECT_GT(decoded, 0);  // some mutations (inside a bitset) still decode
}

}  // namespace
}  // namespace floe::iceberg
