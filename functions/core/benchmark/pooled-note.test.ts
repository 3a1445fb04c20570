import { describe, expect, it } from 'vitest';
import { fixtureBenchmark, fixtureInput } from '../../../test/fixtures/report-model';
import { cohortText } from '../../adapters/pdf/cover';
import { buildReportModel } from '../report-model/build';
import { pooledVersionsText } from '../../../web/src/PooledVersionsNote';
import { pooledVersionsNote } from './pooled-note';

const title = (id: string) => ({ alpha: 'Alpha', beta: 'Beta', gamma: 'Gamma' })[id] ?? id;

describe('pooledVersionsNote', () => {
  it('names one span when every figure pools the same versions', () => {
    expect(pooledVersionsNote({ overall: ['1.0.0', '1.1.0'], alpha: ['1.0.0', '1.1.0'] }, title)).toBe(
      'Compared with organisations on questionnaire versions 1.0.0–1.1.0.',
    );
    expect(pooledVersionsNote({ overall: ['1.0.0'], alpha: ['1.0.0'] }, title)).toBe('Compared with organisations on questionnaire version 1.0.0.');
  });

  it('names the figures compared per version apart from those pooled', () => {
    expect(pooledVersionsNote({ overall: ['1.1.0'], alpha: ['1.0.0', '1.1.0'], beta: ['1.1.0'], gamma: ['1.0.0', '1.1.0'] }, title)).toBe(
      'Compared per questionnaire version where a domain changed meaning: the overall score, Beta with organisations on version 1.1.0; Alpha, Gamma with organisations on versions 1.0.0–1.1.0.',
    );
  });
});

describe('the report says which versions its cohort figures pool', () => {
  it('puts the note in the cover of report.json when the benchmark names pooled versions', () => {
    const benchmark = { ...fixtureBenchmark, pooledVersions: { overall: ['1.1.0'], access: ['1.0.0', '1.1.0'], audit: ['1.1.0'] } };
    expect(buildReportModel(fixtureInput({ benchmark })).cover.cohort).toMatchObject({
      status: 'available',
      versions:
        'Compared per questionnaire version where a domain changed meaning: the overall score, Audit and accountability with organisations on version 1.1.0; Least privilege with organisations on versions 1.0.0–1.1.0.',
    });
    expect(buildReportModel(fixtureInput()).cover.cohort).not.toHaveProperty('versions');
  });

  it('reads the same in the web app, beside its benchmark figures', () => {
    const cases: Record<string, string[]>[] = [
      { overall: ['1.1.0'], alpha: ['1.0.0', '1.1.0'], beta: ['1.1.0'] },
      { overall: ['1.0.0'], alpha: ['1.0.0'] },
    ];
    for (const pooled of cases) expect(pooledVersionsText(pooled, title)).toBe(pooledVersionsNote(pooled, title));
  });

  it('prints it on the PDF cover beside the cohort', () => {
    const cohort = {
      status: 'available' as const,
      description: 'Energy · all sizes · all regions',
      versions: 'Compared with organisations on questionnaire version 1.1.0.',
    };
    expect(cohortText(cohort)).toBe('Energy · all sizes · all regions. Compared with organisations on questionnaire version 1.1.0.');
  });
});
