#include "floe/parquet/value_decoder.h"

#include <string>
#include <vector>

#include "floe/parquet/rle.h"

namespace floe::parquet {

using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;

DataType PhysicalVectorType(PhysicalType type, int32_t type_length) {
  switch (type) {
    case PhysicalType::kBoolean: return DataType::Primitive(TypeId::kBool);
    case PhysicalType::kInt32: return DataType::Primitive(TypeId::kInt32);
    case PhysicalType::kInt64: return DataType::Primitive(TypeId::kInt64);
    case PhysicalType::kInt96: return DataType::FixedBinary(12);
    case PhysicalType::kFloat: return DataType::Primitive(TypeId::kFloat);
    case PhysicalType::kDouble: return DataType::Primitive(TypeId::kDouble);
    case PhysicalType::kByteArray: return DataType::Primitive(TypeId::kBinary);
    case PhysicalType::kFixedLenByteArray: return DataType::FixedBinary(type_length);
  }
  return DataType::Primitive(TypeId::kBinary);
}

namespace {

Status NotEnoughValues(std::string_view encoding) {
  return InvalidData("corrupt Parquet page: the {} data holds fewer values than the page declares", encoding);
}

int32_t FixedWidth(PhysicalType type, int32_t type_length) {
  switch (type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return type_length;
    default: return 0;
  }
}

// Appends one binary value; offsets are int32 so a batch holds < 2 GiB.
inline Status AppendBinary(Vector* out, const uint8_t* data, size_t size) {
  if (out->bytes.size() + size > static_cast<size_t>(INT32_MAX)) {
    return NotImplemented("a batch of binary values larger than 2 GiB; use smaller batches");
  }
  out->bytes.Append(data, size);
  out->values.Push(static_cast<int32_t>(out->bytes.size()));
  ++out->length;
  return Status::OK();
}

class PlainDecoder final : public ValueDecoder {
 public:
  PlainDecoder(PhysicalType type, int32_t type_length, const uint8_t* data, size_t size)
      : type_(type), width_(FixedWidth(type, type_length)), data_(data), size_(size) {}

  Status Decode(int64_t count, Vector* out) override {
    if (type_ == PhysicalType::kBoolean) {
      if (static_cast<uint64_t>(count) > size_ * 8 - bit_offset_) return NotEnoughValues("PLAIN");
      size_t start = out->values.size();
      out->values.Resize(start + count);
      uint8_t* target = out->values.data() + start;
      for (int64_t i = 0; i < count; ++i, ++bit_offset_) target[i] = (data_[bit_offset_ >> 3] >> (bit_offset_ & 7)) & 1;
      out->length += count;
      return Status::OK();
    }
    if (type_ == PhysicalType::kByteArray) {
      out->values.Reserve(out->values.size() + count * 4);
      for (int64_t i = 0; i < count; ++i) {
        if (size_ - offset_ < 4) return NotEnoughValues("PLAIN");
        uint32_t length;
        std::memcpy(&length, data_ + offset_, 4);
        offset_ += 4;
        if (length > size_ - offset_) return InvalidData("corrupt Parquet page: a BYTE_ARRAY value runs past the page");
        FLOE_RETURN_IF_ERROR(AppendBinary(out, data_ + offset_, length));
        offset_ += length;
      }
      return Status::OK();
    }
    uint64_t bytes = static_cast<uint64_t>(count) * width_;
    if (bytes > size_ - offset_) return NotEnoughValues("PLAIN");
    out->values.Append(data_ + offset_, bytes);
    offset_ += bytes;
    out->length += count;
    return Status::OK();
  }

 private:
  PhysicalType type_;
  int32_t width_;
  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
  uint64_t bit_offset_ = 0;
};

class DictionaryDecoder final : public ValueDecoder {
 public:
  DictionaryDecoder(PhysicalType type, const Vector* dictionary, RleBitPackedDecoder indices)
      : type_(type), dictionary_(dictionary), indices_(indices) {}

  Status Decode(int64_t count, Vector* out) override {
    scratch_.resize(static_cast<size_t>(count));
    if (indices_.Decode(scratch_.data(), count) != count) return NotEnoughValues("dictionary index");
    const uint32_t size = static_cast<uint32_t>(dictionary_->length);
    uint32_t max_index = 0;
    for (uint32_t index : scratch_) max_index = std::max(max_index, index);
    if (count > 0 && max_index >= size) {
      return InvalidData("corrupt Parquet page: dictionary index {} out of range (dictionary has {} values)",
                         max_index, size);
    }
    if (type_ == PhysicalType::kByteArray) {
      const int32_t* offsets = dictionary_->Offsets();
      const uint8_t* bytes = dictionary_->bytes.data();
      // Sized once, then filled: no per-value growth checks.
      size_t total = 0;
      for (uint32_t index : scratch_) total += static_cast<size_t>(offsets[index + 1] - offsets[index]);
      size_t byte_start = out->bytes.size();
      if (byte_start + total > static_cast<size_t>(INT32_MAX)) {
        return NotImplemented("a batch of binary values larger than 2 GiB; use smaller batches");
      }
      out->bytes.Resize(byte_start + total);
      size_t value_start = out->values.size();
      out->values.Resize(value_start + static_cast<size_t>(count) * sizeof(int32_t));
      uint8_t* target = out->bytes.data() + byte_start;
      int32_t* ends = reinterpret_cast<int32_t*>(out->values.data() + value_start);
      int32_t end = static_cast<int32_t>(byte_start);
      for (size_t i = 0; i < scratch_.size(); ++i) {
        uint32_t index = scratch_[i];
        int32_t size = offsets[index + 1] - offsets[index];
        if (size > 0) {  // empty values: the buffers may still be null
          std::memcpy(target, bytes + offsets[index], static_cast<size_t>(size));
          target += size;
        }
        end += size;
        ends[i] = end;
      }
      out->length += count;
      return Status::OK();
    }
    size_t width = columnar::ValueWidth(dictionary_->type);
    size_t start = out->values.size();
    out->values.Resize(start + count * width);
    uint8_t* target = out->values.data() + start;
    const uint8_t* source = dictionary_->values.data();
    if (width == 4) {
      Gather<uint32_t>(source, target);
    } else if (width == 8) {
      Gather<uint64_t>(source, target);
    } else {
      for (size_t i = 0; i < scratch_.size(); ++i) std::memcpy(target + i * width, source + scratch_[i] * width, width);
    }
    out->length += count;
    return Status::OK();
  }

 private:
  template <typename Word>
  void Gather(const uint8_t* source, uint8_t* target) {
    const Word* values = reinterpret_cast<const Word*>(source);
    Word* result = reinterpret_cast<Word*>(target);
    for (size_t i = 0; i < scratch_.size(); ++i) result[i] = values[scratch_[i]];
  }

  PhysicalType type_;
  const Vector* dictionary_;
  RleBitPackedDecoder indices_;
  std::vector<uint32_t> scratch_;
};

class RleBooleanDecoder final : public ValueDecoder {
 public:
  explicit RleBooleanDecoder(RleBitPackedDecoder decoder) : decoder_(decoder) {}
  Status Decode(int64_t count, Vector* out) override {
    size_t start = out->values.size();
    out->values.Resize(start + count);
    if (decoder_.Decode(out->values.data() + start, count) != count) return NotEnoughValues("RLE");
    out->length += count;
    return Status::OK();
  }

 private:
  RleBitPackedDecoder decoder_;
};

class DeltaIntegerDecoder final : public ValueDecoder {
 public:
  DeltaIntegerDecoder(PhysicalType type, DeltaBinaryPackedDecoder decoder) : type_(type), decoder_(decoder) {}
  Status Decode(int64_t count, Vector* out) override {
    size_t width = type_ == PhysicalType::kInt32 ? 4 : 8;
    size_t start = out->values.size();
    out->values.Resize(start + count * width);
    if (type_ == PhysicalType::kInt32) {
      FLOE_RETURN_IF_ERROR(decoder_.Decode(reinterpret_cast<int32_t*>(out->values.data() + start), count));
    } else {
      FLOE_RETURN_IF_ERROR(decoder_.Decode(reinterpret_cast<int64_t*>(out->values.data() + start), count));
    }
    out->length += count;
    return Status::OK();
  }

 private:
  PhysicalType type_;
  DeltaBinaryPackedDecoder decoder_;
};

class DeltaLengthDecoder final : public ValueDecoder {
 public:
  Status Init(const uint8_t* data, size_t size) {
    FLOE_RETURN_IF_ERROR(lengths_.Init(data, size));
    FLOE_ASSIGN_OR_RETURN(size_t lengths_size, lengths_.EncodedSize());
    data_ = data + lengths_size;
    size_ = size - lengths_size;
    return Status::OK();
  }
  Status Decode(int64_t count, Vector* out) override {
    scratch_.resize(static_cast<size_t>(count));
    FLOE_RETURN_IF_ERROR(lengths_.Decode(scratch_.data(), count));
    for (int32_t length : scratch_) {
      if (length < 0 || static_cast<size_t>(length) > size_ - offset_) {
        return InvalidData("corrupt Parquet page: DELTA_LENGTH_BYTE_ARRAY length {} runs past the page", length);
      }
      FLOE_RETURN_IF_ERROR(AppendBinary(out, data_ + offset_, length));
      offset_ += length;
    }
    return Status::OK();
  }
  // For DELTA_BYTE_ARRAY: the next `count` suffixes as views.
  Status NextSuffixes(int64_t count, std::vector<std::string_view>* suffixes) {
    scratch_.resize(static_cast<size_t>(count));
    FLOE_RETURN_IF_ERROR(lengths_.Decode(scratch_.data(), count));
    suffixes->clear();
    for (int32_t length : scratch_) {
      if (length < 0 || static_cast<size_t>(length) > size_ - offset_) {
        return InvalidData("corrupt Parquet page: DELTA_BYTE_ARRAY suffix length {} runs past the page", length);
      }
      suffixes->emplace_back(reinterpret_cast<const char*>(data_ + offset_), length);
      offset_ += length;
    }
    return Status::OK();
  }

 private:
  DeltaBinaryPackedDecoder lengths_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t offset_ = 0;
  std::vector<int32_t> scratch_;
};

class DeltaByteArrayDecoder final : public ValueDecoder {
 public:
  DeltaByteArrayDecoder(PhysicalType type, int32_t type_length) : type_(type), type_length_(type_length) {}
  Status Init(const uint8_t* data, size_t size) {
    FLOE_RETURN_IF_ERROR(prefixes_.Init(data, size));
    FLOE_ASSIGN_OR_RETURN(size_t prefix_size, prefixes_.EncodedSize());
    return suffixes_.Init(data + prefix_size, size - prefix_size);
  }
  Status Decode(int64_t count, Vector* out) override {
    prefix_lengths_.resize(static_cast<size_t>(count));
    FLOE_RETURN_IF_ERROR(prefixes_.Decode(prefix_lengths_.data(), count));
    FLOE_RETURN_IF_ERROR(suffixes_.NextSuffixes(count, &suffix_views_));
    for (int64_t i = 0; i < count; ++i) {
      int32_t prefix = prefix_lengths_[i];
      if (prefix < 0 || static_cast<size_t>(prefix) > previous_.size()) {
        return InvalidData("corrupt Parquet page: DELTA_BYTE_ARRAY prefix length {} exceeds the previous value", prefix);
      }
      previous_.resize(prefix);
      previous_.append(suffix_views_[i]);
      if (type_ == PhysicalType::kFixedLenByteArray) {
        if (previous_.size() != static_cast<size_t>(type_length_)) {
          return InvalidData("corrupt Parquet page: DELTA_BYTE_ARRAY value of {} bytes in a FIXED_LEN_BYTE_ARRAY({})",
                             previous_.size(), type_length_);
        }
        out->values.Append(previous_.data(), previous_.size());
        ++out->length;
      } else {
        FLOE_RETURN_IF_ERROR(AppendBinary(out, reinterpret_cast<const uint8_t*>(previous_.data()), previous_.size()));
      }
    }
    return Status::OK();
  }

 private:
  PhysicalType type_;
  int32_t type_length_;
  DeltaBinaryPackedDecoder prefixes_;
  DeltaLengthDecoder suffixes_;
  std::vector<int32_t> prefix_lengths_;
  std::vector<std::string_view> suffix_views_;
  std::string previous_;
};

class ByteStreamSplitDecoder final : public ValueDecoder {
 public:
  ByteStreamSplitDecoder(int32_t width, const uint8_t* data, size_t size)
      : width_(width), data_(data), stride_(size / width) {}
  Status Decode(int64_t count, Vector* out) override {
    if (static_cast<uint64_t>(count) > stride_ - index_) return NotEnoughValues("BYTE_STREAM_SPLIT");
    size_t start = out->values.size();
    out->values.Resize(start + count * width_);
    uint8_t* target = out->values.data() + start;
    for (int32_t b = 0; b < width_; ++b) {
      const uint8_t* stream = data_ + b * stride_ + index_;
      for (int64_t i = 0; i < count; ++i) target[i * width_ + b] = stream[i];
    }
    index_ += count;
    out->length += count;
    return Status::OK();
  }

 private:
  int32_t width_;
  const uint8_t* data_;
  size_t stride_;
  size_t index_ = 0;
};

}  // namespace

Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, PhysicalType type, int32_t type_length,
                                                       const uint8_t* data, size_t size, const Vector* dictionary) {
  switch (encoding) {
    case Encoding::kPlain:
      return std::unique_ptr<ValueDecoder>(new PlainDecoder(type, type_length, data, size));
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (dictionary == nullptr) {
        return InvalidData("corrupt Parquet column: a dictionary-encoded page without a dictionary page");
      }
      if (size < 1) {  // no values (an all-null page); decoding any value fails
        return std::unique_ptr<ValueDecoder>(new DictionaryDecoder(type, dictionary, RleBitPackedDecoder()));
      }
      int bit_width = data[0];
      if (bit_width > 32) return InvalidData("corrupt Parquet page: dictionary index bit width {}", bit_width);
      return std::unique_ptr<ValueDecoder>(
          new DictionaryDecoder(type, dictionary, RleBitPackedDecoder(data + 1, size - 1, bit_width)));
    }
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) break;
      if (size < 4) return InvalidData("corrupt Parquet page: RLE booleans without a length");
      uint32_t length;
      std::memcpy(&length, data, 4);
      if (length > size - 4) return InvalidData("corrupt Parquet page: RLE boolean length runs past the page");
      return std::unique_ptr<ValueDecoder>(new RleBooleanDecoder(RleBitPackedDecoder(data + 4, length, 1)));
    }
    case Encoding::kDeltaBinaryPacked: {
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) break;
      DeltaBinaryPackedDecoder decoder;
      FLOE_RETURN_IF_ERROR(decoder.Init(data, size));
      return std::unique_ptr<ValueDecoder>(new DeltaIntegerDecoder(type, decoder));
    }
    case Encoding::kDeltaLengthByteArray: {
      if (type != PhysicalType::kByteArray) break;
      auto decoder = std::make_unique<DeltaLengthDecoder>();
      FLOE_RETURN_IF_ERROR(decoder->Init(data, size));
      return std::unique_ptr<ValueDecoder>(std::move(decoder));
    }
    case Encoding::kDeltaByteArray: {
      if (type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray) break;
      auto decoder = std::make_unique<DeltaByteArrayDecoder>(type, type_length);
      FLOE_RETURN_IF_ERROR(decoder->Init(data, size));
      return std::unique_ptr<ValueDecoder>(std::move(decoder));
    }
    case Encoding::kByteStreamSplit: {
      int32_t width = FixedWidth(type, type_length);
      if (width == 0 || type == PhysicalType::kInt96) break;
      return std::unique_ptr<ValueDecoder>(new ByteStreamSplitDecoder(width, data, size));
    }
    default:
      return NotImplemented("Parquet encoding {} is not supported", static_cast<int32_t>(encoding));
  }
  return InvalidData("corrupt Parquet page: encoding {} cannot encode physical type {}", static_cast<int32_t>(encoding),
                     static_cast<int32_t>(type));
}

Status DecodeDictionaryPage(PhysicalType type, int32_t type_length, const uint8_t* data, size_t size, int64_t count,
                            Vector* out) {
  if (count < 0) return InvalidData("corrupt Parquet dictionary page: negative value count");
  // Every value takes at least one bit (booleans) or byte; bound the count before allocating.
  uint64_t minimum_bytes = type == PhysicalType::kBoolean ? (count + 7) / 8
                           : type == PhysicalType::kByteArray ? static_cast<uint64_t>(count) * 4
                                                              : static_cast<uint64_t>(count) * FixedWidth(type, type_length);
  if (minimum_bytes > size) return InvalidData("corrupt Parquet dictionary page: {} values do not fit in {} bytes", count, size);
  PlainDecoder decoder(type, type_length, data, size);
  return decoder.Decode(count, out);
}

// --- DELTA_BINARY_PACKED ---

Status DeltaBinaryPackedDecoder::ReadVarint(const uint8_t** position, uint64_t* out) const {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*position >= end_) return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED data ends early");
    uint8_t byte = *(*position)++;
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      return Status::OK();
    }
  }
  return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED varint too long");
}

Status DeltaBinaryPackedDecoder::Init(const uint8_t* data, size_t size) {
  data_ = data;
  end_ = data + size;
  position_ = data;
  uint64_t first_value;
  FLOE_RETURN_IF_ERROR(ReadVarint(&position_, &block_size_));
  FLOE_RETURN_IF_ERROR(ReadVarint(&position_, &miniblocks_per_block_));
  FLOE_RETURN_IF_ERROR(ReadVarint(&position_, &total_values_));
  FLOE_RETURN_IF_ERROR(ReadVarint(&position_, &first_value));
  if (block_size_ == 0 || block_size_ % 128 != 0 || block_size_ > (1u << 20) || miniblocks_per_block_ == 0 ||
      miniblocks_per_block_ > 256 || block_size_ % miniblocks_per_block_ != 0 ||
      (block_size_ / miniblocks_per_block_) % 32 != 0) {
    return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED block size {} with {} miniblocks", block_size_,
                       miniblocks_per_block_);
  }
  values_per_miniblock_ = block_size_ / miniblocks_per_block_;
  last_value_ = (first_value >> 1) ^ (~(first_value & 1) + 1);
  blocks_start_ = position_;
  values_read_ = 0;
  in_block_ = false;
  miniblock_remaining_ = 0;
  return Status::OK();
}

Status DeltaBinaryPackedDecoder::NextMiniblock() {
  if (!in_block_ || miniblock_index_ >= miniblocks_per_block_) {
    uint64_t zigzag;
    FLOE_RETURN_IF_ERROR(ReadVarint(&position_, &zigzag));
    min_delta_ = (zigzag >> 1) ^ (~(zigzag & 1) + 1);
    if (static_cast<uint64_t>(end_ - position_) < miniblocks_per_block_) {
      return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED bit widths run past the page");
    }
    std::memcpy(bit_widths_, position_, miniblocks_per_block_);
    position_ += miniblocks_per_block_;
    miniblock_index_ = 0;
    in_block_ = true;
  }
  int width = bit_widths_[miniblock_index_++];
  if (width > 64) return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED bit width {}", width);
  size_t bytes = values_per_miniblock_ * width / 8;
  size_t available = std::min<size_t>(bytes, static_cast<size_t>(end_ - position_));
  miniblock_data_ = position_;
  miniblock_size_ = available;
  miniblock_bit_offset_ = 0;
  miniblock_width_ = width;
  miniblock_remaining_ = values_per_miniblock_;
  position_ += available;
  return Status::OK();
}

template <typename T>
Status DeltaBinaryPackedDecoder::Decode(T* out, int64_t count) {
  if (count < 0 || static_cast<uint64_t>(count) > total_values_ - values_read_) {
    return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED holds {} values, {} requested",
                       total_values_ - values_read_, count);
  }
  int64_t i = 0;
  if (count > 0 && values_read_ == 0) {
    out[i++] = static_cast<T>(last_value_);
    ++values_read_;
  }
  uint64_t deltas[64];
  while (i < count) {
    if (miniblock_remaining_ == 0) FLOE_RETURN_IF_ERROR(NextMiniblock());
    int64_t n = std::min<int64_t>({count - i, static_cast<int64_t>(miniblock_remaining_), 64});
    UnpackBits(miniblock_data_, miniblock_size_, miniblock_bit_offset_, miniblock_width_, n, deltas);
    miniblock_bit_offset_ += static_cast<uint64_t>(n) * miniblock_width_;
    uint64_t value = last_value_;
    for (int64_t k = 0; k < n; ++k) {
      value += min_delta_ + deltas[k];
      out[i + k] = static_cast<T>(value);
    }
    last_value_ = value;
    miniblock_remaining_ -= n;
    values_read_ += n;
    i += n;
  }
  return Status::OK();
}

template Status DeltaBinaryPackedDecoder::Decode<int32_t>(int32_t*, int64_t);
template Status DeltaBinaryPackedDecoder::Decode<int64_t>(int64_t*, int64_t);

Result<size_t> DeltaBinaryPackedDecoder::EncodedSize() const {
  const uint8_t* position = blocks_start_;
  uint64_t remaining = total_values_ > 0 ? total_values_ - 1 : 0;
  while (remaining > 0) {
    uint64_t ignored;
    FLOE_RETURN_IF_ERROR(ReadVarint(&position, &ignored));
    if (static_cast<uint64_t>(end_ - position) < miniblocks_per_block_) {
      return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED bit widths run past the page");
    }
    const uint8_t* widths = position;
    position += miniblocks_per_block_;
    for (uint64_t m = 0; m < miniblocks_per_block_ && remaining > 0; ++m) {
      uint64_t bytes = values_per_miniblock_ * widths[m] / 8;
      if (widths[m] > 64 || bytes > static_cast<uint64_t>(end_ - position)) {
        return InvalidData("corrupt Parquet page: DELTA_BINARY_PACKED miniblock runs past the page");
      }
      position += bytes;
      remaining -= std::min(remaining, values_per_miniblock_);
    }
  }
  return static_cast<size_t>(position - data_);
}

}  // namespace floe::parquet
