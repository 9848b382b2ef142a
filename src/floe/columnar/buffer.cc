#include "floe/columnar/buffer.h"

#include <algorithm>
#include <new>
#include <utility>

namespace floe::columnar {

namespace {
uint8_t* Allocate(size_t bytes) {
  return static_cast<uint8_t*>(::operator new(bytes, std::align_val_t{Buffer::kAlignment}));
}
void Release(uint8_t* data) {
  if (data) ::operator delete(data, std::align_val_t{Buffer::kAlignment});
}
}  // namespace

Buffer::Buffer(const Buffer& other) {
  Reserve(other.size_);
  if (other.size_) std::memcpy(data_, other.data_, other.size_);
  size_ = other.size_;
}

Buffer& Buffer::operator=(const Buffer& other) {
  if (this != &other) {
    size_ = 0;
    Append(other.data_, other.size_);
  }
  return *this;
}

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    Release(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

Buffer::~Buffer() { Release(data_); }

void Buffer::Grow(size_t minimum) {
  size_t capacity = std::max<size_t>({minimum, capacity_ * 2, kAlignment});
  capacity = (capacity + kAlignment - 1) / kAlignment * kAlignment;
  uint8_t* grown = Allocate(capacity);
  if (size_) std::memcpy(grown, data_, size_);
  Release(data_);
  data_ = grown;
  capacity_ = capacity;
}

}  // namespace floe::columnar
