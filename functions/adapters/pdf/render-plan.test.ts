/**
 * Read back with pdftotext: the improvement plan (issue 19) replaces the roadmap when it
 * follows the report's assessment, with owners, due dates and statuses in words, a table
 * per status group and the summary line; without a plan the roadmap stays. qpdf checks
 * every file, and no word of the plan leaves the page, however long an owner's name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel, type PlanItemInput, type ReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = process.env.KEEP_PDF_DIR ?? mkdtempSync(join(tmpdir(), 'aim-pdf-plan-'));
// KEEP_PDF_DIR keeps the PDFs for a look (pdftoppm -png -r 60 <file> page).
afterAll(() => {
  if (!process.env.KEEP_PDF_DIR) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const ROADMAP_HEADING = 'Roadmap: the next 30, 60 and 90 days';
/** A4 width and the side margins, in points (styles.ts). */
const PAGE = { width: 595.28, margin: 44 };

const LONG_NAME = 'Maximiliana Theodora Featherstonehaugh-Wolfeschlegelsteinhausen de la Cruz y Montenegro';
const REASON = 'The platform team already keeps every log centrally, outside this programme';

/** Writes the PDF, checks it with qpdf (a warning exits 3 and throws), and reads it back. */
function readBack(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const check = run('/usr/bin/qpdf', ['--check', file]);
  const text = run('/usr/bin/pdftotext', ['-layout', file, '-']);
  // Without layout and whitespace, a wrapped cell reads whole.
  const squashed = run('/usr/bin/pdftotext', ['-raw', file, '-']).replace(/\s+/g, '');
  return { file, check, text, squashed };
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** The plan's pages: from its heading (the second "Improvement plan", after the cover's contents) to the trend. */
const planSection = (text: string) => {
  const start = text.indexOf('Improvement plan', text.indexOf('Improvement plan') + 1);
  return start < 0 ? '' : text.slice(start, text.indexOf('Trend', start));
};

/** The words (pdftotext -bbox) of the pages that hold the plan's heading or any of `marks`, with their right edges. */
function planWords(file: string, marks: string[]) {
  const html = run('/usr/bin/pdftotext', ['-bbox', file, '-']);
  const pages = html.split('<page ').slice(1);
  const words = (page: string) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)];
  return pages
    .filter((page) => marks.some((mark) => words(page).some((w) => w[3] === mark)))
    .flatMap((page) => words(page).map((w) => ({ xMin: Number(w[1]), xMax: Number(w[2]), text: w[3]! })));
}

describe('renderReportPdf with an improvement plan', () => {
  let model: ReportModel;
  let out: ReturnType<typeof readBack>;

  beforeAll(async () => {
    const input = fixtureInput();
    const plain = buildReportModel(input);
    const ids = plain.recommendations.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const base = (i: number): PlanItemInput => {
      const c = plain.recommendations[i]!;
      return {
        controlId: c.id,
        title: c.title,
        window: c.window,
        owner: null,
        dueDate: null,
        status: 'planned',
        wontDoReason: null,
        completedAt: null,
        stillRecommended: true,
        expectedGain: c.scoreGain,
      };
    };
    // The fixture's report is generated on 28 Nov 2025: due on the 20th and still open is overdue.
    const items: PlanItemInput[] = [
      { ...base(0), owner: { type: 'person', name: 'Ada Lovelace' }, dueDate: '2025-11-20', status: 'in_progress' },
      { ...base(1), owner: { type: 'person', name: LONG_NAME }, dueDate: '2026-01-31' },
      { ...base(2), owner: { type: 'agent', name: 'Deploy bot' }, dueDate: '2025-11-25', status: 'done', completedAt: '2025-11-26T09:00:00.000Z' },
      { ...base(3), status: 'achieved', completedAt: '2025-11-27T16:30:00.000Z', stillRecommended: false },
      { ...base(4), status: 'wont_do', wontDoReason: REASON },
    ];
    model = buildReportModel({
      ...input,
      plan: { basedOn: { assessmentId: input.assessment.id, submittedAt: input.assessment.submittedAt }, updatedAt: '2025-11-27T18:00:00.000Z', items },
    });
    out = readBack(await renderReportPdf(model), 'plan');
  });

  it('passes qpdf', () => {
    expect(out.check).toContain('No syntax or stream encoding errors');
  });

  it('replaces the roadmap with the improvement plan, in the contents too', () => {
    expect(out.text).not.toContain(ROADMAP_HEADING);
    expect(out.text).not.toContain('Nothing left for later.');
    expect(planSection(out.text)).not.toBe('');
  });

  it('prints the summary line and a table per status group, open first', () => {
    const plan = planSection(out.text);
    expect(plan).toContain('5 items: 2 open (1 overdue), 1 done, 1 achieved, 1 won’t do');
    const headings = ['Open (2)', 'Done (1)', 'Achieved (1)', 'Won’t do (1)'].map((h) => plan.indexOf(h));
    expect(headings.every((at) => at >= 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
  });

  it("prints each item's owner, due date and status in words", () => {
    const plan = planSection(out.text);
    const row = (i: number) =>
      plan
        .split('\n')
        .find((line) => line.includes(model.plan!.items[i]!.title))
        ?.replace(/\s+/g, ' ') ?? '';
    expect(row(0)).toMatch(/Ada Lovelace 20 Nov 2025 In progress/);
    expect(plan).toContain('Overdue');
    expect(row(2)).toMatch(/Deploy bot \(agent\) 25 Nov 2025 Done/);
    expect(row(3)).toMatch(/Unassigned No date Achieved/);
    expect(row(1)).toMatch(/31 Jan 2026 Planned/);
    // The long name and the reason wrap within their cells, and read whole without the line
    // breaks (and the hyphens where a word over 24 characters is cut, fonts.ts).
    const unhyphenated = (s: string) => squash(s).replace(/-/g, '');
    expect(unhyphenated(out.squashed)).toContain(unhyphenated(LONG_NAME));
    expect(out.squashed).toContain(squash(`Won’t do — ${REASON}`));
  });

  it('keeps every word of the plan within the page width, with a long owner name', () => {
    const words = planWords(out.file, ['Unassigned', 'Overdue']);
    expect(words.length).toBeGreaterThan(20);
    expect(words.filter((w) => w.xMin < PAGE.margin - 1 || w.xMax > PAGE.width - PAGE.margin + 1)).toEqual([]);
  });

  it('keeps the roadmap, and prints no plan, without one', async () => {
    const plain = readBack(await renderReportPdf(buildReportModel(fixtureInput())), 'no-plan');
    expect(plain.check).toContain('No syntax or stream encoding errors');
    expect(plain.text).toContain(ROADMAP_HEADING);
    expect(plain.text).not.toContain('Improvement plan');
    expect(plain.text).not.toContain('The plan has moved on');
  });

  it('keeps the roadmap and says where the plan went when it follows a later submission', async () => {
    const input = fixtureInput();
    const later = buildReportModel({
      ...input,
      plan: { basedOn: { assessmentId: 'asm-2', submittedAt: '2026-03-02T10:00:00.000Z' }, updatedAt: '2026-03-02T10:00:00.000Z', items: [] },
    });
    const read = readBack(await renderReportPdf(later), 'plan-moved-on');
    expect(read.text).toContain(ROADMAP_HEADING);
    expect(read.squashed).toContain(squash('The plan has moved on to the submission of 2 March 2026'));
    expect(read.text).not.toContain('Improvement plan');
  });
});
