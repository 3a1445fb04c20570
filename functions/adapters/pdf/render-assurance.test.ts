/**
 * Read back with pdftotext: a report whose answers rest partly on imported evidence (issue 20)
 * says how many are evidence-backed, overall and per domain, lists the answer the submit
 * flagged with its reason, and prints each answer's assurance in the appendix; a report
 * without evidence says every answer is self-attested in one sentence and leaves the
 * appendix as it was. qpdf checks both files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAnswers, fixtureInput } from '../../../test/fixtures/report-model';
import { buildReportModel } from '../../core/report-model';
import { renderReportPdf } from './render-report';

const dir = process.env.KEEP_PDF_DIR ?? mkdtempSync(join(tmpdir(), 'aim-pdf-assurance-'));
afterAll(() => {
  if (!process.env.KEEP_PDF_DIR) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const squash = (s: string) => s.replace(/\s+/g, '');

async function readBack(name: string, model: ReturnType<typeof buildReportModel>) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderReportPdf(model));
  run('/usr/bin/qpdf', ['--check', file]);
  return squash(run('/usr/bin/pdftotext', ['-raw', file, '-']));
}

const STATEMENT = '3 of 4 agent identities (75%) rotate their keys; AIM agent inventory template "agents.csv", imported 2025-11-20, SHA-256 cccccccccccc';
const REASON = 'The vault migration finished after the export was taken';

describe('renderReportPdf with answer assurance', () => {
  let withEvidence: string;
  let without: string;

  beforeAll(async () => {
    const input = fixtureInput();
    const source = { importId: 'imp-1', sha256: 'c'.repeat(64), importedAt: '2025-11-20T09:00:00.000Z', statement: STATEMENT };
    withEvidence = await readBack(
      'with-evidence',
      buildReportModel({
        ...input,
        assessment: {
          ...input.assessment,
          answers: {
            ...fixtureAnswers,
            'cred-rotation': { value: 'yearly', assurance: 'evidence', evidenceSource: source },
            'cred-storage': { value: 'no', assurance: 'self-attested', assuranceReason: REASON },
          },
          evidenceFlags: [{ questionId: 'cred-storage', importId: 'imp-1', proposed: 'yes', consistent: ['yes'], answered: 'no' }],
        },
      }),
    );
    without = await readBack('without-evidence', buildReportModel(input));
  }, 120_000);

  it('says how many answers are evidence-backed, overall and per domain', () => {
    expect(withEvidence).toContain(squash('1 of 5 answers are evidence-backed (20%)'));
    expect(withEvidence).toContain(squash('Credential lifecycle 1 of 2 evidence-backed (50%)'));
    expect(withEvidence).toContain(squash('Least privilege 0 of 1 evidence-backed (0%)'));
  });

  it('lists the flagged answer with what the import proposed and the reason given', () => {
    expect(withEvidence).toContain(squash('Answers that contradict imported evidence'));
    expect(withEvidence).toContain(squash('Answered “No”; the latest import proposed “Yes”.'));
    expect(withEvidence).toContain(squash(`Reason given: ${REASON}`));
  });

  it('prints each answer’s assurance in the appendix, with the evidence statement or the reason', () => {
    const appendix = withEvidence.slice(withEvidence.indexOf(squash('Appendix: every answer')));
    expect(appendix).toContain(squash(`Assurance: evidence-backed. ${STATEMENT}`));
    expect(appendix).toContain(squash('Assurance: self-attested'));
    expect(appendix).toContain(squash(`Why it departs from the imported evidence: ${REASON}`));
    expect(appendix).toContain(squash('Contradicts imported evidence: the latest import proposed “Yes”.'));
  });

  it('without evidence: one sentence, and no assurance lines in the appendix', () => {
    expect(without).toContain(squash('All 5 answers are self-attested'));
    expect(without).not.toContain(squash('Assurance:'));
    expect(without).not.toContain(squash('contradict imported evidence'));
  });
});
