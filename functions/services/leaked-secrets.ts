/**
 * Leaked secrets (docs/security.md, "Leaked secrets"): text clients send AIM to store
 * (answers' comments, reasons, values and links) is refused when it holds a secret, and
 * an AIM key or invitation code found there, in a log entry, or reported to the public
 * leak endpoint, is revoked at once, and so is every agent registered with a private key
 * found there. Whoever holds a secret may revoke it: that is all these paths need to know.
 */
import type { Principal } from '../core/access/principal';
import { DomainError, type FieldPath } from '../core/errors';
import { aimKeysIn, findSecrets, invitationCodesIn, secretLabel, type SecretKind } from '../core/secrets/patterns';
import { actorOf, auditEvent } from './audit';
import type { Actor, AgentRecord, Invitation, TokenRecord } from './entities';
import { sha256 } from './hashing';
import { isPrivateHalfOf, privateKeysIn, type LeakedPrivateKey } from './leaked-private-keys';
import type { AgentStore, Clock, IdSource, InvitationStore, TokenStore } from './ports';

export interface LeakedSecretDeps {
  tokens: TokenStore;
  /** Invitation codes found leaked are revoked too, when given. */
  invitations?: InvitationStore;
  /** Agents registered with a private key found leaked are revoked too, when given. */
  agents?: AgentStore;
  clock: Clock;
  ids: IdSource;
  /** Contains the agent a leaked key belongs to (containment.ts); without it only the key is revoked. */
  containment?: { contain(credential: { organisationId: string | null; id: string }, reason: string): Promise<unknown> };
}

/** A piece of free text a request would store, and where it is in the operation's input. */
export interface TextField {
  field: FieldPath;
  text: string;
}

/** Audit operations of the ways a key, an invitation or an agent is revoked as leaked. */
export const LEAK_OPERATIONS = {
  inText: 'token.revoke.found-in-submitted-text',
  reported: 'token.revoke.leak-report',
  inLog: 'token.revoke.found-in-log',
  invitationInText: 'invitation.revoke.found-in-submitted-text',
  invitationReported: 'invitation.revoke.leak-report',
  invitationInLog: 'invitation.revoke.found-in-log',
  agentInText: 'agent.revoke.found-in-submitted-text',
  agentReported: 'agent.revoke.leak-report',
  agentInLog: 'agent.revoke.found-in-log',
} as const;

/** The actor of a revocation nobody asked for (a report, a log line), with the authority of what it revokes (an agent's when no actor type is held). */
const finderActor =
  (tokenId: string, label: string) =>
  (held: { role: string; actorType?: Actor['actorType'] }): Actor => ({
    tokenId,
    label,
    role: held.role as Actor['role'],
    actorType: held.actorType ?? 'agent',
  });

/** The reporter's address as the audit trail names it: a SHA-256 prefix, a pseudonym that ties reports together without storing the address. */
export const reporterOf = (clientAddress: string) => sha256(`leak-report:${clientAddress}`).slice(0, 16);

/**
 * Revokes the live AIM key whose secret this is, with an audit event in the key's
 * organisation (the platform's for platform keys); false when it is no key of AIM's or
 * already revoked. The revocation and its event commit together (TokenStore.revoke).
 */
async function revokeLeakedKey(deps: LeakedSecretDeps, secret: string, actorFor: (key: TokenRecord) => Actor, operation: string): Promise<boolean> {
  const key = await deps.tokens.findByHash(sha256(secret));
  if (!key || key.revokedAt) return false;
  const at = deps.clock.now().toISOString();
  const audit = auditEvent(deps, {
    organisationId: key.organisationId,
    actor: actorFor(key),
    operation,
    target: { type: 'token', id: key.id },
    before: { revokedAt: null },
    after: { revokedAt: at },
    at,
  });
  const revoked = await deps.tokens.revoke(key.organisationId, key.id, at, audit);
  // A key that belongs to an agent: the agent and everything else it holds go too.
  if (revoked && key.agentId) await deps.containment?.contain({ organisationId: key.organisationId, id: key.id }, `its key ${key.id} was found leaked`);
  return revoked;
}

/**
 * Revokes the pending invitation whose code this is (its holder could join the
 * organisation), with an audit event in its organisation; false when it is no pending
 * invitation of AIM's (unknown, accepted, revoked or expired), or no invitation store is given.
 */
async function revokeLeakedInvitation(deps: LeakedSecretDeps, code: string, actorFor: (invitation: Invitation) => Actor, operation: string): Promise<boolean> {
  if (!deps.invitations) return false;
  const invitation = await deps.invitations.findByHash(sha256(code));
  const at = deps.clock.now().toISOString();
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= at) return false;
  const audit = auditEvent(deps, {
    organisationId: invitation.organisationId,
    actor: actorFor(invitation),
    operation,
    target: { type: 'invitation', id: invitation.id },
    before: { revokedAt: null },
    after: { revokedAt: at },
    at,
  });
  return deps.invitations.revoke(invitation.organisationId, invitation.id, at, audit);
}

/**
 * Revokes every live agent registered with this leaked private key, each with an audit
 * event in its organisation; how many. Found by the thumbprint index (registrations since
 * it exists) and, given the organisation where the key turned up, among its agents too
 * (older registrations, which expire within the longest registration lifetime). Each one
 * only when the key proves to be its key's private half (leaked-private-keys.ts).
 */
async function revokeAgentsOfLeakedKey(
  deps: LeakedSecretDeps,
  leaked: LeakedPrivateKey,
  actorFor: (agent: AgentRecord) => Actor,
  operation: string,
  organisationId?: string | null,
): Promise<number> {
  if (!deps.agents) return 0;
  const indexed = (await deps.agents.findByThumbprint?.(leaked.jkt)) ?? [];
  const own = organisationId ? (await deps.agents.list(organisationId)).filter((a) => a.jkt === leaked.jkt) : [];
  const candidates = new Map([...indexed, ...own].map((a) => [a.id, a]));
  let revoked = 0;
  for (const agent of candidates.values()) {
    if (agent.revokedAt || !agent.jwk || !isPrivateHalfOf(leaked.key, agent.jwk)) continue;
    const at = deps.clock.now().toISOString();
    const audit = auditEvent(deps, {
      organisationId: agent.organisationId,
      actor: actorFor(agent),
      operation,
      target: { type: 'agent', id: agent.id },
      before: { revokedAt: null },
      after: { revokedAt: at },
      at,
    });
    if (await deps.agents.revoke(agent.organisationId, agent.id, at, audit)) revoked++;
    // The registration always goes; what else the agent holds (its keys, delegations) follows the containment setting.
    await deps.containment?.contain({ organisationId: agent.organisationId, id: agent.id }, 'its private key was found leaked');
  }
  return revoked;
}

/** What a text's secrets revoked: AIM keys, invitations, agents. */
interface Revoked {
  keys: number;
  invitations: number;
  agents: number;
}

/** Revokes what the secrets in these texts give access to, in the name of `actor` (or of what it revokes); the counts. */
async function revokeSecretsIn(
  deps: LeakedSecretDeps,
  texts: readonly string[],
  actors: { key: (key: TokenRecord) => Actor; invitation: (invitation: Invitation) => Actor; agent: (agent: AgentRecord) => Actor },
  operations: { key: string; invitation: string; agent: string },
  organisationId?: string | null,
): Promise<Revoked> {
  const revoked: Revoked = { keys: 0, invitations: 0, agents: 0 };
  for (const secret of new Set(texts.flatMap(aimKeysIn))) if (await revokeLeakedKey(deps, secret, actors.key, operations.key)) revoked.keys++;
  for (const code of new Set(texts.flatMap(invitationCodesIn)))
    if (await revokeLeakedInvitation(deps, code, actors.invitation, operations.invitation)) revoked.invitations++;
  // Only texts where a private key was seen are parsed for one (a JWK quoted inside a JSON string too).
  const withKeys = texts.filter((text) => findSecrets(text.replaceAll('\\"', '"')).some((s) => s.kind === 'pem-private-key' || s.kind === 'private-jwk'));
  if (deps.agents && withKeys.length) {
    const keys = new Map((await Promise.all(withKeys.map(privateKeysIn))).flat().map((k) => [k.jkt, k]));
    for (const leaked of keys.values()) revoked.agents += await revokeAgentsOfLeakedKey(deps, leaked, actors.agent, operations.agent, organisationId);
  }
  return revoked;
}

/**
 * Refuses the request (400 `secret_in_text`, naming each field) when any of its texts
 * holds a secret; the AIM keys among them are revoked first, in the caller's name, so a
 * key pasted into an answer stops working in the same request. Nothing of the request
 * is stored: the caller calls this before writing.
 */
export async function refuseSecretsInText(deps: LeakedSecretDeps, principal: Principal, fields: readonly TextField[]): Promise<void> {
  return refuseSecretsInTextAs(deps, actorOf(principal), fields, principal.organisationId);
}

/**
 * refuseSecretsInText for a caller who is no principal yet (an organisation being
 * registered): what is revoked is revoked in the name of `actor`. `organisationId`: where
 * the text was sent, whose older agent registrations are searched for a leaked private key.
 */
export async function refuseSecretsInTextAs(deps: LeakedSecretDeps, actor: Actor, fields: readonly TextField[], organisationId?: string | null): Promise<void> {
  const found = fields.flatMap(({ field, text }) => {
    const kinds = [...new Set(findSecrets(text).map((s) => s.kind))];
    return kinds.length ? [{ field, text, kinds }] : [];
  });
  if (!found.length) return;
  const {
    keys: revoked,
    invitations,
    agents,
  } = await revokeSecretsIn(
    deps,
    found.map(({ text }) => text),
    { key: () => actor, invitation: () => actor, agent: () => actor },
    { key: LEAK_OPERATIONS.inText, invitation: LEAK_OPERATIONS.invitationInText, agent: LEAK_OPERATIONS.agentInText },
    organisationId,
  );
  const named = (kinds: SecretKind[]) => kinds.map(secretLabel).join(', ');
  const revokedWhat = [
    revoked ? `the AIM key${revoked > 1 ? 's' : ''} in it ${revoked > 1 ? 'were' : 'was'} revoked, mint a new one for whoever used it` : '',
    invitations ? `the invitation${invitations > 1 ? 's' : ''} in it ${invitations > 1 ? 'were' : 'was'} revoked, invite again` : '',
    agents
      ? `the agent${agents > 1 ? 's' : ''} registered with the private key in it ${agents > 1 ? 'were' : 'was'} revoked, register again with a new key`
      : '',
  ].filter(Boolean);
  throw new DomainError(
    'secret_in_text',
    `the text holds a secret and was not saved: remove it${revokedWhat.length ? `; ${revokedWhat.join('; ')}` : ''} (and rotate any other secret shown)`,
    found.map(({ field, kinds }) => ({ field, message: `holds a secret (${named(kinds)}): remove it` })),
    { revokedKeys: revoked, revokedInvitations: invitations, revokedAgents: agents },
  );
}

export class LeakedSecretService {
  constructor(private readonly deps: LeakedSecretDeps) {}

  /**
   * A leak report (POST /v1/credentials/leaked, no authentication): every live AIM key,
   * pending invitation and agent registered with a reported private key is revoked,
   * audited under its organisation with an actor that names the report and the reporter's
   * hashed address. The answer never says which were AIM's.
   */
  async report(secrets: readonly string[], clientAddress: string): Promise<{ received: number }> {
    const reporter = reporterOf(clientAddress);
    // The report acts with the authority of what it presents (its role and actor type): holding the secret is the proof.
    // Only what is shaped like an AIM key, an invitation code or a private key is looked up (a scanner may send the matched line).
    const actor = finderActor(`leak-report:${reporter}`, `leak report from client ${reporter}`);
    await revokeSecretsIn(
      this.deps,
      secrets,
      { key: actor, invitation: actor, agent: actor },
      { key: LEAK_OPERATIONS.reported, invitation: LEAK_OPERATIONS.invitationReported, agent: LEAK_OPERATIONS.agentReported },
    );
    return { received: secrets.length };
  }

  /**
   * A secret the logger found (and masked) in a log entry (log-leaks.ts): revoked as a
   * report would, audited as found in a log; the counts. Never logs the secret.
   */
  async foundInLog(text: string): Promise<Revoked> {
    const actor = finderActor('log-scan', 'secret found in a log entry');
    return revokeSecretsIn(
      this.deps,
      [text],
      { key: actor, invitation: actor, agent: actor },
      { key: LEAK_OPERATIONS.inLog, invitation: LEAK_OPERATIONS.invitationInLog, agent: LEAK_OPERATIONS.agentInLog },
    );
  }
}
