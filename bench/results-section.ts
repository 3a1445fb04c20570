/**
 * Writes one benchmark's section of bench/RESULTS.md: the text between its
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->` markers is replaced
 * (`section` includes both markers), or the section is appended when it is not there yet.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const RESULTS_FILE = 'bench/RESULTS.md';

export function writeResultsSection(name: string, section: string): void {
  let text = readFileSync(RESULTS_FILE, 'utf8');
  const pattern = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*<!-- bench:${name}:end -->`);
  text = pattern.test(text) ? text.replace(pattern, () => section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS_FILE, text);
  console.log(`written to ${RESULTS_FILE}`);
}
