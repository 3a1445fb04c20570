/** The audit ledger's integrity check for the caller's organisation (docs/security.md, "The audit ledger"). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, type AppDeps } from '../context';
import { AuditIntegritySchema } from '../../contract/audit-integrity';
import { authProblems, jsonContent, signedIn } from '../schemas';

const integrity = createRoute({
  method: 'get',
  path: '/v1/audit/integrity',
  operationId: 'checkAuditIntegrity',
  tags: ['audit'],
  summary: "Checks the organisation's audit trail against its immutable ledger (owners and leaders)",
  description:
    "Walks the organisation's hash chain of audit event digests (write-once storage: S3 Object Lock in AWS), recomputing each segment's hash and link, and recomputes the digest of every audit event in the table: events changed since they were written are `altered`, removed ones `missing`. Events of the last few seconds are `unledgered` until the stream has carried them. A check reads at most 500 segments and 10,000 events; `partial` says when it stopped there.",
  security: signedIn,
  responses: {
    200: jsonContent(AuditIntegritySchema, 'the outcome of the check'),
    ...authProblems,
  },
});

export function registerAuditIntegrityRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(integrity, async (c) => {
    const principal = await authenticate(deps, c);
    const { ledger: _ledger, ...report } = await deps.auditLedger.verify(principal);
    return c.json(report, 200);
  });
}
