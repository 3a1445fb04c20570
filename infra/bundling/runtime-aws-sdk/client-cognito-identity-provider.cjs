// Stand-in for @aws-sdk/client-cognito-identity-provider in bundles that take the runtime's SDK: required on first use (load.cjs).
module.exports = require('./load.cjs')('@aws-sdk/client-cognito-identity-provider');
