// Stand-in for @aws-sdk/s3-request-presigner in bundles that take the runtime's SDK: required on first use (load.cjs).
module.exports = require('./load.cjs')('@aws-sdk/s3-request-presigner');
