#include "floe/timezone/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>


namespace floe::timezone {

namespace {

constexpr int64_t kDay = 86400;

// Big-endian reads over a bounded buffer.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Has(size_t bytes) const { return bytes <= data_.size() - position_; }
  size_t position() const { return position_; }
  std::string_view Take(size_t bytes) {
    std::string_view out = data_.substr(position_, bytes);
    position_ += bytes;
    return out;
  }
  int64_t Signed(size_t bytes) {
    uint64_t value = 0;
    for (size_t i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(data_[position_ + i]);
    position_ += bytes;
    if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
    return static_cast<int64_t>(value);
  }
  uint32_t Unsigned32() { return static_cast<uint32_t>(Signed(4)); }

 private:
  std::string_view data_;
  size_t position_ = 0;
};

struct Header {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

Result<Header> ReadHeader(Reader* reader) {
  if (!reader->Has(44)) return InvalidData("TZif data is truncated: no header");
  if (reader->Take(4) != "TZif") return InvalidData("not a TZif file: bad magic");
  Header header;
  header.version = reader->Take(1)[0];
  if (header.version != 0 && (header.version < '2' || header.version > '4')) {
    return InvalidData("unsupported TZif version {}", static_cast<int>(header.version));
  }
  reader->Take(15);
  header.isutcnt = reader->Unsigned32();
  header.isstdcnt = reader->Unsigned32();
  header.leapcnt = reader->Unsigned32();
  header.timecnt = reader->Unsigned32();
  header.typecnt = reader->Unsigned32();
  header.charcnt = reader->Unsigned32();
  if (header.typecnt == 0 || header.typecnt > 256) return InvalidData("TZif has {} local time types", header.typecnt);
  if ((header.isutcnt != 0 && header.isutcnt != header.typecnt) ||
      (header.isstdcnt != 0 && header.isstdcnt != header.typecnt)) {
    return InvalidData("TZif indicator counts do not match the type count");
  }
  if (header.timecnt > 1000000 || header.leapcnt > 100000 || header.charcnt > 100000) {
    return InvalidData("TZif counts are implausibly large");
  }
  return header;
}

// Bytes of a data block with `time_size`-byte times.
uint64_t BlockSize(const Header& header, uint64_t time_size) {
  return header.timecnt * time_size + header.timecnt + header.typecnt * 6ull + header.charcnt +
         header.leapcnt * (time_size + 4) + header.isstdcnt + header.isutcnt;
}

// --- POSIX TZ strings ---

class RuleParser {
 public:
  explicit RuleParser(std::string_view text) : text_(text) {}

  Result<TimeZone::Rule> Parse() {
    TimeZone::Rule rule;
    FLOE_RETURN_IF_ERROR(Name());
    FLOE_ASSIGN_OR_RETURN(int32_t standard, Offset(24));
    rule.standard_offset = -standard;  // POSIX offsets are west of UTC
    if (AtEnd()) return rule;
    FLOE_RETURN_IF_ERROR(Name());
    rule.has_dst = true;
    rule.dst_offset = rule.standard_offset + 3600;
    if (!AtEnd() && Peek() != ',') {
      FLOE_ASSIGN_OR_RETURN(int32_t dst, Offset(24));
      rule.dst_offset = -dst;
    }
    if (AtEnd()) {
      // No dates: the US rules, as glibc assumes.
      rule.start = {TimeZone::Rule::Date::Kind::kMonthWeekDay, 0, 3, 2, 0, 7200};
      rule.end = {TimeZone::Rule::Date::Kind::kMonthWeekDay, 0, 11, 1, 0, 7200};
      return rule;
    }
    if (Peek() != ',') return Fail("expected ','");
    ++position_;
    FLOE_ASSIGN_OR_RETURN(rule.start, Date());
    if (AtEnd() || Peek() != ',') return Fail("expected ','");
    ++position_;
    FLOE_ASSIGN_OR_RETURN(rule.end, Date());
    if (!AtEnd()) return Fail("trailing characters");
    return rule;
  }

 private:
  bool AtEnd() const { return position_ >= text_.size(); }
  char Peek() const { return text_[position_]; }
  Status Fail(std::string_view what) const {
    return InvalidData("invalid TZ rule '{}' at {}: {}", text_, position_, what);
  }

  Status Name() {
    if (!AtEnd() && Peek() == '<') {
      size_t close = text_.find('>', position_);
      if (close == std::string_view::npos) return Fail("unterminated <name>");
      position_ = close + 1;
      return Status::OK();
    }
    size_t start = position_;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(Peek()))) ++position_;
    if (position_ - start < 3) return Fail("zone abbreviation too short");
    return Status::OK();
  }

  Result<int32_t> Number(int32_t max) {
    if (AtEnd() || !std::isdigit(static_cast<unsigned char>(Peek()))) return Fail("expected a number");
    int32_t value = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) {
      value = value * 10 + (Peek() - '0');
      if (value > max) return Fail("number out of range");
      ++position_;
    }
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to `max_hours`.
  Result<int32_t> Offset(int32_t max_hours) {
    int32_t sign = 1;
    if (!AtEnd() && (Peek() == '+' || Peek() == '-')) {
      sign = Peek() == '-' ? -1 : 1;
      ++position_;
    }
    FLOE_ASSIGN_OR_RETURN(int32_t hours, Number(max_hours));
    int32_t seconds = hours * 3600;
    for (int32_t unit : {60, 1}) {
      if (AtEnd() || Peek() != ':') break;
      ++position_;
      FLOE_ASSIGN_OR_RETURN(int32_t part, Number(59));
      seconds += part * unit;
    }
    return sign * seconds;
  }

  Result<TimeZone::Rule::Date> Date() {
    TimeZone::Rule::Date date;
    if (!AtEnd() && Peek() == 'M') {
      ++position_;
      date.kind = TimeZone::Rule::Date::Kind::kMonthWeekDay;
      FLOE_ASSIGN_OR_RETURN(date.month, Number(12));
      if (AtEnd() || Peek() != '.') return Fail("expected '.'");
      ++position_;
      FLOE_ASSIGN_OR_RETURN(date.week, Number(5));
      if (AtEnd() || Peek() != '.') return Fail("expected '.'");
      ++position_;
      FLOE_ASSIGN_OR_RETURN(date.weekday, Number(6));
      if (date.month < 1 || date.week < 1) return Fail("month and week start at 1");
    } else if (!AtEnd() && Peek() == 'J') {
      ++position_;
      date.kind = TimeZone::Rule::Date::Kind::kJulianNoLeap;
      FLOE_ASSIGN_OR_RETURN(date.day, Number(365));
      if (date.day < 1) return Fail("Julian day starts at 1");
    } else {
      date.kind = TimeZone::Rule::Date::Kind::kZeroBasedDay;
      FLOE_ASSIGN_OR_RETURN(date.day, Number(365));
    }
    if (!AtEnd() && Peek() == '/') {
      ++position_;
      FLOE_ASSIGN_OR_RETURN(date.time, Offset(167));  // RFC 8536 allows -167..167 hours
    }
    return date;
  }

  std::string_view text_;
  size_t position_ = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t CivilDays(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int64_t YearOfDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  return year_of_era + era * 400 + (month_index >= 10 ? 1 : 0);
}

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Local seconds (since the epoch, local) when `date` happens in `year`.
int64_t LocalTransition(const TimeZone::Rule::Date& date, int64_t year) {
  int64_t day = 0;
  switch (date.kind) {
    case TimeZone::Rule::Date::Kind::kJulianNoLeap: {
      int64_t ordinal = date.day - 1;  // Feb 29 is never counted
      if (IsLeapYear(year) && date.day >= 60) ++ordinal;
      day = CivilDays(year, 1, 1) + ordinal;
      break;
    }
    case TimeZone::Rule::Date::Kind::kZeroBasedDay: day = CivilDays(year, 1, 1) + date.day; break;
    case TimeZone::Rule::Date::Kind::kMonthWeekDay: {
      int64_t first = CivilDays(year, date.month, 1);
      int64_t first_weekday = ((first % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
      int64_t offset = (date.weekday - first_weekday + 7) % 7;
      day = first + offset + (date.week - 1) * 7;
      if (date.week == 5) {
        int64_t next_month = date.month == 12 ? CivilDays(year + 1, 1, 1)
                                              : CivilDays(year, date.month + 1, 1);
        while (day >= next_month) day -= 7;
      }
      break;
    }
  }
  return day * kDay + date.time;
}

int64_t YearOf(int64_t utc_seconds) {
  int64_t days = utc_seconds >= 0 ? utc_seconds / kDay : -((-utc_seconds + kDay - 1) / kDay);
  return YearOfDays(days);
}

}  // namespace

int32_t TimeZone::Rule::OffsetAt(int64_t utc_seconds) const {
  if (!has_dst) return standard_offset;
  int64_t year = YearOf(utc_seconds + standard_offset);
  int64_t dst_start = LocalTransition(start, year) - standard_offset;  // DST starts in standard time
  int64_t dst_end = LocalTransition(end, year) - dst_offset;           // and ends in DST
  bool dst = dst_start < dst_end ? (utc_seconds >= dst_start && utc_seconds < dst_end)
                                 : !(utc_seconds >= dst_end && utc_seconds < dst_start);
  return dst ? dst_offset : standard_offset;
}

Result<TimeZone::Rule> TimeZone::ParseRule(std::string_view text) { return RuleParser(text).Parse(); }

Result<std::shared_ptr<const TimeZone>> TimeZone::Parse(std::string name, std::string_view data) {
  Reader reader(data);
  FLOE_ASSIGN_OR_RETURN(Header header, ReadHeader(&reader));
  uint64_t time_size = 4;
  if (header.version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    uint64_t skip = BlockSize(header, 4);
    if (!reader.Has(skip)) return InvalidData("TZif data is truncated in the version 1 block");
    reader.Take(skip);
    FLOE_ASSIGN_OR_RETURN(header, ReadHeader(&reader));
    time_size = 8;
  }
  if (!reader.Has(BlockSize(header, time_size))) return InvalidData("TZif data is truncated: counts run past the end");
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  zone->transitions_.reserve(header.timecnt);
  for (uint32_t i = 0; i < header.timecnt; ++i) {
    int64_t time = reader.Signed(time_size);
    if (!zone->transitions_.empty() && time <= zone->transitions_.back()) {
      return InvalidData("TZif transition times are not ascending");
    }
    zone->transitions_.push_back(time);
  }
  for (uint32_t i = 0; i < header.timecnt; ++i) {
    uint8_t type = static_cast<uint8_t>(reader.Take(1)[0]);
    if (type >= header.typecnt) return InvalidData("TZif transition type {} out of range", type);
    zone->transition_types_.push_back(type);
  }
  for (uint32_t i = 0; i < header.typecnt; ++i) {
    int64_t offset = reader.Signed(4);
    uint8_t dst = static_cast<uint8_t>(reader.Take(1)[0]);
    reader.Take(1);  // abbreviation index
    if (offset <= -89999 || offset >= 93600 || dst > 1) return InvalidData("TZif local time type {} is invalid", i);
    zone->types_.push_back(LocalTimeType{static_cast<int32_t>(offset), dst == 1});
  }
  reader.Take(header.charcnt + header.leapcnt * (time_size + 4) + header.isstdcnt + header.isutcnt);
  zone->initial_offset_ = zone->types_[0].offset;
  if (header.version >= '2' && reader.Has(1)) {
    std::string_view rest = reader.Take(data.size() - reader.position());
    if (rest.size() < 2 || rest[0] != '\n') return InvalidData("TZif footer is missing");
    size_t end = rest.find('\n', 1);
    if (end == std::string_view::npos) return InvalidData("TZif footer is unterminated");
    std::string_view text = rest.substr(1, end - 1);
    if (!text.empty()) {
      FLOE_ASSIGN_OR_RETURN(Rule rule, ParseRule(text));
      zone->rule_ = rule;
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

std::shared_ptr<const TimeZone> TimeZone::Fixed(std::string name, int32_t offset_seconds) {
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  zone->initial_offset_ = offset_seconds;
  zone->types_.push_back(LocalTimeType{offset_seconds, false});
  return zone;
}

int32_t TimeZone::OffsetAt(int64_t utc_seconds) const {
  if (transitions_.empty() || utc_seconds < transitions_.front()) {
    if (transitions_.empty() && rule_) return rule_->OffsetAt(utc_seconds);
    return initial_offset_;
  }
  if (utc_seconds >= transitions_.back() && rule_) return rule_->OffsetAt(utc_seconds);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  size_t index = static_cast<size_t>(it - transitions_.begin()) - 1;
  return types_[transition_types_[index]].offset;
}

int64_t TimeZone::UtcOfLocal(int64_t local_seconds) const {
  int32_t before = OffsetAt(local_seconds - kDay);
  int32_t after = OffsetAt(local_seconds + kDay);
  int64_t earlier = local_seconds - before;
  if (earlier + OffsetAt(earlier) == local_seconds) return earlier;
  int64_t later = local_seconds - after;
  if (later + OffsetAt(later) == local_seconds) return later;
  // In a gap: moved forward by its length.
  return earlier;
}

std::string ZoneInfoDirectory() {
  const char* configured = std::getenv("FLOE_ZONEINFO");
  return configured && *configured ? configured : "/usr/share/zoneinfo";
}

namespace {

Status NotSupportedZone(std::string_view name) {
  return NotFound("Time zone not supported: {}", name);
}

// "+05:30", "-08", "+0530": seconds east, or nullopt.
std::optional<int32_t> ParseFixedOffset(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  int sign = text[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : text.substr(1)) {
    if (c == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  int hours = std::stoi(digits.substr(0, 2));
  int minutes = digits.size() == 4 ? std::stoi(digits.substr(2, 2)) : 0;
  if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0)) return std::nullopt;
  return sign * (hours * 3600 + minutes * 60);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<TimeZonePtr> LoadTimeZone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, TimeZonePtr> cache;  // by lower-case name
  std::string key = Lower(name);
  {
    std::lock_guard lock(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  TimeZonePtr zone;
  static const char* kUtcNames[] = {"utc", "z", "gmt", "ut", "zulu", "uct", "universal", "greenwich",
                                    "etc/utc", "etc/gmt", "etc/ut", "etc/uct", "etc/universal", "etc/zulu", "etc/greenwich"};
  if (std::find(std::begin(kUtcNames), std::end(kUtcNames), key) != std::end(kUtcNames)) {
    zone = TimeZone::Fixed("UTC", 0);
  } else if (auto offset = ParseFixedOffset(name)) {
    zone = *offset == 0 ? TimeZone::Fixed("UTC", 0)
                        : TimeZone::Fixed(fmt::format("{}{:02}:{:02}", *offset < 0 ? '-' : '+', std::abs(*offset) / 3600,
                                                      std::abs(*offset) % 3600 / 60),
                                          *offset);
  } else {
    // A plain zone path: letters, digits, '_', '-', '+', '/', no '..' or leading '/'.
    bool plain = !name.empty() && name.size() < 64 && name.front() != '/' && name.find("..") == std::string_view::npos;
    for (char c : name) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+' || c == '/');
    }
    if (!plain) return NotSupportedZone(name);
    namespace fs = std::filesystem;
    fs::path directory = ZoneInfoDirectory();
    std::string canonical(name);
    std::error_code error;
    if (!fs::is_regular_file(directory / canonical, error)) {
      // Zone names are case-insensitive: find the canonical spelling.
      canonical.clear();
      for (auto it = fs::recursive_directory_iterator(directory, error); !error && it != fs::recursive_directory_iterator();
           it.increment(error)) {
        std::string relative = it->path().lexically_relative(directory).string();
        if (Lower(relative) == key && it->is_regular_file(error)) {
          canonical = relative;
          break;
        }
      }
      if (canonical.empty()) return NotSupportedZone(name);
    }
    std::ifstream in(directory / canonical, std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    if (!in) return NotSupportedZone(name);
    FLOE_ASSIGN_OR_RETURN(zone, TimeZone::Parse(canonical, contents.str()));
  }
  std::lock_guard lock(mutex);
  return cache.emplace(key, zone).first->second;
}

namespace {

int64_t FloorDivide(int64_t value, int64_t unit) { return value >= 0 ? value / unit : -((-value + unit - 1) / unit); }

}  // namespace

Result<int64_t> LocalMicrosOf(int64_t utc_micros, std::string_view zone) {
  if (IsUtcZone(zone)) return utc_micros;
  FLOE_ASSIGN_OR_RETURN(TimeZonePtr loaded, LoadTimeZone(zone));
  return utc_micros + int64_t{loaded->OffsetAt(FloorDivide(utc_micros, 1000000))} * 1000000;
}

Result<int64_t> UtcMicrosOfLocal(int64_t local_micros, std::string_view zone) {
  if (IsUtcZone(zone)) return local_micros;
  FLOE_ASSIGN_OR_RETURN(TimeZonePtr loaded, LoadTimeZone(zone));
  int64_t seconds = FloorDivide(local_micros, 1000000);
  return loaded->UtcOfLocal(seconds) * 1000000 + (local_micros - seconds * 1000000);
}

std::optional<std::string> TrailingZoneName(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  // After the date and time, either a space then the zone, or an offset glued to the time.
  size_t space = text.find_last_of(' ');
  if (space != std::string_view::npos) {
    std::string_view last = text.substr(space + 1);
    bool has_letter = false;
    for (char c : last) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c));
    bool time_part = last.find(':') != std::string_view::npos && !has_letter && last[0] != '+' && last[0] != '-';
    if (!last.empty() && !time_part && (has_letter || last[0] == '+' || last[0] == '-')) return std::string(last);
  }
  // "10:00:00+05:30" / "...-08"
  size_t time = text.find(':');
  if (time != std::string_view::npos) {
    size_t sign = text.find_first_of("+-", time);
    if (sign != std::string_view::npos) return std::string(text.substr(sign));
  }
  return std::nullopt;
}

}  // namespace floe::timezone
