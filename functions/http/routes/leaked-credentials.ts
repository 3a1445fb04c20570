/** The public leak report: secret scanners hand AIM the keys they found, and AIM revokes them (docs/security.md, "Leaked secrets"). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { LeakedCredentialsReceipt, LeakedCredentialsReport } from '../../contract/leaked-credentials';
import type { AppDeps } from '../context';
import { clientAddress, rateLimit } from '../rate-limit';
import { bodyProblems, databaseProblems, jsonContent, problemContent, retryLaterProblem } from '../schemas';

const report = createRoute({
  method: 'post',
  path: '/v1/credentials/leaked',
  operationId: 'reportLeakedCredentials',
  security: [],
  tags: ['tokens'],
  summary: 'Report leaked AIM keys, invitation codes and agent private keys (for secret scanners): each live one is revoked at once',
  description:
    'No authentication: holding a secret is the right to revoke it. Every live AIM key and pending invitation among the secrets, and every live agent registered with a private key among them (proven by a signature), is revoked and audited in its organisation; the answer is the same whether any was. Limited per client address.',
  request: { body: { required: true, content: { 'application/json': { schema: LeakedCredentialsReport } } } },
  responses: {
    ...bodyProblems,
    202: jsonContent(LeakedCredentialsReceipt, 'the report was received (never says which secrets were keys)'),
    400: problemContent('invalid body: 1 to 20 non-empty strings of at most 4000 characters'),
    429: retryLaterProblem('too many reports from this client; retry after the Retry-After seconds'),
    ...databaseProblems,
  },
});

export function registerLeakedCredentialRoutes(app: OpenAPIHono, deps: AppDeps) {
  app.openapi(report, async (c) => {
    rateLimit(deps.leakReportLimit, c, 'leak reports');
    const { secrets } = c.req.valid('json');
    return c.json(await deps.leakedSecrets.report(secrets, clientAddress(c)), 202);
  });
}
