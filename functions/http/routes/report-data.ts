/**
 * The report as data (the model the PDF is laid out from) and the check that a report
 * matches its data. Served by the API app: neither needs react-pdf.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { CohortQuery, ReportModelContract, ReportVerificationSchema } from '../../contract';
import { authProblems, problemContent, signedIn } from '../schemas';

export const reportJsonRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/report.json',
  operationId: 'getReportModel',
  tags: ['reports'],
  summary: 'The maturity report of a submitted assessment, as data (the model the PDF shows)',
  description:
    'Recorded like the PDF: its provenance.sha256 can be checked with GET /v1/reports/verify. The query chooses the cohort it compares with, as for the PDF (cover.comparedWith records it).',
  security: signedIn,
  request: { params: z.object({ id: z.string().min(1).max(80) }), query: CohortQuery },
  responses: {
    200: { content: { 'application/json': { schema: ReportModelContract } }, description: 'the report model' },
    400: problemContent('a cohort dimension that is not in the taxonomy'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
  },
});

const VerifyQuery = z.strictObject({
  reportId: z.string().min(1).max(80).openapi({ description: 'the report id printed on the cover and in every footer' }),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 digest: 64 hexadecimal digits')
    .openapi({ description: "the SHA-256 printed in the report's method and provenance section" }),
});

export const reportVerifyRoute = createRoute({
  method: 'get',
  path: '/v1/reports/verify',
  operationId: 'verifyReport',
  tags: ['reports'],
  summary: 'Checks that a report (by id and SHA-256) matches the data it was generated from',
  security: signedIn,
  request: { query: VerifyQuery },
  responses: {
    200: {
      content: { 'application/json': { schema: ReportVerificationSchema } },
      description: 'whether the report matches; a tampered digest answers verified: false',
    },
    400: problemContent('a missing report id or a malformed digest'),
    404: problemContent('no such report in your organisation'),
    ...authProblems,
  },
});

export function registerReportDataRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(reportJsonRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const model = await deps.reports.model(principal, c.req.valid('param').id, c.req.valid('query'));
    c.header('cache-control', 'private, no-store');
    return c.json(model, 200);
  });

  app.openapi(reportVerifyRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { reportId, sha256 } = c.req.valid('query');
    return c.json(await deps.reports.verify(principal, reportId, sha256), 200);
  });
}
