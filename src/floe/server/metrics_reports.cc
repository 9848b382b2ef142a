#include "floe/server/metrics_reports.h"

#include <array>

#include "floe/common/json.h"

namespace floe::server {

namespace {

struct ExportedCounter {
  std::string_view name;  // in the report
  std::string_view help;
};

constexpr std::array kScanCounters = {
    ExportedCounter{"result-data-files", "Data files scans planned to read"},
    ExportedCounter{"result-delete-files", "Delete files scans planned to read"},
    ExportedCounter{"total-data-manifests", "Data manifests of the scanned snapshots"},
    ExportedCounter{"scanned-data-manifests", "Data manifests scans read"},
    ExportedCounter{"skipped-data-manifests", "Data manifests scans pruned"},
    ExportedCounter{"skipped-data-files", "Data files scans pruned"},
    ExportedCounter{"skipped-delete-files", "Delete files scans pruned"},
    ExportedCounter{"total-file-size-in-bytes", "Bytes of the data files scans planned"},
    ExportedCounter{"total-delete-file-size-in-bytes", "Bytes of the delete files scans planned"},
};

constexpr std::array kCommitCounters = {
    ExportedCounter{"attempts", "Commit attempts clients made"},
    ExportedCounter{"added-data-files", "Data files commits added"},
    ExportedCounter{"removed-data-files", "Data files commits removed"},
    ExportedCounter{"added-delete-files", "Delete files commits added"},
    ExportedCounter{"removed-delete-files", "Delete files commits removed"},
    ExportedCounter{"added-records", "Records commits added"},
    ExportedCounter{"removed-records", "Records commits removed"},
    ExportedCounter{"added-files-size-in-bytes", "Bytes of the files commits added"},
    ExportedCounter{"removed-files-size-in-bytes", "Bytes of the files commits removed"},
};

std::string MetricName(std::string_view type, std::string_view counter) {
  std::string name = "floe_table_" + std::string(type) + "_";
  for (char c : counter) name += c == '-' ? '_' : c;
  return name + "_total";
}

// Seconds in one unit of a TimerResult's time-unit (java.util.concurrent.TimeUnit names, any case).
double SecondsPerUnit(std::string_view unit) {
  std::string lower;
  for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "nanoseconds") return 1e-9;
  if (lower == "microseconds") return 1e-6;
  if (lower == "milliseconds") return 1e-3;
  if (lower == "seconds") return 1;
  if (lower == "minutes") return 60;
  if (lower == "hours") return 3600;
  if (lower == "days") return 86400;
  return 0;
}

// Reports are small (a few KiB); they are stored as sent.
constexpr size_t kMaxReportBytes = 1024 * 1024;

Status InvalidReport(std::string_view message) { return BadRequest("Invalid metrics report: {}", message); }

// Checks the metrics map: every entry a CounterResult or a TimerResult.
Status ValidateMetrics(const json::JsonObject& metrics) {
  for (auto field : metrics) {
    json::JsonObject result;
    if (field.value.get_object().get(result)) {
      return InvalidReport(fmt::format("metrics.{} must be an object, not {}", field.key, json::TypeName(field.value)));
    }
    bool counter = json::Has(result, "value");
    bool timer = json::Has(result, "total-duration");
    if (counter == timer) {
      return InvalidReport(fmt::format("metrics.{} is neither a counter (unit, value) nor a timer (time-unit, count, "
                                       "total-duration)",
                                       field.key));
    }
    auto number = json::GetLong(result, counter ? "value" : "total-duration");
    if (!number.ok()) return InvalidReport(fmt::format("metrics.{}: {}", field.key, number.status().message()));
    auto unit = json::GetString(result, counter ? "unit" : "time-unit");
    if (!unit.ok()) return InvalidReport(fmt::format("metrics.{}: {}", field.key, unit.status().message()));
    if (timer) {
      auto count = json::GetLong(result, "count");
      if (!count.ok()) return InvalidReport(fmt::format("metrics.{}: {}", field.key, count.status().message()));
    }
  }
  return Status::OK();
}

}  // namespace

MetricsReportHandler::MetricsReportHandler(std::shared_ptr<catalog::Catalog> catalog,
                                           std::shared_ptr<MetricsRegistry> metrics, size_t max_tables)
    : catalog_(std::move(catalog)), metrics_(std::move(metrics)), max_tables_(max_tables) {}

MetricLabels MetricsReportHandler::LabelsFor(const catalog::TableIdentifier& table) {
  std::string key = table.ns.ToString() + "\n" + table.name;
  std::lock_guard lock(mutex_);
  if (tables_.count(key) || (tables_.size() < max_tables_ && tables_.insert(key).second)) {
    return {{"namespace", table.ns.ToString()}, {"table", table.name}};
  }
  return {{"namespace", "_other"}, {"table", "_other"}};
}

Result<HttpResponse> MetricsReportHandler::Handle(const catalog::TableIdentifier& table, const HttpRequest& request) {
  if (request.body.empty()) return BadRequest("Missing request body");
  if (request.body.size() > kMaxReportBytes) {
    return InvalidReport(fmt::format("{} bytes, more than the {} a report may have", request.body.size(),
                                     kMaxReportBytes));
  }
  auto document = json::JsonDocument::Parse(request.body);
  if (!document.ok()) return BadRequest("Malformed JSON request body: {}", document.status().message());
  json::JsonObject report;
  if (document->root().get_object().get(report)) return BadRequest("Invalid request body: expected a JSON object");
  auto type = json::GetString(report, "report-type");
  if (!type.ok()) return InvalidReport(type.status().message());
  if (*type != "scan-report" && *type != "commit-report") {
    return InvalidReport(fmt::format("unknown report-type '{}' (expected scan-report or commit-report)", *type));
  }
  bool scan = *type == "scan-report";
  for (std::string_view field : scan ? std::vector<std::string_view>{"table-name", "snapshot-id", "schema-id",
                                                                     "projected-field-ids", "projected-field-names",
                                                                     "metrics", "filter"}
                                     : std::vector<std::string_view>{"table-name", "snapshot-id", "sequence-number",
                                                                     "operation", "metrics"}) {
    if (!json::Has(report, field)) return InvalidReport(fmt::format("missing field '{}'", field));
  }
  auto snapshot_id = json::GetLong(report, "snapshot-id");
  if (!snapshot_id.ok()) return InvalidReport(snapshot_id.status().message());
  auto metrics = json::GetObject(report, "metrics");
  if (!metrics.ok()) return InvalidReport(metrics.status().message());
  FLOE_RETURN_IF_ERROR(ValidateMetrics(*metrics));

  catalog::MetricsReportRecord record;
  record.report_type = std::string(*type);
  record.snapshot_id = *snapshot_id;
  record.report = request.body;
  FLOE_RETURN_IF_ERROR(catalog_->ReportMetrics(table, std::move(record)));

  if (metrics_) {
    MetricLabels labels = LabelsFor(table);
    MetricLabels with_type = labels;
    with_type.emplace_back("type", std::string(*type));
    metrics_->GetCounter("floe_table_metrics_reports_total", "Metrics reports clients sent, by table and type",
                         with_type)
        .Increment();
    std::string_view family = scan ? "scan" : "commit";
    for (const auto& counter : scan ? std::vector<ExportedCounter>(kScanCounters.begin(), kScanCounters.end())
                                    : std::vector<ExportedCounter>(kCommitCounters.begin(), kCommitCounters.end())) {
      auto value = json::Find(*metrics, counter.name);
      if (!value) continue;
      auto number = json::GetLong(value->get_object().value(), "value");
      if (!number.ok() || *number <= 0) continue;
      metrics_->GetCounter(MetricName(family, counter.name), counter.help, labels)
          .Increment(static_cast<uint64_t>(*number));
    }
    // Timers: seconds, summed. The histogram family takes fractional sums.
    std::string_view timer_name = scan ? "total-planning-duration" : "total-duration";
    if (auto timer = json::Find(*metrics, timer_name)) {
      auto object = timer->get_object().value();
      auto total = json::GetLong(object, "total-duration");
      auto unit = json::GetString(object, "time-unit");
      if (total.ok() && unit.ok() && *total > 0) {
        double seconds = static_cast<double>(*total) * SecondsPerUnit(*unit);
        metrics_
            ->GetHistogram(scan ? "floe_table_scan_planning_seconds" : "floe_table_commit_duration_seconds",
                           scan ? "Scan planning time clients reported" : "Commit time clients reported", labels)
            .Observe(seconds);
      }
    }
  }
  return HttpResponse::NoContent();
}

}  // namespace floe::server
