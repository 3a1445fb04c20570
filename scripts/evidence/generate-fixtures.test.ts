import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialReportCsv, seededRandom, smallFixtures } from './generate-fixtures';

describe('evidence fixtures', () => {
  it('are the same on every run', () => {
    expect(credentialReportCsv(25, 7)).toBe(credentialReportCsv(25, 7));
    expect(credentialReportCsv(25, 7)).not.toBe(credentialReportCsv(25, 8));
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('match the committed copies under test/fixtures/evidence (run the generator and copy them when it changes)', () => {
    for (const [name, text] of Object.entries(smallFixtures())) {
      expect(readFileSync(`test/fixtures/evidence/${name}`, 'utf8'), name).toBe(text);
      expect(text.length, name).toBeLessThan(16_000);
    }
  });
});
