/**
 * Stands in for the `semver` package in the Lambda bundles (infra/lib/aim-function.ts). Its
 * only importer there is aws-xray-sdk-core's patcher for the AWS SDK v2, which calls
 * `semver.gte(AWS.VERSION, minimum)`; the functions use SDK v3 and never load that patcher's
 * target, yet bundling the whole package costs about 29 kB of every bundle. Compares plain
 * `major.minor.patch` versions; a pre-release or build suffix is ignored.
 */
function parts(version) {
  return String(version)
    .trim()
    .replace(/^v/, '')
    .split(/[-+]/)[0]
    .split('.')
    .map((n) => Number(n) || 0);
}

exports.gte = (a, b) => {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
};
