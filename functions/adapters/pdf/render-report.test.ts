import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel, type ReportModel } from '../../core/report-model';
import { fig, fixtureBenchmark, fixtureInput, fixtureSyntheticBenchmark } from '../../../test/fixtures/report-model';
import { QuestionnaireSchema } from '../../core/questionnaire/model';
import { scoreAssessment } from '../../core/scoring/score';
import { defaultFontDir, hyphenate } from './fonts';
import { fullReportModel, LONG_COMMENT } from '../../../test/fixtures/full-report';
import { MISSING_GLYPH } from './glyph-coverage';
import { renderReportPdf } from './render-report';

const dir = process.env.KEEP_PDF_DIR ?? mkdtempSync(join(tmpdir(), 'aim-pdf-'));
// KEEP_PDF_DIR keeps the PDFs for a look (pdftoppm -png -r 50 <file> page).
afterAll(() => {
  if (!process.env.KEEP_PDF_DIR) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const SECTION_TITLES = [
  'Executive summary',
  'Domains against the cohort',
  'Answers holding it back',
  'Roadmap: the next 30, 60 and 90 days',
  'Trend',
  'Method and provenance',
  'Appendix: every answer',
];

/** A4 in points, and the page's side margins (styles.ts). */
const PAGE = { width: 595.28, height: 841.89, margin: 44 };

interface Word {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

/** Writes the PDF out and reads it back with the poppler and qpdf tools. */
function inspect(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // execFileSync throws on any non-zero exit, so a qpdf warning (exit 3) fails the test too.
  const check = run('/usr/bin/qpdf', ['--check', file]);
  const text = run('/usr/bin/pdftotext', ['-layout', file, '-']);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(run('/usr/bin/pdfinfo', [file]))?.[1]);
  const fonts = run('/usr/bin/pdffonts', [file]);
  // Drawing order without layout keeps a wrapped title together: whitespace removed, it matches whole.
  const squashed = run('/usr/bin/pdftotext', ['-raw', file, '-']).replace(/\s+/g, '');
  return { check, text, pages, fonts, file, squashed };
}

/** Every word's box, page by page (pdftotext -bbox). */
function words(file: string): Word[] {
  const html = run('/usr/bin/pdftotext', ['-bbox', file, '-']);
  const out: Word[] = [];
  let page = 0;
  for (const match of html.matchAll(/<page [^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (match[0].startsWith('<page')) page += 1;
    else out.push({ page, xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]), text: match[5]! });
  }
  return out;
}

/** Words that leave the printable area: past the side margins, or off the top or bottom. */
function outside(all: Word[]) {
  return all.filter((w) => w.xMin < PAGE.margin - 1 || w.xMax > PAGE.width - PAGE.margin + 1 || w.yMin < 10 || w.yMax > PAGE.height - 10);
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
  // The longest comment an answer may hold, without spaces for a stretch, and an evidence link.
  const comment = `${'Ü'.repeat(60)} ${LONG_COMMENT.repeat(40)}`.slice(0, 4000);
  const answers = {
    q: { value: 'l1', comment, evidence: ['https://evidence.example.com/a/very/long/path/that/keeps/going/and/going/until/it/must/wrap/somewhere'] },
  };
  return buildReportModel({
    ...fixtureInput(),
    organisation: { id: 'org-long', name: organisationName, industry: 'technology', sizeBand: '5000+', region: 'asia-pacific' },
    questionnaire,
    benchmark: undefined,
    assessment: { id: 'asm-long', submittedAt: '2025-11-27T16:30:00.000Z', answers, scores: scoreAssessment(questionnaire, answers) },
  });
}

describe('renderReportPdf, small fixture', () => {
  it('renders a valid PDF with the organisation, scores, sections, caps and framework identifiers', async () => {
    const model = buildReportModel(fixtureInput());
    const { check, text, pages, fonts, squashed, file } = inspect(await renderReportPdf(model), 'fixture');

    expect(check).toContain('No syntax or stream encoding errors');
    expect(text).toContain('Zürich Ærø Łódź Ltd');
    expect(text).toContain('1.67');
    expect(text).toContain('Level 1 · Ad hoc');
    expect(squashed).toContain('Scoredwithmethod1(docs/scoring.md)');
    for (const title of SECTION_TITLES) expect(text).toContain(title);
    for (const domain of model.domains) expect(text).toContain(domain.title);
    expect(text).toContain('NIST SP 800-53 Rev.5 AC-6(9)');
    expect(text).toContain('RFC 8693');
    expect(squashed).toContain('Financialservices·250–999employees·allregions(37organisations,90%interval33–41)');
    expect(text).toContain('Capped at level 2');
    expect(text).toContain('Furthest below the cohort median');
    expect(text).toContain(`report ${model.reportId}`);
    expect(squashed).toContain(model.provenance.sha256);
    expect(text).toContain(`Page 1 of ${pages}`);
    // cover, summary + chart, a page per domain (3), roadmap + trend, method, appendix
    expect(pages).toBeGreaterThanOrEqual(7);
    expect(pages).toBeLessThanOrEqual(10);
    expect(outside(words(file))).toEqual([]);
    // Both weights embedded; nothing falls back to the Latin-1 standard fonts.
    expect(fonts).toMatch(/DejaVuSans\s/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  it('says so when the cohort is suppressed, and shows no cohort figures', async () => {
    const model = buildReportModel(fixtureInput({ benchmark: { ...fixtureBenchmark, suppressed: true } }));
    const { text } = inspect(await renderReportPdf(model), 'suppressed');
    expect(text).toContain('suppressed, too few organisations');
    expect(text).toContain('Lowest-scoring domains');
    expect(text).not.toContain('percentile within the cohort');
    expect(text).not.toContain('2.60');
    expect(text).not.toContain('release of');
    expect(text).not.toContain('interval');
    expect(text).toContain('No cohort may be shown for this report');
  });

  it('prints the reason a cohort is suppressed', async () => {
    const benchmark = { cohort: fixtureBenchmark.cohort, suppressed: true, reason: 'fewer than 5 verified organisations', synthetic: false };
    const { squashed } = inspect(await renderReportPdf(buildReportModel(fixtureInput({ benchmark }))), 'suppressed-reason');
    expect(squashed).toContain('suppressed,fewerthan5verifiedorganisations');
    expect(squashed).toContain('Nopeerfigures:thecohortissuppressed(fewerthan5verifiedorganisations).');
  });
});

describe('renderReportPdf, differentially private peer figures', () => {
  let text: string;
  let squashed: string;
  let file: string;

  beforeAll(async () => {
    ({ text, squashed, file } = inspect(await renderReportPdf(buildReportModel(fixtureInput())), 'private'));
  });

  it('states the release date, the noise and the 90% intervals, on the cover, the summary and the method page', () => {
    const line = 'Peerfiguresfromthereleaseof2026-12-01;theyincluderandomnoisethatprotectseachorganisation,andeachcomeswithits90%interval.';
    // cover, executive summary, provenance page
    expect(squashed.split(line).length - 1).toBe(3);
    expect(squashed).toContain('differentiallyprivatereleaseof2026-12-01');
    expect(squashed).toContain('ε=1/2');
  });

  it('prints the overall percentile and quartiles with their intervals', () => {
    expect(squashed).toContain('22ndpercentilewithinthecohort(90%interval12th–35th)');
    expect(squashed).toContain('Cohortmedian2.50(90%interval2.30–2.70)');
    expect(squashed).toContain('Cohort25thpercentile1.90(90%interval1.70–2.10),75th3.20(90%interval3.00–3.40)');
  });

  it('prints each domain median with its interval, and says when the interval holds the score', () => {
    // chart: score · median (interval); ≈ marks Least privilege (3.00 inside 2.50–3.30)
    expect(text).toMatch(/Credential lifecycle\s+1\.50 · 2\.60 \(2\.30–2\.90\)\n/);
    expect(text).toMatch(/Least privilege\s+3\.00 · 2\.90 \(2\.50–3\.30\) ≈/);
    expect(text).toContain('You · median (90% interval)');
    // domain pages
    expect(squashed).toContain("Cohortmedian2.60(90%interval2.30–2.90)yourscoreisbelowthemedian'sinterval");
    expect(squashed).toContain('Cohortmedian2.90(90%interval2.50–3.30)yourscoreiswithintheinterval:notdistinguishable');
    expect(text).toContain('Its 90% interval');
    // executive summary
    expect(squashed).toContain("0.50againstmedian2.20(−1.70)median's90%interval1.90–2.50");
    expect(squashed).toContain('1domainlieswithintheintervalofitsmedian:notdistinguishablefromit.');
  });

  it('prints the trend medians with their intervals', () => {
    const trend = run('/usr/bin/pdftotext', ['-layout', file, '-']).split('\nTrend\n')[1]!.split('Page ')[0]!;
    expect(trend).toContain('Cohort median');
    expect(trend).toContain('(90% interval)');
    expect(trend).toMatch(/Overall\s+1\.67\s+2\.50 \(2\.30–2\.70\)/);
    expect(trend).toMatch(/Audit and accountability\s+0\.50\s+2\.20 \(1\.90–2\.50\)/);
  });

  it('marks a domain below the median but inside its interval as not distinguishable', async () => {
    const benchmark = { ...fixtureBenchmark, domains: { ...fixtureBenchmark.domains, audit: { p50: fig(2.2, 0, 5) } } };
    const { squashed: s } = inspect(await renderReportPdf(buildReportModel(fixtureInput({ benchmark }))), 'wide-interval');
    expect(s).toContain("0.50againstmedian2.20(−1.70)median's90%interval0.00–5.00:holdsthescore,notdistinguishable");
    expect(s).toContain('Cohortmedian2.20(90%interval0.00–5.00)yourscoreiswithintheinterval:notdistinguishable');
  });
});

describe('renderReportPdf, synthetic demo cohort', () => {
  it('prints exact figures without intervals and says they are demo data', async () => {
    const { text, squashed } = inspect(await renderReportPdf(buildReportModel(fixtureInput({ benchmark: fixtureSyntheticBenchmark }))), 'synthetic');
    expect(squashed).toContain('Peerfiguresareexact:thecohortissyntheticdemodata,releasedwithoutnoise.');
    expect(text).toContain('All industries · all sizes · all regions (40 organisations)');
    expect(text).toContain('30th percentile within the cohort');
    expect(text).toContain('Cohort median 2.40');
    expect(squashed).toContain('Cohortmedian2.00yourscoreisabovethemedian');
    expect(text).not.toContain('interval');
    expect(text).not.toContain('release of');
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

describe('renderReportPdf, the full agent-identity questionnaire', () => {
  let model: ReportModel;
  let result: ReturnType<typeof inspect>;

  beforeAll(async () => {
    model = fullReportModel({ organisationName: 'Zürich Ærø Łódź Ltd · Ελληνική Ταυτότητα · Агентство Идентичности' });
    result = inspect(await renderReportPdf(model), 'full');
  });

  it('passes qpdf and prints every section, the name with its accents and non-Latin scripts', () => {
    expect(result.check).toContain('No syntax or stream encoding errors');
    for (const title of SECTION_TITLES) expect(result.text).toContain(title);
    expect(result.text).toContain('Zürich Ærø Łódź Ltd · Ελληνική Ταυτότητα · Агентство Идентичности');
  });

  it('prints the scores, the cohort figures and the trend', () => {
    expect(result.text).toContain(model.overall.score.toFixed(2));
    for (const d of model.domains) {
      expect(result.text).toContain(d.title.split(' ')[0]!);
      expect(result.text).toContain(d.score.toFixed(2));
    }
    expect(result.squashed).toContain('142organisations,90%interval137–147');
    expect(result.squashed).toContain('Peerfiguresfromthereleaseof2026-12-01');
    expect(result.text).toContain('15 Mar 2025');
    expect(result.text).toContain('Cohort median');
  });

  it('prints every recommended control with its framework identifiers and editions', () => {
    expect(model.recommendations.length).toBeGreaterThan(5);
    for (const control of model.recommendations) {
      expect(result.squashed).toContain(control.title.replace(/\s+/g, ''));
      for (const label of control.frameworks) expect(result.squashed).toContain(label.replace(/\s+/g, ''));
    }
  });

  it('prints every question of the appendix with its comment and evidence', () => {
    for (const q of model.appendix.flatMap((d) => d.questions)) expect(result.squashed).toContain(q.prompt.replace(/\s+/g, ''));
    expect(result.text).toContain('https://wiki.example.com/agents/');
  });

  it('keeps its page count within bounds and every word inside the margins', () => {
    // cover, summary, chart, 7 domain pages, roadmap, trend, method, appendix with long comments
    expect(result.pages).toBeGreaterThanOrEqual(14);
    expect(result.pages).toBeLessThanOrEqual(26);
    expect(result.text).toContain(`Page ${result.pages} of ${result.pages}`);
    expect(outside(words(result.file)).map((w) => JSON.stringify(w))).toEqual([]);
  });
});

describe('renderReportPdf, stress', () => {
  it('keeps a 200-character name, a 4000-character comment and 60 controls inside the pages', async () => {
    const phrase = 'Internationale Gesellschaft für Agentenidentität und Maschinenvertrauen';
    const name = `${phrase} ${'Ω'.repeat(40)} ${phrase}`.padEnd(200, ' x').slice(0, 200);
    expect(name).toHaveLength(200);
    const model = manyControlsModel(60, name);
    expect(model.recommendations).toHaveLength(60);

    const { check, text, pages, file, squashed } = inspect(await renderReportPdf(model), 'long');
    expect(check).toContain('No syntax or stream encoding errors');
    expect(text).toContain('Internationale Gesellschaft');
    expect(text).toContain('No peer benchmark');
    for (const control of model.recommendations) expect(squashed).toContain(control.title.replace(/\s+/g, ''));
    expect(squashed).toContain(LONG_COMMENT.repeat(3).replace(/\s+/g, ''));
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(pages).toBeGreaterThanOrEqual(10);
    expect(pages).toBeLessThanOrEqual(40);
    expect(outside(words(file))).toEqual([]);
    // The header holds the name to one line: it is cut with an ellipsis, not run over the page.
    const headerLines = run('/usr/bin/pdftotext', ['-f', '3', '-l', '3', '-layout', file, '-'])
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 2);
    expect(headerLines[0]).toContain('…');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('renderReportPdf, characters the fonts cannot draw', () => {
  it('prints them as a box and keeps every other letter (CJK is not in DejaVu Sans)', async () => {
    const base = fixtureInput();
    const model = buildReportModel({ ...base, organisation: { ...base.organisation, name: 'Zürich Ærø Łódź 東京 Ltd' } });
    const { text, check } = inspect(await renderReportPdf(model), 'cjk');
    expect(check).toContain('No syntax or stream encoding errors');
    // Without the replacement, the garbled subset lost letters elsewhere, such as every "z".
    expect(text).toContain('Financial services · 250–999 employees · all regions');
    expect(text).toContain('Rotate agent secrets automatically');
    const squashed = text.replace(/\s+/g, '');
    for (const sentence of model.provenance.method) expect(squashed).toContain(sentence.replace(/\s+/g, ''));
    expect(text).toContain(`Zürich Ærø Łódź ${MISSING_GLYPH}${MISSING_GLYPH} Ltd`);
    // The reader is told, on the provenance page, how many characters went missing and where to see them.
    expect(squashed).toContain('Charactersnotprinted');
    expect(squashed).toMatch(/(\d+)charactersinnames,answersorcomments/);
    const told = Number(/(\d+)charactersinnames,answersorcomments/.exec(squashed)![1]);
    // Counted over the model's strings: every 東 and 京 wherever the name is held.
    expect(told).toBe(JSON.stringify(model).match(/[東京]/g)!.length);
  });

  it('says nothing about missing characters when every one prints', async () => {
    const { text } = inspect(await renderReportPdf(buildReportModel(fixtureInput())), 'all-printable');
    expect(text).not.toContain('Characters not printed');
  });
});

describe('renderReportPdf, names stored before control and bidirectional characters were refused', () => {
  it('prints a stored right-to-left override in the order it was typed, never reversed', async () => {
    const base = fixtureInput();
    const model = buildReportModel({ ...base, organisation: { ...base.organisation, name: '\u202Egnp.exe\u0007' } });
    const { text, check } = inspect(await renderReportPdf(model), 'bidi-name');
    expect(check).toContain('No syntax or stream encoding errors');
    expect(text).toContain('gnp.exe');
    expect(text).not.toContain('exe.png');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    expect(text).not.toMatch(/[\u0007\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('renderReportPdf, one document after another', () => {
  it('keeps the text layer right after an earlier document shaped "ź"', async () => {
    await renderReportPdf(buildReportModel(fixtureInput()));
    const base = fixtureInput();
    const model = buildReportModel({ ...base, benchmark: { ...fixtureBenchmark, cohort: { questionnaireId: 'agent-identity' } } });
    const { text } = inspect(await renderReportPdf(model), 'second');
    expect(text).toContain('All industries · all sizes · all regions');
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
