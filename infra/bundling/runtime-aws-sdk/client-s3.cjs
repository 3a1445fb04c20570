// Stand-in for @aws-sdk/client-s3 in bundles that take the runtime's SDK: required on first use (load.cjs).
module.exports = require('./load.cjs')('@aws-sdk/client-s3');
