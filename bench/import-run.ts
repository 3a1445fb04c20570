/**
 * One measurement of bench/import.ts, in a process of its own: `import` runs the whole
 * evidence pipeline over the file, `baseline` only streams it and counts its lines. Prints
 * `{ identities, ms, maxRssMb }` as its last line.
 */
import { createReadStream } from 'node:fs';
import { readCredentialReport } from '../functions/adapters/csv/evidence-csv';
import { classifier } from '../functions/core/evidence/classification';
import { FactAccumulator } from '../functions/core/evidence/facts';
import { proposeAnswers } from '../functions/core/evidence/proposals';
import { FIXTURE_NOW } from '../scripts/evidence/generate-fixtures';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'import' && mode !== 'baseline') || !file) throw new Error('usage: import-run.ts import|baseline <file>');

async function importFile(path: string): Promise<number> {
  const decide = classifier({ namingRules: [{ pattern: 'svc-agent-*', kind: 'agent' }] });
  const facts = new FactAccumulator(FIXTURE_NOW);
  let count = 0;
  for await (const identity of readCredentialReport(createReadStream(path))) {
    facts.add({ ...identity, classification: decide(identity) });
    count += 1;
  }
  // Proposals need every fact: made once, as the import would.
  if (proposeAnswers(facts.facts()).length === 0) throw new Error('the import proposed no answer');
  return count;
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) for (const byte of chunk as Buffer) if (byte === 10) lines += 1;
  // Less the header: every other line is one identity (the root account too).
  return lines - 1;
}

const started = performance.now();
const identities = mode === 'import' ? await importFile(file) : await countLines(file);
const ms = performance.now() - started;
// maxRSS is in kilobytes.
console.log(JSON.stringify({ identities, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
