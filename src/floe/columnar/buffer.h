// Buffer: a growable, 64-byte aligned, uninitialised byte buffer.
//
// Contract: the storage behind every columnar vector. Growing never
// zero-fills (callers write what they size), so decoders can Resize() and
// then write values straight into place. Moving is cheap; copying deep-copies.
// Not thread-safe; a Buffer is owned by one vector at a time.
// Errors: allocation failure aborts (std::bad_alloc is not caught), as with
// std::vector; callers bound sizes before allocating untrusted lengths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace floe::columnar {

class Buffer {
 public:
  static constexpr size_t kAlignment = 64;

  Buffer() = default;
  Buffer(const Buffer& other);
  Buffer& operator=(const Buffer& other);
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  ~Buffer();

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }

  // Ensures capacity for `bytes`; keeps the contents.
  void Reserve(size_t bytes) {
    if (bytes > capacity_) Grow(bytes);
  }
  // Sets the size; new bytes are uninitialised.
  void Resize(size_t bytes) {
    Reserve(bytes);
    size_ = bytes;
  }
  // Sets the size; new bytes are zero.
  void ResizeZeroed(size_t bytes) {
    size_t old = size_;
    Resize(bytes);
    if (bytes > old) std::memset(data_ + old, 0, bytes - old);
  }
  void Clear() { size_ = 0; }
  void Append(const void* bytes, size_t count) {
    if (count == 0) return;
    Reserve(size_ + count);
    std::memcpy(data_ + size_, bytes, count);
    size_ += count;
  }
  // By value: `value` may live in this buffer, which Append may reallocate.
  template <typename T>
  void Push(T value) {
    Append(&value, sizeof(T));
  }

  template <typename T>
  T* As() {
    return reinterpret_cast<T*>(data_);
  }
  template <typename T>
  const T* As() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  std::span<const T> Span() const {
    return {As<T>(), size_ / sizeof(T)};
  }

 private:
  void Grow(size_t minimum);

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace floe::columnar
