/**
 * The correlation id and the events of reads and refusals, on a small Hono app: what the
 * request summary keeps, which calls are recorded, and that a failed write only logs.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { authorize, authorizeAssessment } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { DomainError } from '../core/errors';
import { AccessAuditService } from '../services/access-audit';
import type { AuditEvent } from '../services/entities';
import { accessAudit, forRequest, refusalOf, targetOf } from './access-audit';
import { InputError } from './problems';

const agentKey: Principal = { tokenId: 'tok-1', label: 'bot', role: 'respondent', actorType: 'agent', organisationId: 'org-1' };
const person: Principal = { ...agentKey, tokenId: 'person-1', actorType: 'human', personId: 'person-1' };

function appWith(caller: Principal, options: { failWrites?: boolean; routes?: false } = {}) {
  const events: AuditEvent[] = [];
  const logs: Record<string, unknown>[] = [];
  const service = new AccessAuditService({
    audit: {
      record: async (event) => {
        if (options.failWrites) throw new Error('the table is gone');
        events.push(event);
      },
    },
    clock: { now: () => new Date('2026-06-01T09:00:00.000Z') },
    ids: { id: () => `ev-${events.length + 1}`, secret: () => 'unused' },
  });
  const app = new Hono();
  app.use('*', accessAudit({ accessAudit: service, log: (entry) => logs.push(entry) }));
  app.onError((error, c) =>
    c.json({ code: error instanceof DomainError ? error.code : 'internal_error' }, error instanceof DomainError && error.code === 'not_found' ? 404 : 403),
  );
  if (options.routes === false) return { app, events, logs };
  app.get('/v1/assessments/:id', (c) => {
    const principal = forRequest(c, caller);
    authorizeAssessment(principal, 'assessments.read', c.req.param('id'));
    return c.json({ ok: true });
  });
  app.get('/v1/tokens', (c) => {
    authorize(forRequest(c, caller), 'tokens.list');
    return c.json({ ok: true });
  });
  app.get('/v1/audit', (c) => {
    authorize(forRequest(c, { ...caller, role: 'owner' }), 'audit.read');
    return c.json({ ok: true });
  });
  return { app, events, logs };
}

describe('the access audit middleware', () => {
  it('answers X-Request-Id and records a read with the route template, path parameters and query', async () => {
    const { app, events } = appWith(agentKey);
    const res = await app.request(`/v1/assessments/a-1?view=full&x=${'y'.repeat(300)}`);
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([
      expect.objectContaining({
        organisationId: 'org-1',
        operation: 'read',
        target: { type: 'assessment', id: 'a-1' },
        correlationId: id,
        decision: { outcome: 'allowed', operation: 'assessments.read' },
        request: { method: 'GET', route: '/v1/assessments/{id}', params: { id: 'a-1' }, query: { view: 'full', x: 'y'.repeat(100) } },
      }),
    ]);
  });

  it('never records the value of a credential-like query parameter', async () => {
    const { app, events } = appWith(agentKey);
    await app.request('/v1/assessments/a-1?access_token=aim_secret&code=xyz&client_secret=s');
    expect(events[0]!.request!.query).toEqual({ access_token: '[redacted]', code: '[redacted]', client_secret: '[redacted]' });
    expect(JSON.stringify(events)).not.toContain('aim_secret');
  });

  it("uses API Gateway's request id in AWS, the log lines' correlation id", async () => {
    const { app, events } = appWith(agentKey);
    const res = await app.request('/v1/assessments/a-1', {}, { event: { requestContext: { requestId: 'apigw-req-1' } } });
    expect(res.headers.get('x-request-id')).toBe('apigw-req-1');
    expect(events[0]!.correlationId).toBe('apigw-req-1');
  });

  it("does not record a person's reads through their session, but does record their refusals", async () => {
    const { app, events } = appWith(person);
    expect((await app.request('/v1/assessments/a-1')).status).toBe(200);
    expect(events).toEqual([]);
    expect((await app.request('/v1/tokens')).status).toBe(403);
    expect(events.map((e) => [e.operation, e.decision])).toEqual([['refused', { outcome: 'refused', operation: 'tokens.list', reason: 'forbidden' }]]);
  });

  it('records a refusal by binding (404) with not_found', async () => {
    const { app, events } = appWith({ ...agentKey, assessmentId: 'a-1' });
    expect((await app.request('/v1/assessments/a-2')).status).toBe(404);
    expect(events).toEqual([
      expect.objectContaining({
        operation: 'refused',
        target: { type: 'assessment', id: 'a-2' },
        decision: { outcome: 'refused', operation: 'assessments.read', reason: 'not_found' },
      }),
    ]);
  });

  it('records reads of the audit trail itself: they are part of what an agent accessed', async () => {
    const { app, events } = appWith(agentKey);
    expect((await app.request('/v1/audit')).status).toBe(200);
    expect(events).toEqual([expect.objectContaining({ operation: 'read', target: { type: 'route', id: '/v1/audit' } })]);
  });

  it('keeps a successful read successful when its event cannot be written, and logs that', async () => {
    const { app, logs } = appWith(agentKey, { failWrites: true });
    const res = await app.request('/v1/assessments/a-1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(logs).toEqual([expect.objectContaining({ level: 'error', correlationId: res.headers.get('x-request-id'), error: 'Error: the table is gone' })]);
  });

  it('records once when two apps with it are mounted on one server (locally)', async () => {
    const { app: inner, events: innerEvents } = appWith(agentKey);
    const { app: first, events: firstEvents } = appWith(person, { routes: false });
    const outer = new Hono();
    // `first` adds its middleware only (none of its routes match); `inner` answers.
    outer.route('/', first);
    outer.route('/', inner);
    const res = await outer.request('/v1/assessments/a-1?only=inner');
    expect(res.status).toBe(200);
    expect([...firstEvents, ...innerEvents]).toHaveLength(1);
    expect(firstEvents[0]!.correlationId).toBe(res.headers.get('x-request-id'));
  });
});

describe('targetOf', () => {
  it("names the route's last path parameter by the collection before it, or else the route", () => {
    const request = (route: string, params: Record<string, string> = {}) => ({ method: 'GET', route, params, query: {} });
    expect(targetOf(request('/v1/assessments/{id}/report.pdf', { id: 'a-1' }))).toEqual({ type: 'assessment', id: 'a-1' });
    expect(targetOf(request('/v1/agents/{id}/delegations', { id: 'ag-1' }))).toEqual({ type: 'agent', id: 'ag-1' });
    expect(targetOf(request('/v1/organisation/export'))).toEqual({ type: 'route', id: '/v1/organisation/export' });
  });
});

describe('refusalOf', () => {
  const refused = { outcome: 'refused' as const, operation: 'tokens.list', reason: 'forbidden' };
  it('is the last decision when it refused and its refusal is the error the caller got', () => {
    const principal = { ...agentKey, decisions: [{ outcome: 'allowed' as const, operation: 'assessments.read' }, refused] };
    expect(refusalOf(principal, new DomainError('forbidden', 'no'))).toEqual(refused);
    expect(refusalOf(principal, new InputError(new DomainError('forbidden', 'no'), 'query'))).toEqual(refused);
  });

  it('is nothing when the service went on after a refusal, or the last decision allowed', () => {
    expect(refusalOf({ ...agentKey, decisions: [refused] }, new DomainError('not_found', 'gone'))).toBeUndefined();
    expect(refusalOf({ ...agentKey, decisions: [refused] }, undefined)).toBeUndefined();
    expect(refusalOf({ ...agentKey, decisions: [refused, { outcome: 'allowed', operation: 'x' }] }, new DomainError('forbidden', 'no'))).toBeUndefined();
  });
});
