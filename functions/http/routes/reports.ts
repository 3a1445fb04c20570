/**
 * The PDF report. It is served by its own Lambda in AWS (react-pdf stays out of the API
 * bundle): the API app only documents the route, the report app handles it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { authProblems, problemContent } from '../schemas';
import type { ReportService } from '../../services/reports';

export const reportPdfRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/report.pdf',
  tags: ['reports'],
  summary: 'The maturity report of a submitted assessment, as PDF',
  security: [{ Bearer: [] }],
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  responses: {
    200: { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'the PDF report' },
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
  },
});

export function registerReportRoutes(app: OpenAPIHono, deps: AppDeps & { reports: ReportService }) {
  app.openapi(reportPdfRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { filename, pdf } = await deps.reports.pdf(principal, c.req.valid('param').id);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    });
  });
}
