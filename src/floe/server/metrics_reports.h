// reportMetrics (POST .../tables/{table}/metrics): the scan and commit
// reports clients send after planning a scan or committing. Each report is
// validated, stored in the catalog store (Catalog::ReportMetrics, kept for
// the retention period), and its figures are added to Prometheus counters:
//   floe_table_metrics_reports_total{namespace,table,type}
//   floe_table_scan_<counter>_total{namespace,table}   (result-data-files, skipped-data-files, ...)
//   floe_table_scan_planning_seconds{namespace,table}     (histogram of total-planning-duration)
//   floe_table_commit_<counter>_total{namespace,table} (added-records, attempts, ...)
//   floe_table_commit_duration_seconds{namespace,table}   (histogram of total-duration)
// At most `max_tables` distinct tables get their own series; reports of
// further tables are counted under table="_other" (bounded cardinality).
//
// Errors: 400 for a body that is not a ReportMetricsRequest (naming the
// field), 404 NoSuchTableException for a missing table.
// Thread-safety: Handle is thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "floe/catalog/catalog.h"
#include "floe/server/http_message.h"
#include "floe/server/metrics.h"

namespace floe::server {

class MetricsReportHandler {
 public:
  // `metrics` may be null: reports are then stored but not exported.
  MetricsReportHandler(std::shared_ptr<catalog::Catalog> catalog, std::shared_ptr<MetricsRegistry> metrics,
                       size_t max_tables = 1000);

  Result<HttpResponse> Handle(const catalog::TableIdentifier& table, const HttpRequest& request);

 private:
  // The labels of `table`, or of "_other" past max_tables.
  MetricLabels LabelsFor(const catalog::TableIdentifier& table);

  std::shared_ptr<catalog::Catalog> catalog_;
  std::shared_ptr<MetricsRegistry> metrics_;
  size_t max_tables_;
  std::mutex mutex_;
  std::set<std::string> tables_;  // tables with their own series
};

}  // namespace floe::server
