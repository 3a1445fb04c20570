/** The audit trail and the organisation's data rights (export, deletion). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { withInputFrom } from '../problems';
import { AuditActorListSchema, AuditTrailPageSchema, OrganisationExportSchema, AuditListQuery, DeleteOrganisationRequest } from '../../contract';
import { authProblems, bodyProblems, jsonContent, problemContent, signedIn } from '../schemas';

const security = signedIn;

const audit = createRoute({
  method: 'get',
  path: '/v1/audit',
  operationId: 'listAuditEvents',
  tags: ['audit'],
  summary: "The organisation's audit trail, newest first",
  description:
    'Every change (organisation, token, invitation, answer, submission, upgrade, reopen, PDF report) has an event written in the same transaction; reads by agents and keys, and refusals by the policy, have events of their own. Each event carries the policy decision, the request (route, path and query parameters) and its correlation id (the X-Request-Id header of its response). Filter with kind (changes, reads, all) and outcome (allowed, refused). Events cannot be edited or deleted through any API; GET /v1/audit/integrity checks them against the ledger.',
  security,
  request: { query: AuditListQuery },
  responses: {
    200: jsonContent(AuditTrailPageSchema, 'a page of events, each with the names of its actor and target'),
    400: problemContent('invalid filter or cursor, or `from` after `to` (validation_failed)'),
    ...authProblems,
  },
});

const auditActors = createRoute({
  method: 'get',
  path: '/v1/audit/actors',
  operationId: 'listAuditActors',
  tags: ['audit'],
  summary: 'Whom the audit trail can be filtered by: members, agents and keys, by name',
  description: "Each entry's id is the value to pass as `actor` to GET /v1/audit. Revoked agents and keys are listed too: their events stay in the trail.",
  security,
  responses: {
    200: jsonContent(AuditActorListSchema, "the organisation's people, agents and keys"),
    ...authProblems,
  },
});

const exportData = createRoute({
  method: 'get',
  path: '/v1/organisation/export',
  operationId: 'exportOrganisation',
  tags: ['organisation'],
  summary: "All of the organisation's data, as JSON",
  security,
  responses: {
    200: jsonContent(OrganisationExportSchema, 'profile, tokens (without secrets), invitations, assessments, submissions and the audit trail'),
    ...authProblems,
  },
});

const deleteOrganisation = createRoute({
  method: 'delete',
  path: '/v1/organisation',
  operationId: 'deleteOrganisation',
  tags: ['organisation'],
  summary: 'Delete the organisation: its answers and tokens are removed and its benchmark contributions withdrawn',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: DeleteOrganisationRequest } } } },
  responses: {
    ...bodyProblems,
    204: { description: 'deleted' },
    400: problemContent('missing or wrong confirmation'),
    ...authProblems,
  },
});

export function registerOrganisationDataRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(audit, async (c) => {
    const principal = await authenticate(deps, c);
    // The audit query's fields (`cursor`, `from`) are the query string's.
    return c.json(await withInputFrom('query', () => deps.auditTrail.list(principal, c.req.valid('query'))), 200);
  });
  app.openapi(auditActors, async (c) => {
    const principal = await authenticate(deps, c);
    return c.json(await deps.auditTrail.actors(principal), 200);
  });
  app.openapi(exportData, async (c) => {
    const principal = await authenticate(deps, c);
    c.header('content-disposition', 'attachment; filename="aim-organisation-export.json"');
    return c.json(await deps.organisationData.export(principal), 200);
  });
  app.openapi(deleteOrganisation, async (c) => {
    const principal = await authenticate(deps, c);
    await deps.organisationData.delete(principal, c.req.valid('json'));
    return c.body(null, 204);
  });
}
