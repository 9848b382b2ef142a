#include "floe/avro/codec.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

namespace floe::avro {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNull: return "null";
    case Codec::kDeflate: return "deflate";
    case Codec::kSnappy: return "snappy";
    case Codec::kZstandard: return "zstandard";
  }
  return "unknown";
}

Result<Codec> CodecFromName(std::string_view name) {
  if (name.empty() || name == "null") return Codec::kNull;
  if (name == "deflate") return Codec::kDeflate;
  if (name == "snappy") return Codec::kSnappy;
  if (name == "zstandard") return Codec::kZstandard;
  return NotImplemented("unsupported Avro codec: {}", name);
}

namespace {

uint32_t Crc32(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed large inputs in pieces.
  while (!data.empty()) {
    size_t piece = std::min<size_t>(data.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(piece));
    data.remove_prefix(piece);
  }
  return static_cast<uint32_t>(crc);
}

Status DeflateCompress(std::string_view input, int level, std::string* output) {
  z_stream stream{};
  // windowBits -15: raw deflate, no zlib header (what Avro writes).
  if (deflateInit2(&stream, level == 0 ? 6 : level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("deflateInit2 failed");
  }
  output->resize(deflateBound(&stream, static_cast<uLong>(input.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output->data());
  stream.avail_out = static_cast<uInt>(output->size());
  int result = deflate(&stream, Z_FINISH);
  output->resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return Internal("deflate failed: {}", result);
  return Status::OK();
}

// Both streaming decompressors below grow `output` up to `max_size`. When it
// is full at the limit they probe with a one-byte scratch buffer: a stream
// that ends there fits exactly, one that produces more is over the limit.

Status DeflateDecompress(std::string_view input, size_t max_size, std::string* output) {
  if (input.size() > UINT32_MAX) return InvalidData("deflate block of {} bytes is too large", input.size());
  z_stream stream{};
  if (inflateInit2(&stream, -15) != Z_OK) return Internal("inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  output->resize(std::min(max_size, std::max<size_t>(input.size() * 4, 1024)));
  size_t produced = 0;
  int result = Z_OK;
  Status status;
  while (true) {
    if (produced == output->size() && output->size() < max_size) {
      output->resize(std::min(max_size, output->size() * 2));
    }
    char scratch;
    const bool probing = produced == output->size();
    stream.next_out = reinterpret_cast<Bytef*>(probing ? &scratch : output->data() + produced);
    stream.avail_out = probing ? 1 : static_cast<uInt>(std::min<size_t>(output->size() - produced, 1u << 30));
    uInt before = stream.avail_out;
    result = inflate(&stream, Z_NO_FLUSH);
    size_t written = before - stream.avail_out;
    if (probing && written > 0) {
      status = InvalidData("deflate block inflates beyond the {} byte limit", max_size);
      break;
    }
    produced += written;
    if (result == Z_STREAM_END) break;
    if (result != Z_OK || (stream.avail_in == 0 && stream.avail_out > 0)) {
      status = InvalidData("corrupt deflate block: {}", stream.msg != nullptr ? stream.msg : "truncated stream");
      break;
    }
  }
  inflateEnd(&stream);
  output->resize(produced);
  return status;
}

Status ZstandardDecompress(std::string_view input, size_t max_size, std::string* output) {
  ZSTD_DCtx* context = ZSTD_createDCtx();
  if (context == nullptr) return Internal("ZSTD_createDCtx failed");
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  output->resize(std::min(max_size, std::max<size_t>(input.size() * 4, 1024)));
  size_t produced = 0;
  Status status;
  while (true) {
    if (produced == output->size() && output->size() < max_size) {
      output->resize(std::min(max_size, output->size() * 2));
    }
    char scratch;
    const bool probing = produced == output->size();
    ZSTD_outBuffer out = probing ? ZSTD_outBuffer{&scratch, 1, 0} : ZSTD_outBuffer{output->data(), output->size(), produced};
    size_t result = ZSTD_decompressStream(context, &out, &in);
    if (ZSTD_isError(result)) {
      status = InvalidData("corrupt zstandard block: {}", ZSTD_getErrorName(result));
      break;
    }
    if (probing) {
      if (out.pos > 0) {
        status = InvalidData("zstandard block decompresses beyond the {} byte limit", max_size);
        break;
      }
    } else {
      produced = out.pos;
    }
    if (result == 0 && in.pos == in.size) break;  // the frame is complete and flushed
    if (in.pos == in.size && (probing || out.pos < out.size)) {
      // All input consumed and nothing more to flush: complete, or truncated.
      if (result != 0) status = InvalidData("truncated zstandard block");
      break;
    }
  }
  ZSTD_freeDCtx(context);
  output->resize(produced);
  return status;
}

}  // namespace

Status Compress(Codec codec, std::string_view input, int level, std::string* output) {
  switch (codec) {
    case Codec::kNull: output->assign(input); return Status::OK();
    case Codec::kDeflate: return DeflateCompress(input, level, output);
    case Codec::kSnappy: {
      snappy::Compress(input.data(), input.size(), output);
      uint32_t crc = Crc32(input);
      char trailer[4] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16), static_cast<char>(crc >> 8),
                         static_cast<char>(crc)};
      output->append(trailer, 4);
      return Status::OK();
    }
    case Codec::kZstandard: {
      output->resize(ZSTD_compressBound(input.size()));
      size_t size = ZSTD_compress(output->data(), output->size(), input.data(), input.size(), level == 0 ? 3 : level);
      if (ZSTD_isError(size)) return Internal("zstandard compression failed: {}", ZSTD_getErrorName(size));
      output->resize(size);
      return Status::OK();
    }
  }
  return Internal("unknown codec");
}

Status Decompress(Codec codec, std::string_view input, size_t max_size, std::string* output) {
  switch (codec) {
    case Codec::kNull:
      if (input.size() > max_size) return InvalidData("block of {} bytes exceeds the {} byte limit", input.size(), max_size);
      output->assign(input);
      return Status::OK();
    case Codec::kDeflate: return DeflateDecompress(input, max_size, output);
    case Codec::kSnappy: {
      if (input.size() < 4) return InvalidData("snappy block of {} bytes has no CRC-32", input.size());
      std::string_view compressed = input.substr(0, input.size() - 4);
      size_t size;
      if (!snappy::GetUncompressedLength(compressed.data(), compressed.size(), &size)) {
        return InvalidData("corrupt snappy block: bad length header");
      }
      if (size > max_size) return InvalidData("snappy block of {} bytes exceeds the {} byte limit", size, max_size);
      if (!snappy::Uncompress(compressed.data(), compressed.size(), output)) {
        return InvalidData("corrupt snappy block");
      }
      const auto* trailer = reinterpret_cast<const unsigned char*>(input.data() + input.size() - 4);
      uint32_t expected = (uint32_t{trailer[0]} << 24) | (uint32_t{trailer[1]} << 16) | (uint32_t{trailer[2]} << 8) |
                          uint32_t{trailer[3]};
      uint32_t actual = Crc32(*output);
      if (actual != expected) {
        return InvalidData("snappy block CRC-32 mismatch: stored {:08x}, computed {:08x}", expected, actual);
      }
      return Status::OK();
    }
    case Codec::kZstandard: return ZstandardDecompress(input, max_size, output);
  }
  return Internal("unknown codec");
}

}  // namespace floe::avro
