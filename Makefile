# The two commands of samizdat: `make serve` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install serve test lint format clean studio-assets

install: $(STAMP)

# Re-install whenever pyproject.toml changes; the stamp file records the last install.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: install
	$(BIN)/samizdat serve --port $(PORT)

# The real OpenID Connect provider the identity tests sign in at (Node.js, from npm's registry).
OIDC_PROVIDER := tests/identity/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --silent

# axe-core, which the studio's accessibility tests inject into its pages (from npm's registry).
AXE := tests/studio/axe
$(AXE)/node_modules/.package-lock.json: $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund --silent

# SQLite always; PostgreSQL too whenever SAMIZDAT_TEST_DATABASE_URL is set (scripts/test decides).
test: install $(OIDC_PROVIDER)/node_modules/.package-lock.json $(AXE)/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/test.py $(PYTEST_ARGS)

# The editor library the studio vendors (CodeMirror 6, samizdat/studio/static/studio/vendor/):
# rebuilt from package-lock.json with esbuild. Only needed to upgrade it: serve and test use the
# committed files and need no Node.js.
STUDIO_ASSETS := samizdat/studio/assets
studio-assets:
	npm ci --prefix $(STUDIO_ASSETS) --no-audit --no-fund --silent
	cd $(STUDIO_ASSETS) && node build.mjs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache build *.egg-info
