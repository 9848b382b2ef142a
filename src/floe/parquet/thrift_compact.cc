#include "floe/parquet/thrift_compact.h"

#include <cstring>

namespace floe::parquet::thrift {

Status CompactReader::Corrupt(std::string_view what) const {
  return InvalidData("corrupt Parquet metadata: {} (at byte {})", what, consumed());
}

Status CompactReader::ReadVarint(uint64_t* out) {
  uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t byte;
    FLOE_RETURN_IF_ERROR(ReadRawByte(&byte));
    if (shift == 63 && (byte & 0x7E) != 0) return Corrupt("varint overflows 64 bits");
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      return Status::OK();
    }
  }
  return Corrupt("varint longer than 10 bytes");
}

Status CompactReader::ReadZigZag(int64_t* out) {
  uint64_t raw;
  FLOE_RETURN_IF_ERROR(ReadVarint(&raw));
  *out = static_cast<int64_t>(raw >> 1) ^ -static_cast<int64_t>(raw & 1);
  return Status::OK();
}

bool CompactReader::TypeMatches(uint8_t actual, uint8_t expected) { return actual == expected; }

Status CompactReader::ReadBool(uint8_t type, bool* out) {
  if (type != kBoolTrue && type != kBoolFalse) return Skip(type);
  *out = type == kBoolTrue;
  return Status::OK();
}

Status CompactReader::ReadI8(uint8_t type, int8_t* out) {
  if (!TypeMatches(type, kByte)) return Skip(type);
  uint8_t byte;
  FLOE_RETURN_IF_ERROR(ReadRawByte(&byte));
  *out = static_cast<int8_t>(byte);
  return Status::OK();
}

Status CompactReader::ReadI16(uint8_t type, int16_t* out) {
  if (!TypeMatches(type, kI16)) return Skip(type);
  int64_t wide;
  FLOE_RETURN_IF_ERROR(ReadZigZag(&wide));
  if (wide < INT16_MIN || wide > INT16_MAX) return Corrupt("i16 out of range");
  *out = static_cast<int16_t>(wide);
  return Status::OK();
}

Status CompactReader::ReadI32(uint8_t type, int32_t* out) {
  if (!TypeMatches(type, kI32)) return Skip(type);
  int64_t wide;
  FLOE_RETURN_IF_ERROR(ReadZigZag(&wide));
  if (wide < INT32_MIN || wide > INT32_MAX) return Corrupt("i32 out of range");
  *out = static_cast<int32_t>(wide);
  return Status::OK();
}

Status CompactReader::ReadI64(uint8_t type, int64_t* out) {
  if (!TypeMatches(type, kI64)) return Skip(type);
  return ReadZigZag(out);
}

Status CompactReader::ReadDouble(uint8_t type, double* out) {
  if (!TypeMatches(type, kDouble)) return Skip(type);
  if (end_ - position_ < 8) return Corrupt("unexpected end of data");
  std::memcpy(out, position_, 8);
  position_ += 8;
  return Status::OK();
}

Status CompactReader::ReadBinary(uint8_t type, std::string* out) {
  return ReadElementBinary(type, out);
}

Status CompactReader::ReadElementBinary(uint8_t element_type, std::string* out) {
  if (!TypeMatches(element_type, kBinary)) return Skip(element_type);
  uint64_t length;
  FLOE_RETURN_IF_ERROR(ReadVarint(&length));
  if (length > static_cast<uint64_t>(end_ - position_)) return Corrupt("binary length exceeds the data");
  out->assign(reinterpret_cast<const char*>(position_), length);
  position_ += length;
  return Status::OK();
}

Status CompactReader::ReadElementI32(uint8_t element_type, int32_t* out) {
  return ReadI32(element_type, out);
}

Status CompactReader::ReadElementI64(uint8_t element_type, int64_t* out) {
  return ReadI64(element_type, out);
}

Status CompactReader::ReadElementBool(uint8_t element_type, bool* out) {
  if (element_type != kBoolTrue && element_type != kBoolFalse) return Skip(element_type);
  uint8_t byte;
  FLOE_RETURN_IF_ERROR(ReadRawByte(&byte));
  *out = byte == kBoolTrue;
  return Status::OK();
}

Status CompactReader::ReadListHeader(uint8_t type, uint8_t* element_type, uint32_t* size) {
  if (type != kList && type != kSet) {
    *element_type = kStop;
    *size = 0;
    return Skip(type);
  }
  uint8_t header;
  FLOE_RETURN_IF_ERROR(ReadRawByte(&header));
  *element_type = header & 0x0F;
  uint64_t count = header >> 4;
  if (count == 15) FLOE_RETURN_IF_ERROR(ReadVarint(&count));
  // Every element takes at least one byte, so the count is bounded by the data.
  if (count > static_cast<uint64_t>(end_ - position_)) return Corrupt("list size exceeds the data");
  *size = static_cast<uint32_t>(count);
  return Status::OK();
}

Status CompactReader::Skip(uint8_t type) {
  switch (type) {
    case kBoolTrue:
    case kBoolFalse:
      return Status::OK();
    case kByte: {
      uint8_t byte;
      return ReadRawByte(&byte);
    }
    case kI16:
    case kI32:
    case kI64: {
      uint64_t ignored;
      return ReadVarint(&ignored);
    }
    case kDouble: {
      double ignored;
      return ReadDouble(kDouble, &ignored);
    }
    case kBinary: {
      uint64_t length;
      FLOE_RETURN_IF_ERROR(ReadVarint(&length));
      if (length > static_cast<uint64_t>(end_ - position_)) return Corrupt("binary length exceeds the data");
      position_ += length;
      return Status::OK();
    }
    case kList:
    case kSet: {
      if (++depth_ > kMaxDepth) return Corrupt("values nested too deeply");
      uint8_t element_type;
      uint32_t size;
      FLOE_RETURN_IF_ERROR(ReadListHeader(type, &element_type, &size));
      for (uint32_t i = 0; i < size; ++i) {
        if (element_type == kBoolTrue || element_type == kBoolFalse) {
          uint8_t byte;
          FLOE_RETURN_IF_ERROR(ReadRawByte(&byte));
        } else {
          FLOE_RETURN_IF_ERROR(Skip(element_type));
        }
      }
      --depth_;
      return Status::OK();
    }
    case kMap: {
      if (++depth_ > kMaxDepth) return Corrupt("values nested too deeply");
      uint64_t size;
      FLOE_RETURN_IF_ERROR(ReadVarint(&size));
      if (size > static_cast<uint64_t>(end_ - position_)) return Corrupt("map size exceeds the data");
      if (size > 0) {
        uint8_t types;
        FLOE_RETURN_IF_ERROR(ReadRawByte(&types));
        for (uint64_t i = 0; i < size; ++i) {
          for (uint8_t element_type : {static_cast<uint8_t>(types >> 4), static_cast<uint8_t>(types & 0x0F)}) {
            if (element_type == kBoolTrue || element_type == kBoolFalse) {
              uint8_t byte;
              FLOE_RETURN_IF_ERROR(ReadRawByte(&byte));
            } else {
              FLOE_RETURN_IF_ERROR(Skip(element_type));
            }
          }
        }
      }
      --depth_;
      return Status::OK();
    }
    case kStruct:
      return ReadStruct([this](int16_t, uint8_t field_type) { return Skip(field_type); });
    default:
      return Corrupt(fmt::format("unknown wire type {}", type));
  }
}

void CompactWriter::FieldHeader(int16_t id, uint8_t type) {
  int16_t& last = last_ids_.back();
  int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_->push_back(static_cast<char>(type));
    WriteZigZag(id);
  }
  last = id;
}

void CompactWriter::ListHeader(uint8_t element_type, size_t size) {
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | element_type));
  } else {
    out_->push_back(static_cast<char>(0xF0 | element_type));
    WriteVarint(size);
  }
}

void CompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<char>(value));
}

}  // namespace floe::parquet::thrift
