/** The admins' verification of organisations: the queue and the decision (docs/benchmarks.md, "Verification"). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { OrganisationSchema, VerificationQueueEntrySchema, OrganisationIdParam, VerificationQueueQuery, VerificationRequest } from '../../contract';
import { authProblems, bodyProblems, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;

const queue = createRoute({
  method: 'get',
  path: '/v1/admin/organisations',
  operationId: 'listOrganisationsToVerify',
  tags: ['admin'],
  summary: 'Organisations by verification state, oldest registration first (admins)',
  description: 'Only verified organisations count in peer benchmarks. Pages of at most 100; pass `next` as `cursor` for the next page.',
  security,
  request: { query: VerificationQueueQuery },
  responses: {
    200: jsonContent(
      z.object({
        organisations: z.array(VerificationQueueEntrySchema),
        next: z.string().optional().openapi({ description: 'pass as `cursor` for the next page' }),
      }),
      'a page of the queue',
    ),
    400: problemContent('invalid status, limit or cursor'),
    ...authProblems,
  },
});

const decide = createRoute({
  method: 'post',
  path: '/v1/admin/organisations/{id}/verification',
  operationId: 'decideVerification',
  tags: ['admin'],
  summary: "Decide an organisation's verification (admins): verified folds its submissions into the benchmarks, rejected or unverified withdraws them",
  security,
  request: { params: OrganisationIdParam, body: { required: true, content: { 'application/json': { schema: VerificationRequest } } } },
  responses: {
    ...bodyProblems,
    200: jsonContent(z.object({ organisation: OrganisationSchema }), 'the organisation with its new state'),
    400: problemContent('invalid body'),
    404: problemContent('no such organisation (or it is being deleted)'),
    409: problemContent('`verification_unchanged`: the organisation already has that state'),
    ...authProblems,
  },
});

export function registerVerificationRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(queue, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.verification.queue(principal, c.req.valid('query')), 200);
  });
  app.openapi(decide, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.verification.decide(principal, c.req.valid('param').id, c.req.valid('json')), 200);
  });
}
