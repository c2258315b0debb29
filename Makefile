# One command each: `make serve` (set up and serve the site), `make test` (set up and run the tests).
.PHONY: setup serve build test validate bench

setup:
	bash scripts/setup.sh

serve: setup
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve

build: setup
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict

validate: setup
	.venv/bin/peerdir validate

test:
	bash scripts/setup.sh --test
	bash scripts/test.sh

bench: setup
	.venv/bin/python benchmarks/scale.py --meetings 10000 --compare-naive --repeat 3
