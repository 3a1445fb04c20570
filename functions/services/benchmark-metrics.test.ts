import { describe, expect, it } from 'vitest';
import { questionnaireDocuments } from '../../questionnaires';
import { QuestionnaireSchema } from '../core/questionnaire/model';
import { benchmarkMetricsOf } from './benchmark-metrics';

const real = questionnaireDocuments.map((d) => QuestionnaireSchema.parse(d.content)).filter((q) => ['1.0.0', '1.1.0'].includes(q.version));

describe('benchmarkMetricsOf', () => {
  it('keys versions by their lineage and names the latest published version', () => {
    const metrics = benchmarkMetricsOf(real);
    expect(metrics.latestPublished('agent-identity')).toBe('1.1.0');
    expect(metrics.queryableVersions('agent-identity')).toEqual(['1.0.0', '1.1.0']);
    expect(metrics.metricsOf('agent-identity', '1.1.0').overall).toBe('overall@1.1.0');
  });

  it('leaves drafts out: they take no submissions and get no metrics of their own', () => {
    const metrics = benchmarkMetricsOf(real.map((q) => (q.version === '1.1.0' ? { ...q, status: 'draft' as const } : q)));
    expect(metrics.queryableVersions('agent-identity')).toEqual(['1.0.0']);
    expect(metrics.lineageOf('agent-identity')?.get('1.0.0')?.pooled.overall).toEqual(['1.0.0']);
  });

  it('keeps plain metrics for a questionnaire it does not know', () => {
    const metrics = benchmarkMetricsOf(real);
    expect(metrics.metricsOf('other', '1.0.0')).toMatchObject({ overall: 'overall', domains: {} });
    expect(metrics.latestPublished('other')).toBeUndefined();
  });
});
