// Writes Avro files for the independent check in
// test/avro/validate_with_python_avro.sh: one file per codec that Debian's
// python3-avro can read (null, deflate), plus expected.jsonl holding the same
// records as DatumToJson renders them.
//
// Usage: avro_write_validation_files OUTPUT_DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include "floe/avro/container.h"
#include "floe/io/local_file_io.h"

namespace {

constexpr std::string_view kSchema = R"({"type":"record","name":"manifest_entry","namespace":"floe.test",
  "doc":"Records shaped like Iceberg manifest entries","fields":[
  {"name":"status","type":"int","field-id":0},
  {"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},
  {"name":"file_path","type":"string","doc":"Location URI","field-id":100},
  {"name":"content","type":{"type":"enum","name":"Content","symbols":["DATA","POSITION_DELETES","EQUALITY_DELETES"]},"field-id":134},
  {"name":"record_count","type":"long","field-id":103},
  {"name":"ts","type":{"type":"long","logicalType":"timestamp-micros","adjust-to-utc":true},"field-id":104},
  {"name":"split_offsets","type":["null",{"type":"array","items":"long","element-id":133}],"default":null,"field-id":132},
  {"name":"properties","type":{"type":"map","values":"string","key-id":201,"value-id":202},"field-id":200},
  {"name":"key_metadata","type":["null","bytes"],"default":null,"field-id":131},
  {"name":"checksum","type":{"type":"fixed","name":"md5","size":4},"field-id":300},
  {"name":"ratio","type":"float","field-id":301},
  {"name":"weight","type":"double","field-id":302},
  {"name":"valid","type":"boolean","field-id":303},
  {"name":"nothing","type":"null","field-id":304}
]})";

floe::avro::Datum Entry(int64_t i) {
  using floe::avro::Datum;
  std::vector<Datum> offsets;
  for (int64_t j = 0; j < i % 4; ++j) offsets.push_back(Datum::Long(j * 4096 - 1));
  return Datum::Record({
      Datum::Int(static_cast<int32_t>(i % 3)),
      i % 5 == 0 ? Datum::Union(0, Datum::Null()) : Datum::Union(1, Datum::Long(i * 1234567890123LL)),
      Datum::String(fmt::format("s3://bucket/db/table/data/part-{}-é.parquet", i)),
      Datum::Enum(static_cast<size_t>(i % 3)),
      Datum::Long(-i * 1000),
      Datum::Long(1700000000000000 + i),
      i % 2 == 0 ? Datum::Union(0, Datum::Null()) : Datum::Union(1, Datum::Array(offsets)),
      Datum::Map({fmt::format("k{}", i), "owner"}, {Datum::String("v"), Datum::String("floe")}),
      i % 3 == 0 ? Datum::Union(1, Datum::Bytes(std::string("\x00\x01\x7f", 3))) : Datum::Union(0, Datum::Null()),
      Datum::Fixed(std::string("\x01\x02\x03", 3) + static_cast<char>(i % 128)),
      Datum::Float(static_cast<float>(i) * 0.25f),
      Datum::Double(static_cast<double>(i) / 8.0),
      Datum::Boolean(i % 2 == 1),
      Datum::Null(),
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: avro_write_validation_files OUTPUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::filesystem::create_directories(dir);
  auto schema = floe::avro::Schema::Parse(kSchema);
  if (!schema.ok()) {
    std::cerr << schema.status().ToString() << "\n";
    return 1;
  }
  std::vector<floe::avro::Datum> records;
  for (int64_t i = 0; i < 500; ++i) records.push_back(Entry(i));

  floe::io::LocalFileIO file_io;
  for (auto codec : {floe::avro::Codec::kNull, floe::avro::Codec::kDeflate}) {
    std::string path = dir + "/entries-" + std::string(floe::avro::CodecName(codec)) + ".avro";
    auto output = file_io.CreateOutput(path, floe::io::WriteMode::kOverwrite);
    if (!output.ok()) {
      std::cerr << output.status().ToString() << "\n";
      return 1;
    }
    floe::avro::ContainerWriterOptions options;
    options.codec = codec;
    options.block_size = 2048;
    options.metadata = {{"floe.test", "yes"}};
    auto writer = floe::avro::ContainerWriter::Open(std::move(output).value(), *schema, options);
    floe::Status status = writer.ok() ? floe::Status::OK() : writer.status();
    for (size_t i = 0; status.ok() && i < records.size(); ++i) status = (*writer)->Append(records[i]);
    if (status.ok()) status = (*writer)->Close();
    if (!status.ok()) {
      std::cerr << status.ToString() << "\n";
      return 1;
    }
  }
  std::ofstream expected(dir + "/expected.jsonl");
  for (const auto& record : records) expected << floe::avro::DatumToJson((*schema)->root(), record) << "\n";
  return expected.good() ? 0 : 1;
}
