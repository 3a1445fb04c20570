/**
 * Imported first by the local runner: hides the AWS SDK's notice that future releases
 * need Node 22 (known, see STACK.md), and prints every other warning as usual.
 */
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'NodeVersionSupportWarning' || warning.message.includes('NodeVersionSupportWarning')) return;
  console.warn(`${warning.name}: ${warning.message}`);
});
