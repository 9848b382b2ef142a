// Skipping encoded values: advances a Decoder past one value of a schema
// without materialising it. Used for writer-only fields during schema
// resolution and by plan-based readers (the manifest reader) to jump over
// fields they do not project.
//
// Contract: returns false (and leaves the decoder failed, see decoder.h)
// on malformed input or when values nest deeper than
// Decoder::kMaxNestingDepth. Arrays and maps written with negative block
// counts (which carry their byte size) are skipped in O(1) per block.
// Thread-safe as long as each thread uses its own Decoder.
#pragma once

#include "floe/avro/decoder.h"
#include "floe/avro/schema.h"

namespace floe::avro {

[[nodiscard]] bool SkipValue(Decoder& decoder, const Node& schema, int depth = 0);

}  // namespace floe::avro
