/** Change events pick up the request of the principal their actor was made from, with no help from their callers. */
import { describe, expect, it } from 'vitest';
import { authorize } from '../core/access/policy';
import type { Principal } from '../core/access/principal';
import { accessEvent, actorOf, auditEvent, withDataClasses } from './audit';

const ctx = { clock: { now: () => new Date('2026-06-01T09:00:00.000Z') }, ids: { id: () => 'ev-1', secret: () => 'unused' } };
const key: Principal = { tokenId: 'tok-1', label: 'script', role: 'owner', actorType: 'human', organisationId: 'org-1' };

describe('auditEvent', () => {
  it("carries the correlation id, the request and the operation the service authorized last, from actorOf's principal", () => {
    const request = { method: 'PATCH', route: '/v1/assessments/{id}/answers', params: { id: 'a-1' }, query: {} };
    const principal: Principal = { ...key, correlationId: 'req-1', request, decisions: [] };
    authorize(principal, 'assessments.read');
    authorize(principal, 'assessments.answer');
    const event = auditEvent(ctx, {
      organisationId: 'org-1',
      actor: actorOf(principal),
      operation: 'assessment.answer',
      target: { type: 'assessment', id: 'a-1' },
    });
    expect(event).toMatchObject({ correlationId: 'req-1', request, decision: { outcome: 'allowed', operation: 'assessments.answer' } });
    // The actor itself stays as stored before: nothing of the request in it.
    expect(Object.keys(event.actor).sort()).toEqual(['actorType', 'label', 'role', 'tokenId']);
  });

  it('is as before for an actor not made from a principal of a request (anonymous registration, sign-in)', () => {
    const event = auditEvent(ctx, {
      organisationId: 'org-1',
      actor: { ...actorOf(key) },
      operation: 'organisation.register',
      target: { type: 'organisation', id: 'org-1' },
    });
    expect(event).not.toHaveProperty('correlationId');
    expect(event).not.toHaveProperty('decision');
    expect(event).not.toHaveProperty('request');
  });
});

describe('data classes', () => {
  it('are set on every event from its action: a change by its name, a read by the operation the policy allowed', () => {
    const change = auditEvent(ctx, { organisationId: 'org-1', actor: actorOf(key), operation: 'token.mint', target: { type: 'token', id: 't-2' } });
    expect(change.dataClasses).toEqual(['restricted']);
    const request = { method: 'GET', route: '/v1/assessments/{id}', params: { id: 'a-1' }, query: {} };
    const read = accessEvent(
      ctx,
      { ...key, request },
      { operation: 'read', target: { type: 'assessment', id: 'a-1' }, decision: { outcome: 'allowed', operation: 'assessments.read' } },
    );
    expect(read.dataClasses).toEqual(['confidential']);
  });

  it('are derived for an event stored before events carried them, and left as stored otherwise', () => {
    const { dataClasses: _, ...old } = auditEvent(ctx, {
      organisationId: 'org-1',
      actor: actorOf(key),
      operation: 'assessment.submit',
      target: { type: 'assessment', id: 'a-1' },
    });
    expect(withDataClasses(old).dataClasses).toEqual(['confidential']);
    expect(withDataClasses({ ...old, dataClasses: ['internal'] }).dataClasses).toEqual(['internal']);
  });
});
