/**
 * `npm run seed:demo [-- --organisations 300]`: synthetic demo organisations and their
 * submissions (scripts/demo/seed.ts), with a progress bar.
 */
import '../functions/local/quiet-warnings';
import { openDatabase } from './database';
import { seedDemoWithProgress } from './demo/seed-with-progress';

const i = process.argv.indexOf('--organisations');
const organisations = Number(i >= 0 ? process.argv[i + 1] : 300);

async function main() {
  if (!Number.isInteger(organisations) || organisations < 1 || organisations > 100_000)
    throw new Error('--organisations must be a whole number from 1 to 100000');
  const db = await openDatabase(process.env);
  try {
    await seedDemoWithProgress(db.config, organisations);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
