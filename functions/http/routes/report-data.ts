/**
 * The report as data (the model the PDF is laid out from) and the check that a report
 * matches its data. Served by the API app: neither needs react-pdf.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { authProblems, problemContent } from '../schemas';

const ReportModelSchema = z
  .object({
    reportId: z.string(),
    generatedAt: z.string(),
    cover: z.object({}).passthrough().openapi({ description: 'organisation, questionnaire and version, submission date, cohort and its size, report id' }),
    overall: z.object({ score: z.number(), level: z.number().int(), levelName: z.string(), percentile: z.number().optional() }),
    domains: z
      .array(z.object({}).passthrough())
      .openapi({ description: 'per domain: score, level and meaning, cohort quartiles, answers holding it back, caps, control ids' }),
    recommendations: z
      .array(z.object({}).passthrough())
      .openapi({ description: 'recommended controls with effort, impact, framework labels, score gain and gain per effort' }),
    summary: z.object({}).passthrough().openapi({ description: 'focus domains (furthest below the cohort median) and the three quick wins' }),
    roadmap: z.array(z.object({ days: z.number().int(), rule: z.string(), controlIds: z.array(z.string()) })),
    trend: z.object({}).passthrough().openapi({ description: 'earlier submissions of the same questionnaire, oldest first, and the cohort medians' }),
    provenance: z
      .object({ sha256: z.string(), answersSha256: z.string(), benchmarkSha256: z.string(), kAnonymity: z.number().int(), minimumCohort: z.number().int() })
      .passthrough(),
    appendix: z.array(z.object({}).passthrough()).openapi({ description: 'every question with its answer, comment and evidence links' }),
  })
  .openapi('ReportModel');

export const reportJsonRoute = createRoute({
  method: 'get',
  path: '/v1/assessments/{id}/report.json',
  operationId: 'getReportModel',
  tags: ['reports'],
  summary: 'The maturity report of a submitted assessment, as data (the model the PDF shows)',
  description: 'Recorded like the PDF: its provenance.sha256 can be checked with GET /v1/reports/verify.',
  security: [{ Bearer: [] }],
  request: { params: z.object({ id: z.string().min(1).max(80) }) },
  responses: {
    200: { content: { 'application/json': { schema: ReportModelSchema } }, description: 'the report model' },
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

const VerificationSchema = z
  .object({
    reportId: z.string(),
    assessmentId: z.string(),
    generatedAt: z.string(),
    sha256Matches: z.boolean().openapi({ description: 'the digest given is the one recorded when the report was generated' }),
    answersMatch: z.boolean().openapi({ description: 'the stored submission still hashes to the answers the report was made of' }),
    verified: z.boolean().openapi({ description: 'both: the copy matches its data' }),
  })
  .openapi('ReportVerification');

export const reportVerifyRoute = createRoute({
  method: 'get',
  path: '/v1/reports/verify',
  operationId: 'verifyReport',
  tags: ['reports'],
  summary: 'Checks that a report (by id and SHA-256) matches the data it was generated from',
  security: [{ Bearer: [] }],
  request: { query: VerifyQuery },
  responses: {
    200: {
      content: { 'application/json': { schema: VerificationSchema } },
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
    const model = await deps.reports.model(principal, c.req.valid('param').id);
    c.header('cache-control', 'private, no-store');
    return c.json(model as unknown as z.infer<typeof ReportModelSchema>, 200);
  });

  app.openapi(reportVerifyRoute, async (c) => {
    const principal = await authenticate(deps, c);
    const { reportId, sha256 } = c.req.valid('query');
    return c.json(await deps.reports.verify(principal, reportId, sha256), 200);
  });
}
