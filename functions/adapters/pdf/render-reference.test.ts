/**
 * A report on reference figures (docs/benchmarks.md, "Reference population"): the API's
 * answer for an organisation whose real cohort is withheld, read into the report and
 * rendered, says "reference population" with its explanation and the real cohort's status,
 * never "suppressed".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../../core/report-model';
import { benchmarkInput } from '../../services/report-benchmark';
import { benchmarkDigest } from '../../services/report-digest';
import { fixtureInput } from '../../../test/fixtures/report-model';
import { renderReportPdf } from './render-report';

const dir = mkdtempSync(join(tmpdir(), 'aim-reference-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exact = (value: number) => ({ value, low: value, high: value });
/** What GET /v1/assessments/{id}/benchmark answers while the real cohort is withheld. */
const referencePosition = {
  cohort: { questionnaireId: 'agent-identity', industry: 'financial-services', population: 'reference', version: '1.0.0' },
  synthetic: true,
  reference: true,
  realCohort: {
    status: 'withheld',
    reason: 'noisy organisation count below the minimum of 10',
    minimum: 10,
    fewerThan: 10,
    releaseDate: '2026-12-04',
    nextRelease: '2026-12-05',
  },
  suppressed: false,
  n: exact(201),
  overall: { score: 2.4, percentile: exact(61.5), p25: exact(1.6), p50: exact(2.1), p75: exact(2.7) },
  domains: {},
};

function pdfText(pdf: Buffer): string {
  const file = join(dir, 'reference.pdf');
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('a report on the reference population', () => {
  it('is read from the API answer with its label and the real cohort in words', () => {
    const input = benchmarkInput(referencePosition);
    expect(input).toMatchObject({
      suppressed: false,
      synthetic: true,
      reference: { realCohort: expect.stringContaining('fewer than 10 verified organisations') },
    });
    const model = buildReportModel(fixtureInput({ benchmark: input }));
    expect(model.cover.cohort).toMatchObject({ status: 'available', reference: { explanation: expect.stringContaining('not real peers') } });
    // The digest tells reference figures apart from the same figures of a real cohort.
    expect(benchmarkDigest(input)).not.toBe(benchmarkDigest({ ...input!, reference: undefined }));
  });

  it('prints "reference population", what it is and the real cohort status in the PDF, not "suppressed"', async () => {
    const text = pdfText(await renderReportPdf(buildReportModel(fixtureInput({ benchmark: benchmarkInput(referencePosition) }))));
    expect(text).toContain('reference population');
    expect(text).toContain('synthetic organisations calibrated to published surveys, not real peers');
    expect(text).toContain('fewer than 10 verified organisations in the release of 2026-12-04');
    expect(text).not.toMatch(/suppressed/i);
    // The provenance page says the same: reference figures are not the demo data.
    expect(text).not.toContain('synthetic (demo) data');
    expect(text).toContain('The cohort is the reference population');
  });
});
