/**
 * The page furniture and section starts of the full report, read back with pdftotext (issue 21,
 * "Report render"): the report is set as one react-pdf Page per section for speed, and must still
 * read as one document, numbered through, each section on a new page, every page framed alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullReportModel } from '../../../test/fixtures/full-report';
import type { ReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

let model: ReportModel;
let pages: string[][];
let check: string;
/** Per page, where its page number ends and its top: [xMax, yMin] in points. */
let numberBoxes: number[][];

beforeAll(async () => {
  model = fullReportModel();
  const file = join(dir, 'full.pdf');
  writeFileSync(file, await renderReportPdf(model));
  check = run('/usr/bin/qpdf', ['--check', file]);
  // One entry per page, its non-empty lines in reading order.
  pages = run('/usr/bin/pdftotext', [file, '-'])
    .split('\f')
    .slice(0, -1)
    .map((page) =>
      page
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );
  numberBoxes = run('/usr/bin/pdftotext', ['-bbox', file, '-'])
    .split('<page ')
    .slice(1)
    .map((page) => {
      const words = [...page.matchAll(/yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ yMin: Number(m[1]), xMax: Number(m[2]), text: m[3] }));
      // The page number is the last "Page" on a page (body text may say "page" too); "N of M" follows it.
      const at = words.map((w) => w.text).lastIndexOf('Page');
      return at < 0 || !words[at + 3] ? [] : [words[at + 3]!.xMax, words[at]!.yMin];
    });
}, 120_000);

describe('the full report as pages', () => {
  it('is a valid PDF numbered through from the cover to the last page', () => {
    expect(check).toContain('No syntax or stream encoding errors');
    expect(pages.length).toBeGreaterThan(12);
    pages.forEach((lines, i) => {
      expect(lines, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(lines, `page ${i + 1}`).toContain(`Agent Identity Maturity · report ${model.reportId}`);
    });
  });

  it('prints the page number right-aligned in the same place on every page', () => {
    // The first page's number is set by react-pdf, the others drawn after layout (page-numbering.ts).
    const [x, y] = numberBoxes[0]!;
    expect(numberBoxes).toHaveLength(pages.length);
    for (const [i, box] of numberBoxes.entries()) {
      expect(box[0], `page ${i + 1}`).toBeCloseTo(x!, 2);
      expect(box[1], `page ${i + 1}`).toBeCloseTo(y!, 2);
    }
  });

  it('heads every page after the cover with the organisation and questionnaire', () => {
    const header = `${model.cover.organisation.name} · ${model.cover.questionnaire.title} ${model.cover.questionnaire.version}`;
    expect(pages[0]![0]).not.toBe(header);
    for (const [i, lines] of pages.slice(1).entries()) expect(lines[0], `page ${i + 2}`).toBe(header);
  });

  it('starts each section on a new page, in order', () => {
    const total = model.domains.length;
    const starts = [
      'Executive summary',
      ...model.domains.map((_d, i) => `DOMAIN ${i + 1} OF ${total}`),
      'Roadmap: the next 30, 60 and 90 days',
      'Method and provenance',
      'Appendix: every answer',
    ];
    // The first line under the header names the section the page starts.
    const firstLines = pages.slice(1).map((lines) => lines[1]);
    const found = starts.map((title) => firstLines.indexOf(title));
    expect(found.every((at) => at >= 0)).toBe(true);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
    // Each domain page carries its own title right under its eyebrow.
    for (const [i, d] of model.domains.entries()) expect(pages[found[1 + i]! + 1]![2]).toBe(d.title);
  });
});
