// libFuzzer target for the TZif parser (time_zone.h): any bytes must parse
// or fail with kInvalidData, never crash or hang, and a parsed zone answers
// offsets and local-time lookups over the whole range of instants.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "floe/timezone/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto zone = floe::timezone::TimeZone::Parse("fuzz", bytes);
  if (zone.ok()) {
    for (int64_t t : {INT64_MIN / 4, int64_t{-5000000000}, int64_t{0}, int64_t{1600000000}, int64_t{4102444800},
                      int64_t{90000000000}, INT64_MAX / 4}) {
      (void)(*zone)->OffsetAt(t);
      (void)(*zone)->UtcOfLocal(t);
    }
  }
  (void)floe::timezone::TimeZone::ParseRule(bytes);
  return 0;
}
