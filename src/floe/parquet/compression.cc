#include "floe/parquet/compression.h"

#include <cstring>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

namespace floe::parquet {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "unknown codec";
}

namespace {

// One zstd context per thread, reused across pages: creating one per call
// allocates and clears its tables every time.
struct ZstdContexts {
  ZSTD_CCtx* compress = nullptr;
  ZSTD_DCtx* decompress = nullptr;
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};
thread_local ZstdContexts zstd_contexts;

ZSTD_CCtx* ThreadCompressionContext() {
  if (!zstd_contexts.compress) zstd_contexts.compress = ZSTD_createCCtx();
  return zstd_contexts.compress;
}

ZSTD_DCtx* ThreadDecompressionContext() {
  if (!zstd_contexts.decompress) zstd_contexts.decompress = ZSTD_createDCtx();
  return zstd_contexts.decompress;
}

}  // namespace

namespace {

Status Corrupt(Codec codec, std::string_view what) {
  return InvalidData("corrupt {} page: {}", CodecName(codec), what);
}

Status InflateGzip(const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size) {
  z_stream stream{};
  // 15 + 32: zlib or gzip header, detected automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return Internal("zlib inflateInit2 failed");
  stream.next_in = const_cast<Bytef*>(input);
  stream.avail_in = static_cast<uInt>(input_size);
  stream.next_out = output;
  stream.avail_out = static_cast<uInt>(output_size);
  Status status;
  while (true) {
    int result = inflate(&stream, Z_FINISH);
    if (result == Z_STREAM_END) {
      // Concatenated gzip members: continue with the next one.
      if (stream.avail_in > 0 && stream.avail_out > 0) {
        if (inflateReset(&stream) != Z_OK) {
          status = Corrupt(Codec::kGzip, "cannot reset the stream");
          break;
        }
        continue;
      }
      break;
    }
    if (result == Z_BUF_ERROR && stream.avail_out == 0) {
      status = Corrupt(Codec::kGzip, "more data than the page header declares");
      break;
    }
    status = Corrupt(Codec::kGzip, stream.msg ? stream.msg : "inflate failed");
    break;
  }
  size_t produced = output_size - stream.avail_out;
  inflateEnd(&stream);
  FLOE_RETURN_IF_ERROR(status);
  if (produced != output_size) return Corrupt(Codec::kGzip, "less data than the page header declares");
  return Status::OK();
}

uint32_t ReadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// Hadoop's BlockCompressorStream framing: repeated
// [u32 BE decompressed size][u32 BE compressed size][LZ4 block].
bool TryHadoopLz4(const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size) {
  size_t in = 0;
  size_t out = 0;
  while (in < input_size) {
    if (input_size - in < 8) return false;
    uint32_t decompressed = ReadBigEndian32(input + in);
    uint32_t compressed = ReadBigEndian32(input + in + 4);
    in += 8;
    if (compressed > input_size - in || decompressed > output_size - out) return false;
    int produced = LZ4_decompress_safe(reinterpret_cast<const char*>(input + in), reinterpret_cast<char*>(output + out),
                                       static_cast<int>(compressed), static_cast<int>(decompressed));
    if (produced < 0 || static_cast<uint32_t>(produced) != decompressed) return false;
    in += compressed;
    out += decompressed;
  }
  return out == output_size;
}

}  // namespace

Status Decompress(Codec codec, const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size) {
  if (input_size > INT32_MAX || output_size > INT32_MAX) return Corrupt(codec, "page larger than 2 GiB");
  switch (codec) {
    case Codec::kUncompressed:
      if (input_size != output_size) return Corrupt(codec, "compressed and uncompressed sizes differ");
      if (output_size) std::memcpy(output, input, output_size);
      return Status::OK();
    case Codec::kSnappy: {
      size_t length = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(input), input_size, &length) != SNAPPY_OK ||
          length != output_size) {
        return Corrupt(codec, "the uncompressed length does not match the page header");
      }
      if (snappy_uncompress(reinterpret_cast<const char*>(input), input_size, reinterpret_cast<char*>(output),
                            &length) != SNAPPY_OK) {
        return Corrupt(codec, "invalid snappy data");
      }
      return Status::OK();
    }
    case Codec::kGzip:
      return InflateGzip(input, input_size, output, output_size);
    case Codec::kZstd: {
      size_t produced = ZSTD_decompressDCtx(ThreadDecompressionContext(), output, output_size, input, input_size);
      if (ZSTD_isError(produced)) return Corrupt(codec, ZSTD_getErrorName(produced));
      if (produced != output_size) return Corrupt(codec, "less data than the page header declares");
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      int produced = LZ4_decompress_safe(reinterpret_cast<const char*>(input), reinterpret_cast<char*>(output),
                                         static_cast<int>(input_size), static_cast<int>(output_size));
      if (produced < 0 || static_cast<size_t>(produced) != output_size) return Corrupt(codec, "invalid LZ4 block");
      return Status::OK();
    }
    case Codec::kLz4: {
      // The deprecated LZ4 codec: Hadoop framing (parquet-mr), or a raw block (older parquet-cpp).
      if (TryHadoopLz4(input, input_size, output, output_size)) return Status::OK();
      int produced = LZ4_decompress_safe(reinterpret_cast<const char*>(input), reinterpret_cast<char*>(output),
                                         static_cast<int>(input_size), static_cast<int>(output_size));
      if (produced < 0 || static_cast<size_t>(produced) != output_size) {
        return Corrupt(codec, "neither Hadoop-framed nor raw LZ4");
      }
      return Status::OK();
    }
    case Codec::kBrotli: {
      size_t produced = output_size;
      if (BrotliDecoderDecompress(input_size, input, &produced, output) != BROTLI_DECODER_RESULT_SUCCESS ||
          produced != output_size) {
        return Corrupt(codec, "invalid brotli data");
      }
      return Status::OK();
    }
    case Codec::kLzo:
      return NotImplemented("Parquet LZO compression is not supported");
  }
  return NotImplemented("unknown Parquet compression codec {}", static_cast<int32_t>(codec));
}

Status Compress(Codec codec, const uint8_t* input, size_t input_size, int level, std::string* out) {
  size_t start = out->size();
  switch (codec) {
    case Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(input), input_size);
      return Status::OK();
    case Codec::kSnappy: {
      size_t capacity = snappy_max_compressed_length(input_size);
      out->resize(start + capacity);
      size_t length = capacity;
      if (snappy_compress(reinterpret_cast<const char*>(input), input_size, out->data() + start, &length) !=
          SNAPPY_OK) {
        return Internal("snappy compression failed");
      }
      out->resize(start + length);
      return Status::OK();
    }
    case Codec::kGzip: {
      z_stream stream{};
      if (deflateInit2(&stream, level ? level : Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) != Z_OK) {
        return Internal("zlib deflateInit2 failed");
      }
      size_t capacity = deflateBound(&stream, input_size);
      out->resize(start + capacity);
      stream.next_in = const_cast<Bytef*>(input);
      stream.avail_in = static_cast<uInt>(input_size);
      stream.next_out = reinterpret_cast<Bytef*>(out->data() + start);
      stream.avail_out = static_cast<uInt>(capacity);
      int result = deflate(&stream, Z_FINISH);
      size_t produced = capacity - stream.avail_out;
      deflateEnd(&stream);
      if (result != Z_STREAM_END) return Internal("gzip compression failed");
      out->resize(start + produced);
      return Status::OK();
    }
    case Codec::kZstd: {
      size_t capacity = ZSTD_compressBound(input_size);
      out->resize(start + capacity);
      size_t produced = ZSTD_compressCCtx(ThreadCompressionContext(), out->data() + start, capacity, input, input_size,
                                          level ? level : 3);
      if (ZSTD_isError(produced)) return Internal("zstd compression failed: {}", ZSTD_getErrorName(produced));
      out->resize(start + produced);
      return Status::OK();
    }
    case Codec::kLz4Raw: {
      int capacity = LZ4_compressBound(static_cast<int>(input_size));
      out->resize(start + capacity);
      int produced = LZ4_compress_default(reinterpret_cast<const char*>(input), out->data() + start,
                                          static_cast<int>(input_size), capacity);
      if (produced <= 0 && input_size > 0) return Internal("lz4 compression failed");
      out->resize(start + produced);
      return Status::OK();
    }
    case Codec::kBrotli: {
      size_t capacity = BrotliEncoderMaxCompressedSize(input_size);
      if (capacity == 0) capacity = input_size + 1024;
      out->resize(start + capacity);
      size_t produced = capacity;
      if (!BrotliEncoderCompress(level ? level : BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                 input_size, input, &produced, reinterpret_cast<uint8_t*>(out->data() + start))) {
        return Internal("brotli compression failed");
      }
      out->resize(start + produced);
      return Status::OK();
    }
    default:
      return NotImplemented("writing Parquet with {} compression is not supported", CodecName(codec));
  }
}

}  // namespace floe::parquet
