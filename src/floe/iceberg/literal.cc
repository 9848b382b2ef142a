// Iceberg literals (skeleton; full version follows).
#include "floe/iceberg/literal.h"

#include "floe/iceberg/types.h"

namespace floe::iceberg {

std::strong_ordering CompareLiterals(const Literal& a, const Literal& b) { return std::strong_ordering::equal; }
Result<std::string> ToBinary(const Type& type, const Literal& value) { return NotImplemented("ToBinary"); }
Result<Literal> FromBinary(const Type& type, std::string_view bytes) { return NotImplemented("FromBinary"); }
Result<std::string> ToJsonText(const Type& type, const Literal& value) { return NotImplemented("ToJsonText"); }
Result<Literal> FromJsonText(const Type& type, std::string_view json_text) { return NotImplemented("FromJsonText"); }
std::string ToHumanString(const Type& type, const Literal& value) { return "null"; }
Result<Literal> ParseLiteral(const Type& type, std::string_view text) { return NotImplemented("ParseLiteral"); }

}  // namespace floe::iceberg
