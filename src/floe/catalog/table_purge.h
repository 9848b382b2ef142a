// Purging dropped tables (dropTable with purgeRequested=true).
//
// The drop and the record of the pending purge are one store transaction
// (CatalogStore::DropTableForPurge); the files are deleted afterwards by a
// TablePurger, in the background. Pending purges survive restarts: a purger
// resumes every purge it finds in the store (at start, then periodically, so
// a purge left by a crashed instance sharing the database is resumed too).
//
// Which files: everything reachable from the table's last metadata file and
// from every metadata file in its metadata log - each version's snapshots'
// manifest lists (or v1 inline manifests), their manifests, the data and
// delete files the manifests list (entries of every status), statistics and
// partition statistics files, and the metadata files themselves.
//
// Order (what makes a resumed purge complete): data and delete files, then
// manifests, then manifest lists and statistics files, then the metadata
// files, the last metadata file last. A file is deleted only after every
// file that names it was read, so a purge interrupted anywhere finds, when
// resumed, every file still left: a missing file was already deleted, and
// whatever it named was deleted before it.
//
// Failures: a missing file is skipped; an unreadable (corrupt) manifest or
// metadata file is logged and skipped (its referenced files cannot be
// known); a storage error stops this purge, which is retried later.
//
// Thread-safety: thread-safe. The destructor stops the background thread
// (an interrupted purge resumes at the next start).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "floe/catalog/catalog_store.h"
#include "floe/io/file_io.h"

namespace floe::catalog {

// Deletes the files of the table whose last metadata file is
// `metadata_location`, in the order above. Errors: kIOError from storage.
Status PurgeTableFiles(io::FileIO& file_io, const std::string& metadata_location);

class TablePurger {
 public:
  TablePurger(std::shared_ptr<CatalogStore> store, std::shared_ptr<io::FileIO> file_io);
  ~TablePurger();
  TablePurger(const TablePurger&) = delete;
  TablePurger& operator=(const TablePurger&) = delete;

  // Starts the background thread: it runs the pending purges now, when
  // notified, and every `interval` (for purges other instances left).
  void Start(std::chrono::milliseconds interval = std::chrono::seconds(60));
  // A purge was recorded: run it soon.
  void Notify();
  // Runs every pending purge the store lists (and this purger can claim) on
  // the calling thread. Errors: the first store or storage error (the
  // other purges still ran).
  Status RunPendingPurges();
  // Blocks until no pending purge this purger can run is left (tests).
  void WaitUntilIdle();

  uint64_t purged_tables() const { return purged_tables_.load(); }

 private:
  void Loop(std::chrono::milliseconds interval);

  std::shared_ptr<CatalogStore> store_;
  std::shared_ptr<io::FileIO> file_io_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool stopping_ = false;
  uint64_t requests_ = 0;  // Notify() calls
  uint64_t served_ = 0;    // requests_ when the last full pass started
  bool running_ = false;
  std::thread thread_;
  std::atomic<uint64_t> purged_tables_{0};
};

}  // namespace floe::catalog
