# Địa Bàn — the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
# Local PostgreSQL tried by `make test` when DATABASE_URL is not set (see README).
LOCAL_PG_URL ?= postgresql://diaban:diaban@127.0.0.1:5432/diaban

.PHONY: install demo serve test lint test-sqlite test-postgres bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	DATABASE_URL= $(BIN)/diaban migrate --noinput
	DATABASE_URL= $(BIN)/diaban demo
	@echo ""
	@echo "Địa Bàn đang chạy tại http://$(HOST)/ — đăng nhập bằng một tài khoản ở trên. Ctrl+C để dừng."
	DATABASE_URL= $(BIN)/diaban runserver $(HOST)

serve: install
	$(BIN)/diaban runserver $(HOST)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

# The two passes side by side, each printed when it ends: one fills the cores while the other waits (a browser, the
# database, the demo being loaded); the PostgreSQL pass takes the demo the SQLite pass loads (tests/demo_snapshot.py).
test: lint
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres DEMO_FROM_SQLITE=1

# Both cores: each test file runs whole on one worker, so a module's shared rows are built once; in the order
# tests/conftest.py gives them (the demo's first module first, so that its load overlaps the other files).
PYTEST := $(BIN)/pytest -n auto --dist loadfile --no-loadscope-reorder

test-sqlite: install
	@echo "== Kiểm thử trên SQLite =="
	DATABASE_URL= $(PYTEST)

# PostgreSQL pass: DATABASE_URL if it names PostgreSQL, else the local server above if it answers.
# With CI=true a missing PostgreSQL is a failure, not a skip.
test-postgres: install
	@url="$$($(BIN)/python tests/find_postgres.py "$(LOCAL_PG_URL)")"; \
	if [ -n "$$url" ]; then \
		echo "== Kiểm thử trên PostgreSQL =="; \
		DATABASE_URL="$$url" DIABAN_EXPECT_POSTGRES=1 DIABAN_TEST_DEMO_FROM_SQLITE=$(DEMO_FROM_SQLITE) $(PYTEST); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL không kết nối được, mà CI=true: thất bại." >&2; exit 1; \
	else \
		echo "== Không có PostgreSQL (đặt DATABASE_URL hoặc chạy máy chủ cục bộ): bỏ qua lượt PostgreSQL =="; \
	fi

bench: install
	DATABASE_URL= $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
