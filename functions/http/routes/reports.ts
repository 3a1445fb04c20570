/**
 * The PDF report. It is served by its own Lambda in AWS (react-pdf stays out of the API
 * bundle): the API app only documents the route, the report app handles it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { authProblems, problemContent, signedIn } from '../schemas';
import type { ReportRenderer } from '../../services/reports';
import { CohortQuery } from '../../contract';
import { contentDisposition } from '../content-disposition';

export const reportPdfRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/report.pdf',
  operationId: 'getReportPdf',
  tags: ['reports'],
  summary: 'The maturity report of a submitted assessment, as PDF',
  description:
    'Renders the report and records its SHA-256 (sent in the X-Report-Sha256 header, printed in the report) so that a copy can be checked with GET /v1/reports/verify. The query chooses the cohort it compares with, as GET /v1/assessments/{id}/benchmark does (none: every organisation on the same questionnaire); the cover names it. The file is named aim-report-<organisation>-<yyyy-mm-dd>.pdf.',
  security: signedIn,
  request: { params: z.object({ id: z.string().min(1).max(80) }), query: CohortQuery },
  responses: {
    200: { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'the PDF report' },
    400: problemContent('a cohort dimension that is not in the taxonomy'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
  },
});

export function registerReportRoutes(app: OpenAPIHono, deps: AppDeps & { renderer: ReportRenderer }) {
  app.openapi(reportPdfRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { filename, pdf, model } = await deps.reports.pdf(principal, c.req.valid('param').id, deps.renderer, c.req.valid('query'));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': contentDisposition(filename),
      'cache-control': 'private, no-store',
      'x-report-id': model.reportId,
      'x-report-sha256': model.provenance.sha256,
    });
  });
}
