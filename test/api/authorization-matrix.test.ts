/**
 * Every route with every kind of caller: each role of one organisation, no token, an
 * expired token, a revoked token, another organisation's token, and the platform roles.
 * The exact status is asserted for each, and the table must cover every route of the
 * OpenAPI document, so a new route cannot skip its access rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { completeAnswers, type ServedQuestionnaire } from '../support/answering';
import { startTestPlatform } from '../support/platform-fixture';
import { makeWorld, PEOPLE, PRINCIPALS, type PersonName, type PrincipalName, type World } from '../support/world';
import { createDraft } from '../support/api-steps';
import { emptyTemplate } from '../../functions/core/evidence/aim-template';
import { exportJWK, generateKeyPair } from 'jose';
import { personIdOf } from '../../functions/services/people';
import { grantMembership, newAccount } from '../support/people';

type Role = 'owner' | 'leader' | 'respondent' | 'analyst' | 'admin';
type Expectation = Record<PrincipalName, number>;

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template. */
  route: string;
  /** Builds the request for one caller (creating what it needs); `world` belongs to that caller's case. */
  request(world: World, as: PrincipalName): Promise<{ path: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }>;
  expect: Expectation;
  /** Where a signed-in person with that role is answered otherwise than a key (default: as `expect`). */
  expectSession?: Partial<Record<PersonName, number>>;
  /** The problem code of a 401 (default: the key's, unauthenticated, token_expired or token_revoked). */
  unauthenticatedCode?: string;
  /** Needs a world of its own for each caller (the request destroys it). */
  fresh?: boolean;
}

/** Anyone may call; tokens are ignored. */
const publicRoute = (status: number): Expectation => Object.fromEntries(PRINCIPALS.map((p) => [p, status])) as Expectation;

/** Authenticated: the listed roles get `ok`, other roles 403, bad tokens 401, another organisation's owner `other`. */
const guarded = (ok: number, roles: Role[], other: number): Expectation => ({
  owner: roles.includes('owner') ? ok : 403,
  leader: roles.includes('leader') ? ok : 403,
  respondent: roles.includes('respondent') ? ok : 403,
  analyst: roles.includes('analyst') ? ok : 403,
  admin: roles.includes('admin') ? ok : 403,
  none: 401,
  expired: 401,
  revoked: 401,
  otherOrg: other,
});

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let api: ApiClient;
let shared: World;
let questionnaire: ServedQuestionnaire;
let submittedId: string;
/** A later submission of the shared organisation (the plan follows it, and then the submissions of the cases below). */
let laterSubmittedId: string;
/** A control on the shared organisation's plan. */
let planControlId: string;
let openapi: { paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };

/** The responses the OpenAPI document describes for one operation. */
const documentedResponses = (method: string, route: string) => openapi.paths[route]?.[method.toLowerCase()]?.responses ?? {};

const draft = async (world: World) => (await createDraft(api, world.tokens.owner!)).id;

async function completeDraft(world: World): Promise<string> {
  const id = await draft(world);
  const saved = await api.patch(`/v1/assessments/${id}/answers`, { revision: 0, answers: completeAnswers(questionnaire, () => 2) }, world.tokens.owner);
  expect(saved.status).toBe(200);
  return id;
}

/** A platform agent's registration: a workload identity of its own each time (one live agent per identity). */
const platformAgentRequest = () => ({
  label: 'matrix platform agent',
  federation: { issuer: 'https://token.actions.githubusercontent.com', subject: `repo:aim/matrix-${Math.random().toString(36).slice(2, 10)}:environment:prod` },
});

/** An agent's public key, as an owner registers it. */
const agentJwk = async () => exportJWK((await generateKeyPair('ES256')).publicKey);

/** A new agent of the world's organisation, registered by its owner. */
async function matrixAgent(world: World): Promise<string> {
  const registered = await api.post('/v1/agents', { label: 'matrix agent', role: 'respondent', jwk: await agentJwk() }, world.tokens.owner);
  expect(registered.status).toBe(201);
  return registered.body.agent.id;
}

/** A new agent and a delegation to it, approved by the world's owner (a signed-in person) for a new draft. */
async function matrixDelegation(world: World) {
  const agentId = await matrixAgent(world);
  const created = await api.call('POST', `/v1/agents/${agentId}/delegations`, {
    body: { assessmentId: await draft(world) },
    headers: world.people.owner.headers,
  });
  expect(created.status).toBe(201);
  return { agentId, delegationId: created.body.delegation.id as string };
}

/** Everyone with a key (or nothing) gets `status`; signed-in people get `people`. */
const sessionOnly = (status: number, people: Partial<Record<PersonName, number>>) => ({ expect: publicRoute(status), expectSession: people });
const allPeople = (status: number) => Object.fromEntries(PEOPLE.map((p) => [p, status])) as Record<PersonName, number>;

/** A member of the world's organisation made only to be changed or removed. */
async function throwawayMember(world: World, role = 'leader') {
  const account = await newAccount(platform, 'Throwaway member');
  expect((await grantMembership(platform, account, world.organisationId, role)).status).toBe(201);
  return personIdOf(account.issuer, account.subject);
}

const cases: RouteCase[] = [
  { method: 'GET', route: '/auth/login', request: async () => ({ path: '/auth/login?returnTo=/' }), expect: publicRoute(302) },
  { method: 'GET', route: '/auth/callback', request: async () => ({ path: '/auth/callback?code=forged&state=forged' }), expect: publicRoute(302) },
  {
    method: 'GET',
    route: '/auth/session',
    request: async () => ({ path: '/auth/session' }),
    ...sessionOnly(401, allPeople(200)),
    unauthenticatedCode: 'session_expired',
  },
  {
    method: 'POST',
    route: '/auth/active',
    request: async () => ({ path: '/auth/active', body: { organisationId: null } }),
    // Only the platform roles have a membership with no organisation.
    ...sessionOnly(401, { ...allPeople(404), analyst: 200, admin: 200 }),
    unauthenticatedCode: 'session_expired',
  },
  { method: 'POST', route: '/auth/logout', fresh: true, request: async () => ({ path: '/auth/logout' }), expect: publicRoute(200) },
  { method: 'GET', route: '/v1/members', request: async () => ({ path: '/v1/members' }), expect: guarded(200, ['owner'], 200) },
  {
    method: 'PATCH',
    route: '/v1/members/{personId}',
    request: async (w) => ({ path: `/v1/members/${await throwawayMember(w)}`, body: { role: 'respondent' } }),
    expect: guarded(204, ['owner'], 404),
  },
  {
    method: 'DELETE',
    route: '/v1/members/{personId}',
    request: async (w) => ({ path: `/v1/members/${await throwawayMember(w)}` }),
    expect: guarded(204, ['owner'], 404),
  },
  {
    method: 'POST',
    route: '/v1/memberships',
    request: async (w) => {
      const account = await newAccount(platform, 'Granted member');
      return {
        path: '/v1/memberships',
        body: { issuer: account.issuer, subject: account.subject, organisationId: w.organisationId, role: 'leader', reason: 'matrix' },
      };
    },
    expect: guarded(201, ['admin'], 403),
  },
  { method: 'GET', route: '/health', request: async () => ({ path: '/health' }), expect: publicRoute(200) },
  { method: 'GET', route: '/v1/taxonomy', request: async () => ({ path: '/v1/taxonomy' }), expect: publicRoute(200) },
  { method: 'GET', route: '/v1/questionnaires', request: async () => ({ path: '/v1/questionnaires' }), expect: publicRoute(200) },
  {
    method: 'GET',
    route: '/v1/questionnaires/{id}/versions/{version}',
    request: async () => ({ path: '/v1/questionnaires/agent-identity/versions/1.0.0' }),
    expect: publicRoute(200),
  },
  {
    method: 'GET',
    route: '/v1/questionnaires/{id}/diff',
    request: async () => ({ path: '/v1/questionnaires/agent-identity/diff?from=1.0.0&to=1.1.0' }),
    expect: publicRoute(200),
  },
  {
    method: 'POST',
    route: '/v1/organisations',
    request: async () => ({ path: '/v1/organisations', body: { name: 'Matrix Co', industry: 'other', sizeBand: '1-49', region: 'europe' } }),
    // Anonymous, or with a platform admin's credential; any other credential is refused.
    expect: { ...guarded(201, ['admin'], 403), none: 201 },
    // Any signed-in person registers one and becomes its owner.
    expectSession: { owner: 201, leader: 201, respondent: 201, analyst: 201, otherOrg: 201 },
  },
  {
    method: 'POST',
    route: '/v1/tokens',
    // Admins mint platform roles, owners organisation roles.
    request: async (_w, as) => ({ path: '/v1/tokens', body: { role: as === 'admin' ? 'analyst' : 'respondent', label: 'matrix' } }),
    expect: guarded(201, ['owner', 'admin'], 201),
  },
  { method: 'GET', route: '/v1/tokens', request: async () => ({ path: '/v1/tokens' }), expect: guarded(200, ['owner', 'admin'], 200) },
  {
    method: 'DELETE',
    route: '/v1/tokens/{id}',
    request: async (w) => ({ path: `/v1/tokens/${(await api.post('/v1/tokens', { role: 'leader', label: 'to revoke' }, w.tokens.owner)).body.token.id}` }),
    // An admin's scope is the platform's tokens, so an organisation's token is not found there.
    expect: { ...guarded(204, ['owner', 'admin'], 404), admin: 404 },
  },
  {
    method: 'POST',
    route: '/v1/invitations',
    request: async () => ({ path: '/v1/invitations', body: { role: 'respondent', label: 'matrix invite' } }),
    expect: guarded(201, ['owner'], 201),
  },
  { method: 'GET', route: '/v1/invitations', request: async () => ({ path: '/v1/invitations' }), expect: guarded(200, ['owner'], 200) },
  {
    method: 'DELETE',
    route: '/v1/invitations/{id}',
    request: async (w) => ({
      path: `/v1/invitations/${(await api.post('/v1/invitations', { role: 'leader', label: 'to revoke' }, w.tokens.owner)).body.invitation.id}`,
    }),
    expect: guarded(204, ['owner'], 404),
  },
  {
    method: 'POST',
    route: '/v1/invitations/accept',
    request: async (w) => ({
      path: '/v1/invitations/accept',
      // An agent's invitation, which a key (or nobody) may accept; a person's needs a session (test/api/key-lifetimes.test.ts).
      body: { code: (await api.post('/v1/invitations', { role: 'leader', actorType: 'agent', label: 'invitee' }, w.tokens.owner)).body.code },
    }),
    expect: publicRoute(201),
    // A signed-in person becomes a member, unless they are one already.
    expectSession: { owner: 409, leader: 409, respondent: 409 },
  },
  {
    method: 'POST',
    route: '/v1/invitations/preview',
    request: async (w) => ({
      path: '/v1/invitations/preview',
      body: { code: (await api.post('/v1/invitations', { role: 'leader', label: 'previewed invitee' }, w.tokens.owner)).body.code },
    }),
    // Only a signed-in person sees an invitation before accepting it; members of it too (alreadyMember).
    ...sessionOnly(401, allPeople(200)),
    unauthenticatedCode: 'sign_in_required',
  },
  {
    method: 'POST',
    route: '/v1/agents',
    request: async () => ({ path: '/v1/agents', body: { label: 'matrix agent', role: 'respondent', jwk: await agentJwk() } }),
    expect: guarded(201, ['owner'], 201),
  },
  // Members see which agents they may let act for them (labels and public keys only).
  { method: 'GET', route: '/v1/agents', request: async () => ({ path: '/v1/agents' }), expect: guarded(200, ['owner', 'leader', 'respondent'], 200) },
  {
    method: 'DELETE',
    route: '/v1/agents/{id}',
    request: async (w) => ({
      path: `/v1/agents/${(await api.post('/v1/agents', { label: 'to revoke', role: 'leader', jwk: await agentJwk() }, w.tokens.owner)).body.agent.id}`,
    }),
    expect: guarded(204, ['owner'], 404),
  },
  // Only a signed-in person approves an agent to act for them (and must be allowed to answer); keys and agents get 403.
  {
    method: 'POST',
    route: '/v1/agents/{id}/delegations',
    request: async (w) => ({ path: `/v1/agents/${await matrixAgent(w)}/delegations`, body: { assessmentId: await draft(w) } }),
    expect: guarded(403, [], 403),
    expectSession: { owner: 201, respondent: 201, otherOrg: 404 },
  },
  {
    method: 'GET',
    route: '/v1/agents/{id}/delegations',
    request: async (w) => ({ path: `/v1/agents/${await matrixAgent(w)}/delegations` }),
    expect: guarded(200, ['owner'], 404),
    // Members who are people see their own delegations; the platform roles have no organisation.
    expectSession: { leader: 200, respondent: 200 },
  },
  {
    method: 'DELETE',
    route: '/v1/agents/{id}/delegations/{delegationId}',
    // Approved by the organisation's owner (a person): only they, or an owner's key, may revoke it.
    request: async (w) => {
      const { agentId, delegationId } = await matrixDelegation(w);
      return { path: `/v1/agents/${agentId}/delegations/${delegationId}` };
    },
    expect: guarded(204, ['owner'], 404),
  },
  // The token endpoint ignores bearer tokens: an agent authenticates with its signed assertion (test/api/agent-credentials.test.ts).
  {
    method: 'POST',
    route: '/v1/oauth/token',
    request: async () => ({ path: '/v1/oauth/token', body: {}, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    expect: publicRoute(400),
  },
  // Leak reports need no credentials and ignore any (test/api/leaked-secrets.test.ts); the same 202 for anything reported.
  {
    method: 'POST',
    route: '/v1/credentials/leaked',
    request: async () => ({ path: '/v1/credentials/leaked', body: { secrets: ['a string a scanner found'] } }),
    expect: publicRoute(202),
  },
  { method: 'GET', route: '/.well-known/jwks.json', request: async () => ({ path: '/.well-known/jwks.json' }), expect: publicRoute(200) },
  {
    method: 'GET',
    route: '/.well-known/oauth-authorization-server',
    request: async () => ({ path: '/.well-known/oauth-authorization-server' }),
    expect: publicRoute(200),
  },
  { method: 'GET', route: '/v1/audit', request: async () => ({ path: '/v1/audit' }), expect: guarded(200, ['owner', 'leader'], 200) },
  { method: 'GET', route: '/v1/audit/actors', request: async () => ({ path: '/v1/audit/actors' }), expect: guarded(200, ['owner', 'leader'], 200) },
  {
    method: 'GET',
    route: '/v1/audit/integrity',
    request: async () => ({ path: '/v1/audit/integrity' }),
    expect: guarded(200, ['owner', 'leader'], 200),
  },
  { method: 'GET', route: '/v1/organisation/export', request: async () => ({ path: '/v1/organisation/export' }), expect: guarded(200, ['owner'], 200) },
  {
    method: 'DELETE',
    route: '/v1/organisation',
    fresh: true,
    request: async (w, as) => ({ path: '/v1/organisation', body: { confirm: as === 'otherOrg' ? `${w.organisationName} (other)` : w.organisationName } }),
    expect: guarded(204, ['owner'], 204),
  },
  {
    method: 'POST',
    route: '/v1/assessments',
    request: async () => ({ path: '/v1/assessments', body: { questionnaireId: 'agent-identity', version: '1.0.0' } }),
    expect: guarded(201, ['owner', 'respondent'], 201),
  },
  { method: 'GET', route: '/v1/assessments', request: async () => ({ path: '/v1/assessments' }), expect: guarded(200, ['owner', 'leader', 'respondent'], 200) },
  {
    method: 'GET',
    route: '/v1/assessments/{id}',
    request: async () => ({ path: `/v1/assessments/${submittedId}` }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 404),
  },
  {
    method: 'PATCH',
    route: '/v1/assessments/{id}/answers',
    request: async (w) => {
      const id = await draft(w);
      const [questionId, answer] = Object.entries(completeAnswers(questionnaire, () => 1))[0]!;
      return { path: `/v1/assessments/${id}/answers`, body: { revision: 0, answers: { [questionId]: answer } } };
    },
    expect: guarded(200, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/upgrade',
    request: async (w) => ({ path: `/v1/assessments/${await draft(w)}/upgrade`, body: { version: '1.1.0' } }),
    expect: guarded(200, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/submit',
    request: async (w) => ({ path: `/v1/assessments/${await completeDraft(w)}/submit` }),
    expect: guarded(200, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/reopen',
    request: async () => ({ path: `/v1/assessments/${submittedId}/reopen` }),
    expect: guarded(201, ['owner', 'respondent'], 404),
  },
  {
    method: 'GET',
    route: '/v1/assessments/{id}/benchmark',
    request: async () => ({ path: `/v1/assessments/${submittedId}/benchmark` }),
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'GET',
    route: '/v1/assessments/{id}/report.pdf',
    request: async () => ({ path: `/v1/assessments/${submittedId}/report.pdf` }),
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/report/refresh',
    request: async () => ({ path: `/v1/assessments/${submittedId}/report/refresh` }),
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'GET',
    route: '/v1/assessments/{id}/report.json',
    request: async () => ({ path: `/v1/assessments/${submittedId}/report.json` }),
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  // Targets are set in the shared organisation (beforeAll); the other organisation has none
  // until its owner's PUT below, so its reads come first.
  {
    method: 'GET',
    route: '/v1/targets/{questionnaireId}',
    request: async () => ({ path: '/v1/targets/agent-identity' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 404),
  },
  {
    method: 'GET',
    route: '/v1/targets/{questionnaireId}/history',
    request: async () => ({ path: '/v1/targets/agent-identity/history' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 200),
  },
  {
    method: 'PUT',
    route: '/v1/targets/{questionnaireId}',
    request: async (w, as) => {
      // The revision the caller's organisation is at, so that an allowed change lands.
      const current = await api.get('/v1/targets/agent-identity', as === 'otherOrg' ? w.tokens.otherOrg : w.tokens.owner);
      const revision = current.status === 200 ? (current.body.revision as number) : 0;
      return { path: '/v1/targets/agent-identity', body: { revision, domains: { auditing: 3 }, targetDate: '2027-06-30' } };
    },
    expect: guarded(200, ['owner', 'leader'], 200),
  },
  // The plan is made from the shared organisation's first submission and follows its later
  // one (beforeAll); the other organisation has none.
  {
    method: 'GET',
    route: '/v1/plans/{questionnaireId}',
    request: async () => ({ path: '/v1/plans/agent-identity' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/plans/{questionnaireId}/carry-forward',
    // The submission the plan follows now (every submit above carried it on): an allowed caller is answered 200, unchanged.
    request: async (w) => {
      const plan = await api.get('/v1/plans/agent-identity', w.tokens.owner);
      return { path: '/v1/plans/agent-identity/carry-forward', body: { assessmentId: plan.body.basedOn.assessmentId } };
    },
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'PATCH',
    route: '/v1/plans/{questionnaireId}/items/{controlId}',
    request: async (w) => {
      // The item's revision as it is now, so that an allowed change lands; a respondent owns no item (403).
      const plan = await api.get('/v1/plans/agent-identity', w.tokens.owner);
      const item = (plan.body.items as { controlId: string; revision: number }[]).find((i) => i.controlId === planControlId);
      return { path: `/v1/plans/agent-identity/items/${encodeURIComponent(planControlId)}`, body: { revision: item?.revision ?? 1, notes: 'matrix note' } };
    },
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'GET',
    route: '/v1/plans/{questionnaireId}/assignees',
    request: async () => ({ path: '/v1/plans/agent-identity/assignees' }),
    expect: guarded(200, ['owner', 'leader'], 200),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/evidence',
    request: async (w) => ({
      path: `/v1/assessments/${await draft(w)}/evidence?format=aim-template&fileName=agents.csv`,
      rawBody: emptyTemplate(),
      headers: { 'content-type': 'text/csv' },
    }),
    expect: guarded(201, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/evidence/preview',
    request: async (w) => ({
      path: `/v1/assessments/${await draft(w)}/evidence/preview?format=aim-template&fileName=agents.csv`,
      rawBody: emptyTemplate(),
      headers: { 'content-type': 'text/csv' },
    }),
    expect: guarded(200, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/evidence/uploads',
    request: async (w) => ({
      path: `/v1/assessments/${await draft(w)}/evidence/uploads`,
      body: { format: 'aim-template', fileName: 'agents.csv', bytes: Buffer.byteLength(emptyTemplate()) },
    }),
    expect: guarded(201, ['owner', 'respondent'], 404),
  },
  {
    method: 'POST',
    route: '/v1/assessments/{id}/evidence/uploads/{uploadId}/import',
    // An upload the organisation's owner prepared and PUT (the URL needs no AIM credentials), imported by each caller.
    request: async (w) => {
      const id = await draft(w);
      const prepared = await api.post(
        `/v1/assessments/${id}/evidence/uploads`,
        { format: 'aim-template', fileName: 'agents.csv', bytes: Buffer.byteLength(emptyTemplate()) },
        w.tokens.owner,
      );
      expect(prepared.status).toBe(201);
      const put = await fetch(prepared.body.url, { method: 'PUT', headers: prepared.body.headers, body: emptyTemplate() });
      expect(put.status).toBe(200);
      return { path: `/v1/assessments/${id}/evidence/uploads/${prepared.body.uploadId}/import` };
    },
    expect: guarded(201, ['owner', 'respondent'], 404),
  },
  {
    method: 'GET',
    route: '/v1/assessments/{id}/evidence',
    request: async () => ({ path: `/v1/assessments/${submittedId}/evidence` }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 404),
  },
  {
    method: 'GET',
    route: '/v1/evidence/template.csv',
    request: async () => ({ path: '/v1/evidence/template.csv' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 200),
  },
  {
    method: 'GET',
    route: '/v1/evidence/classification-rules',
    request: async () => ({ path: '/v1/evidence/classification-rules' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 200),
  },
  {
    method: 'PUT',
    route: '/v1/evidence/classification-rules',
    request: async (w, as) => {
      // The revision the caller's organisation is at, so that an allowed change lands.
      const current = await api.get('/v1/evidence/classification-rules', as === 'otherOrg' ? w.tokens.otherOrg : w.tokens.owner);
      const revision = current.status === 200 ? (current.body.revision as number) : 0;
      return { path: '/v1/evidence/classification-rules', body: { revision, namingRules: [{ pattern: 'svc-*', kind: 'agent' }], corrections: [] } };
    },
    expect: guarded(200, ['owner', 'respondent'], 200),
  },
  { method: 'GET', route: '/v1/milestones', request: async () => ({ path: '/v1/milestones' }), expect: guarded(200, ['owner', 'leader', 'respondent'], 200) },
  {
    method: 'POST',
    route: '/v1/milestones',
    request: async (_w, as) => ({
      path: '/v1/milestones',
      body: { assessmentId: submittedId, name: `Matrix ${as} ${Math.random().toString(36).slice(2, 8)}` },
    }),
    expect: guarded(201, ['owner', 'leader'], 404),
  },
  {
    method: 'DELETE',
    route: '/v1/milestones/{id}',
    request: async (w) => {
      const made = await api.post('/v1/milestones', { assessmentId: submittedId, name: `Doomed ${Math.random().toString(36).slice(2, 10)}` }, w.tokens.owner);
      expect(made.status).toBe(201);
      return { path: `/v1/milestones/${made.body.id}` };
    },
    expect: guarded(204, ['owner', 'leader'], 404),
  },
  {
    method: 'GET',
    route: '/v1/comparisons',
    request: async () => ({ path: `/v1/comparisons?from=${submittedId}&to=${laterSubmittedId}` }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 404),
  },
  {
    method: 'GET',
    route: '/v1/progress/{questionnaireId}',
    request: async () => ({ path: '/v1/progress/agent-identity' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 200),
  },
  { method: 'GET', route: '/v1/scopes', request: async () => ({ path: '/v1/scopes' }), expect: guarded(200, ['owner', 'leader', 'respondent'], 200) },
  {
    method: 'POST',
    route: '/v1/scopes',
    request: async (_w, as) => ({ path: '/v1/scopes', body: { name: `Matrix ${as} ${Math.random().toString(36).slice(2, 8)}`, kind: 'business_unit' } }),
    expect: guarded(201, ['owner'], 201),
  },
  {
    method: 'GET',
    route: '/v1/scopes/roll-up',
    request: async () => ({ path: '/v1/scopes/roll-up?questionnaireId=agent-identity' }),
    expect: guarded(200, ['owner', 'leader', 'respondent'], 200),
  },
  {
    method: 'PUT',
    route: '/v1/members/{personId}/scope',
    // A respondent made for the call; null lifts a restriction they do not have (204, unchanged).
    request: async (w) => ({ path: `/v1/members/${await throwawayMember(w, 'respondent')}/scope`, body: { scopeId: null } }),
    expect: guarded(204, ['owner'], 404),
  },
  {
    method: 'GET',
    route: '/v1/reports/verify',
    request: async (w) => {
      const model = (await api.get(`/v1/assessments/${submittedId}/report.json`, w.tokens.owner)).body;
      return { path: `/v1/reports/verify?reportId=${model.reportId}&sha256=${model.provenance.sha256}` };
    },
    expect: guarded(200, ['owner', 'leader'], 404),
  },
  {
    method: 'GET',
    route: '/v1/session',
    request: async () => ({ path: '/v1/session' }),
    expect: guarded(200, ['owner', 'leader', 'respondent', 'analyst', 'admin'], 200),
  },
  {
    method: 'POST',
    route: '/v1/benchmarks/compare',
    request: async () => ({
      path: '/v1/benchmarks/compare',
      body: { cohorts: [{ questionnaireId: 'agent-identity' }, { questionnaireId: 'agent-identity', industry: 'retail' }] },
    }),
    expect: guarded(200, ['analyst', 'admin'], 403),
  },
  {
    method: 'GET',
    route: '/v1/benchmarks/trend',
    request: async () => ({ path: '/v1/benchmarks/trend?questionnaireId=agent-identity' }),
    expect: guarded(200, ['analyst', 'admin'], 403),
  },
  {
    method: 'PATCH',
    route: '/v1/organisation/settings',
    request: async () => ({ path: '/v1/organisation/settings', body: { contributesToBenchmarks: true } }),
    expect: guarded(200, ['owner'], 200),
  },
  {
    method: 'GET',
    route: '/v1/benchmarks',
    request: async () => ({ path: '/v1/benchmarks?questionnaireId=agent-identity' }),
    expect: guarded(200, ['analyst', 'admin'], 403),
  },
  {
    method: 'GET',
    route: '/v1/admin/organisations',
    request: async () => ({ path: '/v1/admin/organisations?status=unverified' }),
    expect: guarded(200, ['admin'], 403),
  },
  {
    method: 'POST',
    route: '/v1/admin/organisations/{id}/verification',
    // A new unverified organisation for each caller, so that only the role decides the answer.
    request: async () => {
      const org = await api.post('/v1/organisations', {
        name: `Matrix verify ${Math.random().toString(36).slice(2, 8)}`,
        industry: 'other',
        sizeBand: '1-49',
        region: 'europe',
      });
      return { path: `/v1/admin/organisations/${org.body.organisation.id}/verification`, body: { decision: 'verified' } };
    },
    expect: guarded(200, ['admin'], 403),
  },
  {
    method: 'POST',
    route: '/v1/admin/agents',
    request: async () => ({ path: '/v1/admin/agents', body: platformAgentRequest() }),
    expect: guarded(201, ['admin'], 403),
  },
  { method: 'GET', route: '/v1/admin/agents', request: async () => ({ path: '/v1/admin/agents' }), expect: guarded(200, ['admin'], 403) },
  {
    method: 'DELETE',
    route: '/v1/admin/agents/{id}',
    request: async (w) => ({ path: `/v1/admin/agents/${(await api.post('/v1/admin/agents', platformAgentRequest(), w.tokens.admin)).body.agent.id}` }),
    expect: guarded(204, ['admin'], 403),
  },
];

beforeAll(async () => {
  platform = await startTestPlatform({ env: { AIM_AUTH_FAILURES_PER_MINUTE: '100000', AIM_INVITATION_ACCEPTS_PER_HOUR: '1000' } });
  api = apiClient(platform.url);
  questionnaire = (await api.get('/v1/questionnaires/agent-identity/versions/1.0.0')).body;
  openapi = (await api.get('/openapi.json')).body;
  shared = await makeWorld(api, platform);
  submittedId = await completeDraft(shared);
  expect((await api.post(`/v1/assessments/${submittedId}/submit`, undefined, shared.tokens.owner)).status).toBe(200);
  const targets = { revision: 0, domains: { auditing: 4 }, targetDate: '2027-06-30' };
  expect((await api.call('PUT', '/v1/targets/agent-identity', { body: targets, token: shared.tokens.owner })).status).toBe(200);
  const plan = await api.post('/v1/plans/agent-identity/carry-forward', { assessmentId: submittedId }, shared.tokens.owner);
  expect(plan.status).toBe(201);
  planControlId = plan.body.items[0].controlId;
  laterSubmittedId = await completeDraft(shared);
  expect((await api.post(`/v1/assessments/${laterSubmittedId}/submit`, undefined, shared.tokens.owner)).status).toBe(200);
});

afterAll(async () => {
  await platform?.stop();
});

describe('authorization matrix', () => {
  it('covers every route of the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(cases.map((c) => `${c.method} ${c.route}`).sort()).toEqual(documented.sort());
  });

  describe.each(cases)('$method $route', (routeCase) => {
    const callers = [...PRINCIPALS.map((p) => ({ as: p, session: false })), ...PEOPLE.map((p) => ({ as: p, session: true }))];
    it.each(callers.map((c) => [`${c.as}${c.session ? ' (signed-in person)' : ''}`, c] as const))('as %s', async (_name, { as, session }) => {
      const world = routeCase.fresh ? await makeWorld(api, platform) : shared;
      const { path, body, rawBody, headers } = await routeCase.request(world, as);
      // A signed-in person: the session cookie and its CSRF token instead of a bearer credential.
      const person = session ? world.people[as as PersonName] : undefined;
      const res = await api.call(
        routeCase.method,
        path,
        person ? { body, rawBody, headers: { ...headers, ...person.headers } } : { token: world.tokens[as], body, rawBody, headers },
      );
      const expected = (person ? routeCase.expectSession?.[as as PersonName] : undefined) ?? routeCase.expect[as];
      expect({ as, status: res.status, body: res.status === expected ? 'as expected' : res.body }).toEqual({ as, status: expected, body: 'as expected' });
      // Every answer is one the document describes, with the headers it promises.
      const documented = documentedResponses(routeCase.method, routeCase.route);
      expect(Object.keys(documented)).toContain(String(res.status));
      for (const header of Object.keys(documented[String(res.status)]?.headers ?? {}))
        expect(res.headers.get(header), `${header} on ${res.status}`).toBeTruthy();
      if (expected === 401)
        expect(res.body.code).toBe(
          routeCase.unauthenticatedCode ?? (as === 'expired' ? 'token_expired' : as === 'revoked' ? 'token_revoked' : 'unauthenticated'),
        );
      if (expected === 404 || expected === 403) expect(Object.keys(res.body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    });
  });
});
