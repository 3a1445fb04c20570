/** The audit trail and the organisation's data rights (export, deletion). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ActorType, Role } from '../../core/access/principal';
import { AuditListQuery } from '../../services/audit-trail';
import { DeleteOrganisationRequest } from '../../services/organisation-data';
import { authenticate, type AppDeps } from '../context';
import { authProblems, bodyProblems, jsonContent, problemContent } from '../schemas';

const security = [{ Bearer: [] }];

const AuditEventSchema = z
  .object({
    id: z.string(),
    organisationId: z.string().nullable(),
    at: z.string(),
    actor: z.object({ tokenId: z.string(), label: z.string(), role: Role, actorType: ActorType }),
    operation: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    beforeHash: z.string().nullable().openapi({ description: 'SHA-256 of the changed data before the change' }),
    afterHash: z.string().nullable().openapi({ description: 'SHA-256 of the changed data after the change' }),
  })
  .openapi('AuditEvent');

const audit = createRoute({
  method: 'get',
  path: '/v1/audit',
  operationId: 'listAuditEvents',
  tags: ['audit'],
  summary: "The organisation's audit trail, newest first",
  description:
    'Every change (organisation, token, invitation, answer, submission, upgrade, reopen) has an event written in the same transaction. Events cannot be edited or deleted through any API.',
  security,
  request: { query: AuditListQuery },
  responses: {
    200: jsonContent(
      z.object({ events: z.array(AuditEventSchema), next: z.string().optional().openapi({ description: 'pass as `cursor` for the next page' }) }),
      'a page of events',
    ),
    400: problemContent('invalid filter or cursor'),
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
    200: jsonContent(
      z.object({}).passthrough().openapi('OrganisationExport'),
      'profile, tokens (without secrets), invitations, assessments, submissions and the audit trail',
    ),
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
    return c.json(await deps.auditTrail.list(principal, c.req.valid('query')), 200);
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
