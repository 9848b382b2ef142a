// Well-known text (WKT) and well-known binary (WKB) for Iceberg geometry and
// geography values.
//
// Contract: a geometry/geography Literal holds ISO WKB bytes (spec Appendix D
// binary form); its JSON form is the WKT text as a JSON string (vectors §6:
// `POINT (30 10)`). These two functions convert between the two forms for
// POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON and
// GEOMETRYCOLLECTION, each in XY, Z, M and ZM and each possibly EMPTY.
//
// Writing: WKB is little-endian ISO (type code + 1000 for Z, 2000 for M,
// 3000 for ZM; POINT EMPTY as NaN coordinates). WKT uses upper-case keywords,
// the dimension tag when not XY (`POINT Z (1 2 3)`), numbers in shortest
// round-trip form (`30`, `0.1`, `1e+20`), `MULTIPOINT ((1 2), (3 4))`, and
// repeats the tag on the members of a GEOMETRYCOLLECTION.
// Reading: keywords are case-insensitive; an untagged geometry takes its
// dimension from its coordinate count (3 = Z, 4 = ZM); MULTIPOINT accepts
// unparenthesized points; WKB may be either byte order and may use the EWKB
// Z/M flags (an embedded SRID is rejected). One geometry mixes no dimensions.
// Malformed input gives kInvalidData with a one-line message.
// Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "floe/common/result.h"

namespace floe::iceberg {

// WKT text (e.g. "POINT (30 10)") -> little-endian ISO WKB bytes.
Result<std::string> WellKnownTextToBinary(std::string_view text);

// WKB bytes -> WKT text.
Result<std::string> WellKnownBinaryToText(std::string_view bytes);

}  // namespace floe::iceberg
