// Stand-in for @aws-sdk/lib-dynamodb in bundles that take the runtime's SDK: required on first use (load.cjs).
module.exports = require('./load.cjs')('@aws-sdk/lib-dynamodb');
