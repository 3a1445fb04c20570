// The Lambda runtime's AWS SDK, loaded with Node's require when a bundle first uses it
// (infra/lib/function-code.ts RUNTIME_AWS_SDK_PACKAGES). The name is not a string literal at
// the call, so esbuild neither bundles it nor applies the stand-ins' own aliases to it; it is
// resolved from the bundle's file (`__filename` comes from the bundles' banner), as an import
// of the package would be, and NODE_PATH (where Lambda keeps its SDK) is honoured.
const { createRequire } = require('node:module');

const load = createRequire(__filename);

module.exports = (name) => load(name);
