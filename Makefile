# Hashiya: `make run` opens the app, `make test` runs the whole suite.
# Both first install the Debian/Ubuntu packages they need when missing.

GO       ?= go
BIN      := hashiya
# gcc and the GL/X11 headers that Fyne's desktop driver builds against.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev
# A virtual X server and tools to drive and photograph the real window,
# Unicode's bidi conformance data, and a PostgreSQL server for the
# conformance suite (.ci/postgres starts a throwaway one).
TEST_PKGS  := xvfb xauth xdotool x11-utils imagemagick unicode-data python3 postgresql

.PHONY: run build test prereqs test-prereqs fmt-check vet unit postgres smoke clean

run: prereqs build
	./$(BIN)

build:
	$(GO) build -o $(BIN) .

test: test-prereqs fmt-check vet unit postgres smoke

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change these files:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race ./...

# The storage, command and window tests again, on a throwaway PostgreSQL server:
# every test that opens its database through the suite's helpers is a
# conformance test of both backends.
# The load test restarts the server midway, so it runs on its own.
postgres:
	.ci/postgres sh -c '$(GO) test -race -count=1 -skip TestLoad ./storage ./app/cli ./app && \
		HASHIYA_TEST_PG_RESTART=1 $(GO) test -count=1 -run TestLoad -v ./storage'


# The real-window smoke test: the built binary under Xvfb.
smoke: build
	HASHIYA_SMOKE_BIN=$(CURDIR)/$(BIN) xvfb-run -a -s "-screen 0 1280x800x24" \
		$(GO) test -count=1 -run 'TestSmoke|TestEndToEnd|TestImportUndoRealWindow' -v .

prereqs:
	@$(call install,$(BUILD_PKGS))

test-prereqs:
	@$(call install,$(BUILD_PKGS) $(TEST_PKGS))

clean:
	rm -f $(BIN)
	rm -rf artifacts

# install installs the Debian packages in $(1) that are missing, with sudo
# when not root. Elsewhere it names what to install and goes on.
define install
	command -v $(GO) >/dev/null || { echo "Go is not installed: get Go 1.26 or newer from your package manager or go.dev."; exit 1; }; \
	if ! command -v dpkg-query >/dev/null; then \
		echo "Not a Debian/Ubuntu system: make sure these (or your system's equivalents) are installed: $(1)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef
