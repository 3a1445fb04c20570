/**
 * Read back with pdftotext: the cover names the cohort the reader chose (the one on screen
 * in the web app) and the cohort the figures come from, and the PDF's first action is
 * report.json's first recommendation (one ranking, docs/reports.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBenchmark, fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-cohort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const squash = (s: string) => s.replace(/\s+/g, '');

async function squashedText(model: ReportModel, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderReportPdf(model));
  return squash(execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
}

describe('renderReportPdf for a chosen cohort', () => {
  let model: ReportModel;
  let text: string;

  beforeAll(async () => {
    model = buildReportModel(
      fixtureInput({
        benchmark: { ...fixtureBenchmark, cohort: { questionnaireId: 'agent-identity', industry: 'technology', region: 'europe' } },
        cohortChoice: { industry: 'technology', region: 'europe', period: '2026-Q3' },
      }),
    );
    text = await squashedText(model, 'cohort');
  });

  it('records the chosen cohort on the cover, beside the cohort its figures come from', () => {
    expect(model.cover.comparedWith).toEqual({
      industry: 'technology',
      region: 'europe',
      period: '2026-Q3',
      description: 'Technology · all sizes · Europe, figures of 2026-Q3',
    });
    const cover = text.slice(0, text.indexOf('Contents'));
    expect(cover).toContain(squash('Cohort chosen Technology · all sizes · Europe, figures of 2026-Q3'));
    expect(cover).toContain(squash('Compared with Technology · all sizes · Europe'));
  });

  it("starts its quick wins and its roadmap with report.json's first recommendation", () => {
    const first = model.recommendations[0]!;
    expect(model.summary.quickWinIds[0]).toBe(first.id);
    const wins = text.slice(text.indexOf(squash('Quick wins: three controls to start in the first 30 days')));
    expect(wins).toMatch(new RegExp(`^Quickwins:threecontrolstostartinthefirst30days1${squash(first.title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const roadmap = text.slice(text.indexOf('Next30days'));
    const rows = roadmap.slice(roadmap.indexOf('Effortpoints:'));
    const titles = model.recommendations.map((c) => squash(c.title));
    const firstRow = titles
      .map((t) => [t, rows.indexOf(t)] as const)
      .filter(([, i]) => i >= 0)
      .sort((a, b) => a[1] - b[1])[0]?.[0];
    expect(firstRow).toBe(squash(first.title));
  });
});
