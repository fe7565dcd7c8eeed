#!/usr/bin/env bash
# The example application's tests.
set -euo pipefail
[ "$(./greet.sh Hi)" = "Hi, world!" ] && echo "ok 1 - greets"
[ "$(./greet.sh)" = "Hello, world!" ] && echo "ok 2 - default greeting"
