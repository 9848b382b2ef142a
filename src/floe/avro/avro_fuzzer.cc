// libFuzzer target for the Avro layer: container files (header, codecs,
// blocks, records, Avro 1.2 layout), generic decoding, schema resolution and
// schema JSON parsing. It checks round-trip invariants as well as crashes,
// hangs and unbounded allocations.
//
// Build and run (clang only; seed it with the shared fixtures):
//   cmake -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DFLOE_FUZZ=ON
//   cmake --build build-fuzz --target avro_fuzzer
//   mkdir -p /tmp/avro-corpus
//   build-fuzz/bin/avro_fuzzer -max_total_time=120 -rss_limit_mb=2048 /tmp/avro-corpus \
//       $FLOE_FIXTURES/avro/data $FLOE_FIXTURES/avro/lang-c-tests
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "floe/avro/container.h"
#include "floe/avro/resolver.h"

namespace {

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "avro_fuzzer invariant violated: %s\n", what);
    std::abort();
  }
}

void FuzzSchemaJson(std::string_view text) {
  auto schema = floe::avro::Schema::Parse(text);
  if (!schema.ok()) return;
  std::string json = (*schema)->ToJson();
  auto again = floe::avro::Schema::Parse(json);
  Check(again.ok(), "a written schema parses again");
  Check((*again)->ToJson() == json, "schema JSON round-trips");
  Check((*again)->ToCanonicalJson() == (*schema)->ToCanonicalJson(), "canonical form is stable");
}

void FuzzContainer(std::string contents) {
  auto reader = floe::avro::ContainerReader::Open(std::move(contents), "fuzz.avro");
  if (!reader.ok()) return;
  auto writer_schema = (*reader)->writer_schema();
  const floe::avro::Node& root = writer_schema->root();
  auto resolved = floe::avro::ResolvedSchema::Make(writer_schema, writer_schema);
  Check(resolved.ok(), "a schema resolves against itself");
  floe::avro::ContainerBlock block;
  int blocks = 0;
  while (blocks < 1000) {
    auto more = (*reader)->NextBlock(&block);
    if (!more.ok() || !*more) break;
    ++blocks;
    floe::avro::Decoder decoder(block.data);
    floe::avro::Decoder resolving_decoder(block.data);
    for (int64_t i = 0; i < block.record_count; ++i) {
      floe::avro::Datum datum;
      if (!floe::avro::DecodeDatum(decoder, root, &datum).ok()) break;
      floe::avro::Datum resolved_datum;
      Check((*resolved)->Decode(resolving_decoder, &resolved_datum).ok(), "identity resolution decodes too");
      Check(resolved_datum == datum, "identity resolution gives the same datum");
      (void)floe::avro::DatumToJson(root, datum);
      floe::avro::Encoder encoder;
      Check(floe::avro::EncodeDatum(root, datum, encoder).ok(), "a decoded datum encodes");
      floe::avro::Decoder again(encoder.bytes());
      floe::avro::Datum round_trip;
      Check(floe::avro::DecodeDatum(again, root, &round_trip).ok(), "a re-encoded datum decodes");
      Check(round_trip == datum, "datum round-trips");
    }
  }
  (*reader)->Rewind();
  floe::avro::Datum record;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->NextRecord(&record);
    if (!more.ok() || !*more) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > 0 && (data[0] == '{' || data[0] == '[' || data[0] == '"')) {
    FuzzSchemaJson(input);
    return 0;
  }
  FuzzContainer(std::string(input));
  return 0;
}
