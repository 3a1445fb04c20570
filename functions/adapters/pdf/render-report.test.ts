import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { fixtureBenchmark, fixtureInput } from '../../core/report-model/test-fixture';
import { QuestionnaireSchema } from '../../core/questionnaire/model';
import { scoreAssessment } from '../../core/scoring/score';
import { defaultFontDir, hyphenate } from './fonts';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Writes the PDF out and reads it back with the poppler and qpdf tools. */
function inspect(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // execFileSync throws on any non-zero exit, so a qpdf warning (exit 3) fails the test too.
  const check = run('/usr/bin/qpdf', ['--check', file]);
  const text = run('/usr/bin/pdftotext', ['-layout', file, '-']);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(run('/usr/bin/pdfinfo', [file]))?.[1]);
  const fonts = run('/usr/bin/pdffonts', [file]);
  return { check, text, pages, fonts };
}

function manyControlsModel(count: number, organisationName: string): ReportModel {
  const pad = (i: number) => String(i + 1).padStart(2, '0');
  const effort = ['low', 'medium', 'high'] as const;
  const questionnaire = QuestionnaireSchema.parse({
    id: 'many-controls',
    version: '0.1.0',
    status: 'draft',
    title: 'A questionnaire with many controls',
    description: 'Stresses pagination.',
    domains: [{ id: 'ops', title: 'Operations', description: 'Everything.', levelDescriptions: ['one', 'two', 'three', 'four', 'five'] }],
    questions: [
      {
        id: 'q',
        domain: 'ops',
        type: 'scale',
        prompt: 'How mature?',
        options: [1, 2, 3, 4, 5].map((level) => ({ id: `l${level}`, label: `Level ${level}`, level })),
        recommendations: Array.from({ length: count }, (_, i) => ({ control: `c-${pad(i)}`, belowLevel: 5 })),
      },
    ],
    controls: Array.from({ length: count }, (_, i) => ({
      id: `c-${pad(i)}`,
      title: `Stress control ${pad(i)}`,
      action: 'Do the thing that this control asks for, carefully and with records kept. '.repeat(1 + (i % 4)),
      effort: effort[i % 3],
      impact: effort[(i + 1) % 3],
      frameworks: [
        { framework: 'NIST SP 800-53', edition: 'Rev.5', id: `AC-${i + 1}` },
        { framework: 'OWASP NHI Top 10', edition: '2025', id: `NHI${(i % 10) + 1}` },
      ],
    })),
  });
  const answers = { q: { value: 'l1' } };
  return buildReportModel({
    ...fixtureInput(),
    organisation: { id: 'org-long', name: organisationName, industry: 'technology', sizeBand: '5000+', region: 'asia-pacific' },
    questionnaire,
    benchmark: undefined,
    assessment: { id: 'asm-long', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(questionnaire, answers) },
  });
}

describe('renderReportPdf', () => {
  it('renders a valid PDF with the organisation, scores, domains and framework identifiers', async () => {
    const model = buildReportModel(fixtureInput());
    const { check, text, pages, fonts } = inspect(await renderReportPdf(model), 'fixture');

    expect(check).toContain('No syntax or stream encoding errors');
    expect(text).toContain('Zürich Ærø Łódź Ltd');
    expect(text).toContain('1.67');
    expect(text).toContain('Level 1 · Ad hoc');
    for (const domain of model.domains) expect(text).toContain(domain.title);
    expect(text).toContain('NIST SP 800-53 Rev.5 AC-6(9)');
    expect(text).toContain('RFC 8693');
    expect(text).toContain('Financial services · 250–999 employees · all regions (37 organisations)');
    expect(text).toContain('Capped at level 2');
    expect(text).toContain(`report ${model.reportId}`);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    // Both weights embedded; nothing falls back to the Latin-1 standard fonts.
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  it('says so when the cohort is suppressed, and shows no cohort figures', async () => {
    const model = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, suppressed: true } }));
    const { text } = inspect(await renderReportPdf(model), 'suppressed');
    expect(text).toContain('suppressed, too few organisations');
    expect(text).not.toContain('Cohort median');
    expect(text).not.toContain('percentile within the cohort');
  });

  it('keeps a 200-character name and 60 controls inside the pages', async () => {
    const words = 'Internationale Gesellschaft für Agentenidentität und Maschinenvertrauen';
    const name = `${words} ${'Ω'.repeat(40)} ${words}`.padEnd(200, ' x').slice(0, 200);
    expect(name).toHaveLength(200);
    const model = manyControlsModel(60, name);
    expect(model.recommendations).toHaveLength(60);

    const started = performance.now();
    const pdf = await renderReportPdf(model);
    const ms = performance.now() - started;
    const { check, text, pages } = inspect(pdf, 'long');

    expect(check).toContain('No syntax or stream encoding errors');
    expect(text).toContain('Internationale Gesellschaft');
    expect(text).toContain('No peer benchmark');
    expect(text).toContain(model.recommendations.at(-1)!.title);
    expect(text).toContain(model.recommendations[0]!.title);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(12);
    expect(ms).toBeLessThan(20_000);
  });

  it('reads the fonts from options.fontDir, as the Lambda bundle does', async () => {
    const fontDir = join(dir, 'fonts');
    mkdirSync(fontDir, { recursive: true });
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) copyFileSync(join(defaultFontDir(), file), join(fontDir, file));
    const { text, fonts } = inspect(await renderReportPdf(buildReportModel(fixtureInput()), { fontDir }), 'font-dir');
    expect(text).toContain('Zürich Ærø Łódź Ltd');
    expect(fonts).toMatch(/DejaVuSans-Bold\s/);
  });
});

describe('hyphenate', () => {
  it('keeps ordinary words and identifiers whole', () => {
    expect(hyphenate('Łódź')).toEqual(['Łódź']);
    expect(hyphenate('AC-6(9)')).toEqual(['AC-6(9)']);
  });

  it('cuts a very long word into pieces that join back to it', () => {
    const word = 'Ω'.repeat(40);
    const parts = hyphenate(word);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(word);
  });
});
