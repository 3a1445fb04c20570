/**
 * The PDF report. It is served by its own Lambda in AWS (react-pdf stays out of the API
 * bundle): the API app only documents the routes, the report app handles them. A report is
 * rendered once, when its assessment is submitted, and stored (issue 21): the download
 * serves the stored bytes and says as of which benchmark release they are; the refresh
 * renders one of the current release.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate, type AppDeps } from '../context';
import { authProblems, problemContent, retryLaterProblem, signedIn } from '../schemas';
import type { ReportDownload, ReportRenderer } from '../../services/reports';
import { CohortQuery } from '../../contract';
import { contentDisposition } from '../content-disposition';
import { rateLimit, type SlidingWindowLimiter } from '../rate-limit';

/** The headers of a PDF answer (docs/reports.md, "Stored reports"). */
const reportHeaders = z.object({
  'X-Report-Id': z.string().openapi({ description: 'the report id printed on the cover and in every footer' }),
  'X-Report-Sha256': z.string().openapi({ description: 'the SHA-256 printed in the report; GET /v1/reports/verify checks it' }),
  'AIM-Report-As-Of': z.string().openapi({ description: 'the benchmark release the cohort figures are as of (yyyy-mm-dd, or the quarter chosen)' }),
  'AIM-Report-Current': z
    .enum(['true', 'false'])
    .openapi({ description: 'false when a newer benchmark release came out since the report was rendered (POST …/report/refresh makes a fresh one)' }),
  'AIM-Report-Current-Release': z.string().openapi({ description: 'the release a report made now would use' }),
});

/** The headers a cross-origin web app must be allowed to read (CORS exposeHeaders), with the file's name. */
export const DOWNLOAD_HEADERS = ['content-disposition', ...Object.keys(reportHeaders.shape).map((name) => name.toLowerCase())];

const pdfContent = { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, headers: reportHeaders };

export const reportPdfRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/report.pdf',
  operationId: 'getReportPdf',
  tags: ['reports'],
  summary: 'The maturity report of a submitted assessment, as PDF',
  description:
    'The report is rendered once, when the assessment is submitted, and stored; this serves the stored report (rendering and storing it now when none is stored yet, e.g. just after the submit). Its SHA-256 is sent in the X-Report-Sha256 header and printed in the report, so that a copy can be checked with GET /v1/reports/verify. AIM-Report-As-Of names the benchmark release its cohort figures are as of; AIM-Report-Current is false when a newer release came out since, and POST /v1/assessments/{id}/report/refresh then makes a fresh one. The query chooses the cohort it compares with, as GET /v1/assessments/{id}/benchmark does (none: every organisation on the same questionnaire); the cover names it. The file is named aim-report-<organisation>-<yyyy-mm-dd>.pdf (the day it was rendered).',
  security: signedIn,
  request: { params: z.object({ id: z.string().min(1).max(80) }), query: CohortQuery },
  responses: {
    200: { ...pdfContent, description: 'the PDF report' },
    400: problemContent('a cohort dimension that is not in the taxonomy'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
  },
});

export const reportRefreshRoute = createRoute({
  method: 'post',
  path: '/v1/assessments/{id}/report/refresh',
  operationId: 'refreshReportPdf',
  tags: ['reports'],
  summary: 'Renders the report again with the current benchmark release, stores it and returns it',
  description:
    'Owners and leaders, as for the download. When the stored report is already of the current release it is returned as it is (one report per submission, cohort and release); otherwise the report is rendered now, recorded (audited as `reports.generate`) and stored as the one later downloads serve. Rate-limited per client (AIM_REPORT_REFRESHES_PER_HOUR).',
  security: signedIn,
  request: { params: z.object({ id: z.string().min(1).max(80) }), query: CohortQuery },
  responses: {
    200: { ...pdfContent, description: 'the PDF report of the current release' },
    400: problemContent('a cohort dimension that is not in the taxonomy'),
    404: problemContent('no such assessment in your organisation'),
    409: problemContent('the assessment is not submitted'),
    ...authProblems,
    429: retryLaterProblem(
      'too many refreshes from this client (AIM_REPORT_REFRESHES_PER_HOUR), or failing tokens too often (AIM_AUTH_FAILURES_PER_MINUTE); retry after the Retry-After seconds',
    ),
  },
});

function sendPdf(c: Context, report: ReportDownload) {
  return c.body(report.pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': contentDisposition(report.filename),
    'cache-control': 'private, no-store',
    'x-report-id': report.reportId,
    'x-report-sha256': report.sha256,
    'aim-report-as-of': report.asOf,
    'aim-report-current': String(report.current),
    'aim-report-current-release': report.currentRelease,
  });
}

export function registerReportRoutes(app: OpenAPIHono, deps: AppDeps & { renderer: ReportRenderer; reportRefreshLimit?: SlidingWindowLimiter }) {
  app.openapi(reportPdfRoute, async (c) => {
    const principal = await authenticate(deps, c);
    return sendPdf(c, await deps.reports.pdf(principal, c.req.valid('param').id, deps.renderer, c.req.valid('query'))) as never;
  });

  app.openapi(reportRefreshRoute, async (c) => {
    const principal = await authenticate(deps, c);
    rateLimit(deps.reportRefreshLimit, c, 'report refreshes');
    return sendPdf(c, await deps.reports.refresh(principal, c.req.valid('param').id, deps.renderer, c.req.valid('query'))) as never;
  });
}
