# floe: the two commands a newcomer runs are `make run` and `make test`.
# Everything else here is a building block of those two.

BUILD_DIR  ?= build
ASAN_DIR   ?= build-asan
JOBS       ?= 2
CMAKE_GEN  := -G Ninja
CMAKE_LAUNCH := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all deps test-deps bench-deps build build-asan run test test-release test-asan bench fuzz clean

all: build

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release $(CMAKE_LAUNCH)

# The floe binary only (what `make run` needs).
build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target floe

$(ASAN_DIR)/build.ninja:
	cmake -S . -B $(ASAN_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DFLOE_SANITIZE=ON $(CMAKE_LAUNCH)

build-asan: test-deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)

# Starts the catalog on embedded defaults (SQLite catalog, ./warehouse).
run: build
	$(BUILD_DIR)/bin/floe serve

# Every test: the Release build, then the parsing layers' tests again under
# ASan+UBSan (common, io, avro, columnar, parquet, iceberg, sql).
test: test-deps
	@$(MAKE) --no-print-directory test-release
	@$(MAKE) --no-print-directory test-asan

# Everything but the benchmarks, then every test.
test-release: test-deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE no-asan

# Builds the benchmarks; see docs/BENCHMARKS.md for how each is run.
bench-deps:
	@scripts/deps.sh bench

bench: bench-deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target metadata_json_benchmark manifest_benchmark parquet_bench floe_http_benchmark s3_bench

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
