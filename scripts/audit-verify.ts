/**
 * `npm run audit:verify -- <organisation id | PLATFORM>`: the audit ledger's integrity
 * check (docs/security.md, "The audit ledger") for operators, without the HTTP limits:
 * the whole chain and every event. Works on the local platform's data: the database of
 * scripts/database.ts (stop `npm start` first) and the files in <AIM_DATA_DIR>/audit-ledger.
 * Prints the report as JSON; exits 1 when anything is altered, missing or broken.
 */
import '../functions/local/quiet-warnings';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { createServices } from '../functions/composition';
import { openDatabase } from './database';

async function main() {
  const [ledger] = process.argv.slice(2);
  if (!ledger) throw new Error('usage: npm run audit:verify -- <organisation id | PLATFORM>');
  const db = await openDatabase(process.env);
  const services = createServices(db.config, loadCatalogue());
  try {
    const report = await services.auditLedger.verifyLedger(ledger, { segments: Number.MAX_SAFE_INTEGER, events: Number.MAX_SAFE_INTEGER });
    console.log(JSON.stringify(report, null, 2));
    if (!report.chainIntact || report.altered.length || report.missing.length) process.exitCode = 1;
  } finally {
    services.client.destroy();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
