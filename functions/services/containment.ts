/**
 * Automatic containment (docs/security.md, "Automatic containment"): when AIM detects that
 * a credential is misused (an agent's credential used from a browser, an AIM key found
 * leaked, and whatever detection is wired to `contain` later), everything that identity
 * holds is revoked at once: for an agent, its registration (and so its access tokens), its
 * static keys and its delegations, in one transaction; for a key that belongs to an agent,
 * that agent and all it holds; for a standalone key, the key. A second detection of what
 * is already revoked writes and logs nothing.
 */
import type { Actor, AgentRecord, AuditEvent, TokenRecord } from './entities';
import { auditEvent } from './audit';
import type { AgentHoldings, AgentStore, AuditWriter, Clock, DelegationStore, IdSource, TokenStore } from './ports';

/** The log line every containment writes; CloudWatch counts it (a metric filter) and alarms on it (infra/lib). */
export const CONTAINMENT_MESSAGE = 'credential contained after a detection';
/** The audit operation of a containment (in alert mode too: then it names what would have been revoked). */
export const CONTAINMENT_OPERATION = 'credential.contained';
/**
 * Credentials revoked per transaction: DynamoDB takes at most 100 items in one, and the
 * audit event and the organisation's fence take two. An agent holding more is revoked in
 * batches, the agent itself in the first, so its access tokens and delegated tokens stop
 * with the first commit; its remaining keys follow in the next ones.
 */
export const MAX_REVOCATIONS_PER_TRANSACTION = 96;
/** Re-reads after a concurrent revocation changed what is live. */
const ATTEMPTS = 3;

/** `revoke` (the default) revokes; `alert` only logs and audits what it would revoke (AIM_CONTAINMENT). */
export type ContainmentMode = 'revoke' | 'alert';

export interface ContainmentDeps {
  agents: AgentStore;
  tokens: TokenStore;
  /** Without it, delegations are not revoked (their tokens still stop: each request reads the agent). */
  delegations?: DelegationStore;
  /** Where alert mode records its event (no change commits with it). */
  audit?: AuditWriter;
  mode?: ContainmentMode;
  log?: (entry: Record<string, unknown>) => void;
  clock: Clock;
  ids: IdSource;
}

/** The detected credential: a static key's id or an agent's id, in its organisation (null: the platform). */
export interface DetectedCredential {
  organisationId: string | null;
  id: string;
}

export interface ContainmentOutcome {
  mode: ContainmentMode;
  /** The agent contained, when the credential was or belonged to one. */
  agentId?: string;
  /** Ids of what was revoked (in alert mode: would have been); empty when all was already revoked or nothing was found. */
  revoked: string[];
}

/** What one identity holds that is still live. */
interface Live {
  agent?: AgentRecord;
  keys: TokenRecord[];
  delegationIds: string[];
}

/** The live keys minted for an agent (services/tokens.ts, `agentId`). */
export const keysOfAgent = async (tokens: TokenStore, organisationId: string | null, agentId: string) =>
  (await tokens.list(organisationId)).filter((key) => key.agentId === agentId && !key.revokedAt);

async function liveHoldings(deps: Pick<ContainmentDeps, 'tokens' | 'delegations'>, agent: AgentRecord): Promise<Live> {
  // A platform agent (no organisation) acts for no person: it has no delegations.
  const delegations = deps.delegations && agent.organisationId ? await deps.delegations.listForAgent(agent.organisationId, agent.id) : [];
  return {
    ...(agent.revokedAt ? {} : { agent }),
    keys: await keysOfAgent(deps.tokens, agent.organisationId, agent.id),
    delegationIds: delegations.filter((d) => !d.revokedAt).map((d) => d.id),
  };
}

const idsOf = (live: Live) => [...(live.agent ? [live.agent.id] : []), ...live.keys.map((k) => k.id), ...live.delegationIds];

/**
 * Revokes an agent and everything it holds, as `actor` with `operation` (one audit event
 * per transaction, naming the agent; `reason` is kept on each record for automatic
 * revocations). Returns the ids revoked; false when the agent is not in the organisation.
 */
export async function revokeAgentAndHoldings(
  deps: Pick<ContainmentDeps, 'agents' | 'tokens' | 'delegations' | 'clock' | 'ids'>,
  input: { organisationId: string | null; agentId: string; actor: Actor; operation: string; reason: string | null },
): Promise<string[] | false> {
  for (let attempt = 1; ; attempt++) {
    const agent = await deps.agents.get(input.agentId);
    if (!agent || agent.organisationId !== input.organisationId) return false;
    const live = await liveHoldings(deps, agent);
    const revoked = await revokeLive(deps, input.organisationId, { type: 'agent', id: agent.id }, live, input);
    if (revoked) return revoked;
    if (attempt >= ATTEMPTS) throw new Error(`the holdings of agent ${agent.id} kept changing while being revoked`);
  }
}

/** Commits the revocation of what `live` lists in batches; undefined when something changed meanwhile (read again). */
async function revokeLive(
  deps: Pick<ContainmentDeps, 'agents' | 'clock' | 'ids'>,
  organisationId: string | null,
  target: AuditEvent['target'],
  live: Live,
  input: { actor: Actor; operation: string; reason: string | null },
): Promise<string[] | undefined> {
  const credentials: { kind: 'key' | 'delegation'; id: string; hash?: string }[] = [
    ...live.keys.map((k) => ({ kind: 'key' as const, id: k.id, hash: k.hash })),
    ...live.delegationIds.map((id) => ({ kind: 'delegation' as const, id })),
  ];
  const at = deps.clock.now().toISOString();
  const revoked: string[] = [];
  let first = true;
  while (first || credentials.length) {
    const batch = credentials.splice(0, MAX_REVOCATIONS_PER_TRANSACTION - (first && live.agent ? 1 : 0));
    const holdings: AgentHoldings = {
      ...(first && live.agent ? { agentId: live.agent.id } : {}),
      keyHashes: batch.flatMap((c) => (c.hash ? [c.hash] : [])),
      delegationIds: batch.filter((c) => c.kind === 'delegation').map((c) => c.id),
    };
    const ids = [...(holdings.agentId ? [holdings.agentId] : []), ...batch.map((c) => c.id)];
    first = false;
    if (!ids.length) break;
    const audit = auditEvent(deps, {
      organisationId,
      actor: input.actor,
      operation: input.operation,
      target,
      before: { revokedAt: null, ids },
      after: { revokedAt: at, ids, reason: input.reason },
      at,
    });
    if ((await deps.agents.revokeHoldings(holdings, at, input.reason, audit)) === 'conflict') return undefined;
    revoked.push(...ids);
  }
  return revoked;
}

/** The actor of an automatic revocation: AIM itself, with the authority of the credential it contains; the label says why. */
const containmentActor = (credential: { role: Actor['role']; actorType: Actor['actorType'] }, reason: string): Actor => ({
  tokenId: 'aim-containment',
  label: `automatic containment: ${reason}`.slice(0, 200),
  role: credential.role,
  actorType: credential.actorType,
});

export class ContainmentService {
  constructor(private readonly deps: ContainmentDeps) {}

  get mode(): ContainmentMode {
    return this.deps.mode ?? 'revoke';
  }

  /**
   * Contains the identity behind a detected credential. Never throws for an unknown
   * credential (a detection of something already gone is no error): it contains nothing.
   */
  async contain(credential: DetectedCredential, reason: string): Promise<ContainmentOutcome> {
    for (let attempt = 1; ; attempt++) {
      const found = await this.resolve(credential, reason);
      if (!found) return { mode: this.mode, revoked: [] };
      const { live, target, actor } = found;
      const agentId = target.type === 'agent' ? target.id : undefined;
      const ids = idsOf(live);
      if (!ids.length) return { mode: this.mode, ...(agentId ? { agentId } : {}), revoked: [] };
      const organisationId = credential.organisationId;
      this.deps.log?.({ level: 'warn', msg: CONTAINMENT_MESSAGE, mode: this.mode, reason, organisationId, credentialId: credential.id, agentId, revoked: ids });
      if (this.mode === 'alert') {
        await this.deps.audit?.record(
          auditEvent(this.deps, { organisationId, actor, operation: CONTAINMENT_OPERATION, target, after: { mode: 'alert', ids, reason } }),
        );
        return { mode: 'alert', ...(agentId ? { agentId } : {}), revoked: ids };
      }
      const revoked = await revokeLive(this.deps, organisationId, target, live, { actor, operation: CONTAINMENT_OPERATION, reason });
      if (revoked) return { mode: 'revoke', ...(agentId ? { agentId } : {}), revoked };
      if (attempt >= ATTEMPTS) throw new Error(`the credentials of ${credential.id} kept changing while being contained`);
    }
  }

  /** The identity to contain: the agent (the credential's own, or the one its key belongs to) or the standalone key. */
  private async resolve(credential: DetectedCredential, reason: string): Promise<{ live: Live; target: AuditEvent['target']; actor: Actor } | undefined> {
    const { organisationId, id } = credential;
    const asAgent = organisationId !== null ? await this.deps.agents.get(id) : undefined;
    const key = asAgent?.organisationId === organisationId ? undefined : (await this.deps.tokens.list(organisationId)).find((k) => k.id === id);
    const agentId = asAgent?.organisationId === organisationId ? asAgent.id : key?.agentId;
    const agent = agentId ? (agentId === asAgent?.id ? asAgent : await this.deps.agents.get(agentId)) : undefined;
    if (agent && agent.organisationId === organisationId) {
      const live = await liveHoldings(this.deps, agent);
      return { live, target: { type: 'agent', id: agent.id }, actor: containmentActor({ role: agent.role, actorType: 'agent' }, reason) };
    }
    if (!key) return undefined;
    return { live: { keys: key.revokedAt ? [] : [key], delegationIds: [] }, target: { type: 'token', id: key.id }, actor: containmentActor(key, reason) };
  }
}
