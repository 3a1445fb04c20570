/**
 * Cohort statistics for analysts and admins (aggregates only, never an organisation's
 * answers): one cohort, two to six side by side, a trend by quarter, each also as
 * text/csv (`Accept: text/csv` or `?format=csv`). And the owner's contribution setting.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stringify } from 'csv-stringify/sync';
import type { CohortFigures } from '../../services/benchmarks';
import { authenticate, type AppDeps } from '../context';
import {
  CohortComparisonSchema,
  CohortFiguresContract,
  CohortTrendSchema,
  AnalystCohortQuery,
  CompareRequest,
  ContributionSettings,
  TrendQuery,
} from '../../contract';
import { authProblems, bodyProblems, jsonContent, problemContent, signedIn } from '../schemas';

const Format = z.object({
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'csv: the same figures as text/csv (or send Accept: text/csv)' }),
});

const csvContent = { 'text/csv': { schema: z.string().openapi({ description: 'one row per cohort and metric (overall, then each domain)' }) } };
const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema }, ...csvContent }, description });

const security = signedIn;

const cohort = createRoute({
  method: 'get',
  path: '/v1/benchmarks',
  operationId: 'getBenchmark',
  tags: ['benchmarks'],
  summary:
    'Figures of a peer cohort from the current release (or the last release of `period`), each with its 90% interval; only published levels have figures',
  security,
  request: { query: AnalystCohortQuery.extend(Format.shape) },
  responses: { 200: jsonOrCsv(CohortFiguresContract, 'the cohort statistics'), 400: problemContent('invalid filter'), ...authProblems },
});

const compare = createRoute({
  method: 'post',
  path: '/v1/benchmarks/compare',
  operationId: 'compareBenchmarks',
  tags: ['benchmarks'],
  summary: 'Two to six cohorts side by side',
  security,
  request: { query: Format, body: { content: { 'application/json': { schema: CompareRequest } }, required: true } },
  responses: {
    ...bodyProblems,
    200: jsonOrCsv(CohortComparisonSchema, 'the statistics of each cohort, in the order asked'),
    400: problemContent('invalid cohorts'),
    ...authProblems,
  },
});

const trend = createRoute({
  method: 'get',
  path: '/v1/benchmarks/trend',
  operationId: 'getBenchmarkTrend',
  tags: ['benchmarks'],
  summary: 'A cohort quarter by quarter: the last release of each quarter (the current release for the current quarter)',
  security,
  request: { query: TrendQuery.extend(Format.shape) },
  responses: {
    200: jsonOrCsv(CohortTrendSchema, 'one cohort statistics entry per quarter, oldest first'),
    400: problemContent('invalid filter'),
    ...authProblems,
  },
});

const settings = createRoute({
  method: 'patch',
  path: '/v1/organisation/settings',
  operationId: 'updateOrganisationSettings',
  tags: ['organisation'],
  summary: "Whether the organisation's submissions count in peer benchmarks (owners only; audited)",
  security,
  request: { body: { content: { 'application/json': { schema: ContributionSettings } }, required: true } },
  responses: {
    ...bodyProblems,
    200: jsonContent(ContributionSettings, 'the setting now in force; opting out withdraws every contribution, opting in re-adds the latest submissions'),
    400: problemContent('invalid setting'),
    404: problemContent('the organisation no longer exists'),
    ...authProblems,
  },
});

const FIGURES = ['mean', 'p10', 'p25', 'p50', 'p75', 'p90'] as const;
const COLUMNS: string[] = [
  'questionnaireId',
  'industry',
  'sizeBand',
  'region',
  'period',
  'population',
  'synthetic',
  'releaseDate',
  'epsilon',
  'suppressed',
  'reason',
  'n',
  'nLow',
  'nHigh',
  'metric',
  'versions',
  ...FIGURES.flatMap((f) => [f, `${f}Low`, `${f}High`]),
];

/**
 * One row per cohort and metric (overall, then each domain's median); every figure with
 * its 90% interval, and the questionnaire versions the metric pools (space-separated), so
 * a spreadsheet never mixes figures of different meanings unawares. A suppressed cohort
 * is one row with its reason, no figures, and the versions of its overall metric (the
 * one its count is of).
 */
export function statisticsCsv(all: readonly CohortFigures[]): string {
  const rows: unknown[][] = [];
  const blanks = (count: number) => Array.from({ length: count }, () => '');
  const versionsOf = (s: CohortFigures, metric: string) => s.pooledVersions?.[metric]?.join(' ') ?? '';
  for (const s of all) {
    const c = s.cohort;
    const head = [
      c.questionnaireId,
      c.industry ?? '*',
      c.sizeBand ?? '*',
      c.region ?? '*',
      c.period ?? '*',
      c.population,
      s.synthetic,
      s.release?.date ?? '',
      s.release?.epsilon ?? '',
      s.suppressed,
    ];
    if (s.suppressed) {
      rows.push([...head, s.reason, ...blanks(4), versionsOf(s, 'overall'), ...blanks(3 * FIGURES.length)]);
      continue;
    }
    const count = [s.n.value, s.n.low, s.n.high];
    rows.push([
      ...head,
      '',
      ...count,
      'overall',
      versionsOf(s, 'overall'),
      ...FIGURES.flatMap((f) => [s.overall[f].value, s.overall[f].low, s.overall[f].high]),
    ]);
    for (const [id, d] of Object.entries(s.domains)) {
      rows.push([
        ...head,
        '',
        d.n,
        '',
        '',
        id,
        versionsOf(s, id),
        ...FIGURES.flatMap((f): unknown[] => (f === 'p50' ? [d.p50.value, d.p50.low, d.p50.high] : ['', '', ''])),
      ]);
    }
  }
  return stringify(rows, { header: true, columns: [...COLUMNS], cast: { boolean: (b) => String(b) } });
}

const wantsCsv = (c: Context, format?: string) => format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(c.req.header('accept') ?? ''));

const csv = (c: Context, text: string, name: string) =>
  c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` });

export function registerBenchmarkRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(cohort, async (c) => {
    const principal = await authenticate(deps, c);
    const { format, ...query } = c.req.valid('query');
    const stats = await deps.benchmarks.cohort(principal, query);
    return wantsCsv(c, format) ? csv(c, statisticsCsv([stats]), 'aim-benchmark') : c.json(stats, 200);
  });
  app.openapi(compare, async (c) => {
    const principal = await authenticate(deps, c);
    const result = await deps.benchmarks.compare(principal, c.req.valid('json'));
    return wantsCsv(c, c.req.valid('query').format) ? csv(c, statisticsCsv(result.cohorts), 'aim-benchmark-comparison') : c.json(result, 200);
  });
  app.openapi(trend, async (c) => {
    const principal = await authenticate(deps, c);
    const { format, ...query } = c.req.valid('query');
    const result = await deps.benchmarks.trend(principal, query);
    return wantsCsv(c, format) ? csv(c, statisticsCsv(result.periods), 'aim-benchmark-trend') : c.json(result, 200);
  });
  app.openapi(settings, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.benchmarks.setContributing(principal, c.req.valid('json')), 200);
  });
}
