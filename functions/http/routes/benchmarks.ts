/** Cohort statistics for analysts and admins: aggregates only, never an organisation's answers. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { AnalystCohortQuery } from '../../services/benchmarks';
import { authenticate, type AppDeps } from '../context';
import { authProblems, CohortStatisticsSchema, jsonContent, problemContent } from '../schemas';

const cohort = createRoute({
  method: 'get',
  path: '/v1/benchmarks',
  tags: ['benchmarks'],
  summary: 'Statistics of a peer cohort (suppressed below k organisations)',
  security: [{ Bearer: [] }],
  request: { query: AnalystCohortQuery },
  responses: { 200: jsonContent(CohortStatisticsSchema, 'the cohort statistics'), 400: problemContent('invalid filter'), ...authProblems },
});

export function registerBenchmarkRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(cohort, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.benchmarks.cohort(principal, c.req.valid('query')), 200);
  });
}
