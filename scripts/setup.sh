#!/usr/bin/env bash
# Installs the Debian packages Sluice needs on its machines, only when something is missing, and
# builds the web console. `--tests` adds what the test suite needs beyond running Sluice.
# Idempotent and fast (a few `command -v` checks) when everything is already there.
set -euo pipefail

# The single list of required Debian packages, as "package:command" pairs: the command is what
# proves the package is installed. Add new needs here (e.g. "chromium:chromium").
#   git         repositories, source actions and the git smart-HTTP tests
#   bubblewrap  isolation of build phases (bwrap)
#   chromium    the web console's browser tests and benchmark (headless, never a downloaded browser);
#               only with `--tests`, since running Sluice never needs it
REQUIRED=(
  "git:git"
  "bubblewrap:bwrap"
)
[ "${1:-}" = "--tests" ] && REQUIRED+=("chromium:chromium")

# The web console's page (dist/console/), which `sluice server` serves; rebuilt on every setup so a
# fresh clone or a pulled change of web/ serves the current console.
build_console() {
  local root node
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  node="$root/node_modules/.bin/node"
  [ -x "$node" ] || node=node
  "$node" "$root/scripts/build-console.ts"
}

missing=()
for entry in "${REQUIRED[@]}"; do
  pkg=${entry%%:*}
  cmd=${entry#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

all=$(printf '%s ' "${REQUIRED[@]%%:*}")
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: Debian packages present (${all% })"
  build_console
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing Debian packages: ${missing[*]}; not root, so install them first:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing Debian packages ${missing[*]} (apt-get update + install)"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Quiet on success; the full apt output is shown only when it fails.
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: apt-get failed installing: ${missing[*]}" >&2
  exit 1
fi
for entry in "${REQUIRED[@]}"; do
  command -v "${entry#*:}" >/dev/null 2>&1 || { echo "setup: ${entry%%:*} installed but '${entry#*:}' is not on PATH" >&2; exit 1; }
done
build_console
