/**
 * Read back with pdftotext: why a level is held, the prerequisites of each control, the
 * roadmap windows' capacity and load, the 'later' list and the quick wins (docs/reports.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldInput } from '../../../test/fixtures/held-report';
import { fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-held-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text in drawing order with every space removed, so that wrapped lines match whole. */
async function squashedText(model: ReportModel, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderReportPdf(model));
  return execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('renderReportPdf, a report scored with method 2 where levels are held', () => {
  let model: ReportModel;
  let text: string;

  beforeAll(async () => {
    model = buildReportModel(heldInput());
    text = await squashedText(model, 'held');
  });

  it('says which answer holds a domain and which domain holds the overall level, with the level the score alone would give', () => {
    expect(text).toContain('Scoredwithmethod2(docs/scoring.md)');
    expect(text).toContain(squash('Held at level 2 by “Does every agent have a named human owner?” (weakest answer); the score alone would give level 3'));
    // On the cover and in the executive summary.
    const overall = squash('Held at level 3 by Audit and accountability (weakest domain); the score alone would give level 4');
    expect(text.split(overall).length - 1).toBe(2);
  });

  it('lists the prerequisites of each recommended control, on its domain page and in the roadmap', () => {
    const after = squash('After: Name an owner for every agent');
    // rotate-secrets builds on named-owner: the credentials page and the roadmap; named-owner itself has no prerequisite.
    expect(text.split(after).length - 1).toBe(2);
    const roadmap = text.split(squash('Roadmap: the next 30, 60 and 90 days')).at(-1)!;
    expect(roadmap.indexOf(after)).toBeGreaterThan(roadmap.indexOf(squash('Rotate agent secrets automatically')));
  });

  it("prints each window's capacity and the effort points it uses, and the empty 'later' list", () => {
    expect(text).toContain(squash('Effort points: 1 of 6 used'));
    expect(text).toContain(squash('Effort points: 2 of 6 used'));
    expect(text).toContain(squash('Effort points: 0 of 6 used'));
    expect(text).toContain(squash('Effort points: 0, no capacity after 90 days'));
    expect(text).toContain(squash('Nothing left for later.'));
  });

  it('takes the quick wins from the first 30 days', () => {
    expect(model.summary.quickWinIds).toEqual(['named-owner']);
    const wins = text.split(squash('Quick wins: three controls to start in the first 30 days'))[1]!.split(squash('Domains against the cohort'))[0]!;
    expect(wins).toContain(squash('Name an owner for every agent'));
    expect(wins).not.toContain(squash('Rotate agent secrets automatically'));
  });
});

describe('renderReportPdf, levels not held and a tight roadmap', () => {
  it("prints no held-by line when no level is held, and lists what does not fit in 90 days under 'Later'", async () => {
    const model = buildReportModel(fixtureInput({ roadmapCapacity: 3 }));
    const text = await squashedText(model, 'later');
    expect(text).not.toContain('Heldatlevel');
    expect(text).toContain('Scoredwithmethod1(docs/scoring.md)');
    const later = text.split(squash('Later: after 90 days'))[1]!;
    expect(later).toContain(squash('Effort points: 3, no capacity after 90 days'));
    expect(later).toContain(squash('Issue short-lived tokens'));
    expect(text).toContain(squash('Effort points: 3 of 3 used'));
  });
});
