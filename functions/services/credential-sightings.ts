/**
 * Shared use of one identity (docs/security.md, "Shared use of one identity"): every
 * request authenticated by a key or an agent's token is a sighting of that credential from a
 * source (its client's network, and its DPoP key when it proved one). A process remembers
 * the pairs it has written, so a known source writes nothing; a new source is added to the
 * credential's bounded list, and when the list holds more sources within the window than
 * one holder uses (core/access/shared-use.ts) the credential is suspected: once per window,
 * an audit event, a fixed warn log line the deployment alarms on, `sharedUse` on the key or
 * agent, and the `onSuspected` hook. Never fails the request: storage errors are logged.
 */
import { addSightings, DEFAULT_SHARED_USE_RULE, sharedUseVerdict, shouldRaise, sourcesOf, type SharedUseRule } from '../core/access/shared-use';
import type { Principal } from '../core/access/principal';
import { actorOf, auditEvent } from './audit';
import type { Clock, IdSource, SightingStore, WatchedCredential } from './ports';

/** The log line of every suspicion; CloudWatch counts it (a metric filter) and alarms on it (infra/lib/monitoring.ts). */
export const SHARED_USE_MESSAGE = 'one credential used from several sources: shared use suspected';

/** What a suspicion reports: how many distinct sources, never which addresses. */
export interface SharedUseDetail {
  suspectedAt: string;
  sources: number;
}

export interface CredentialSightingDeps {
  sightings: SightingStore;
  clock: Clock;
  ids: IdSource;
  rule?: SharedUseRule;
  log?: (entry: Record<string, unknown>) => void;
  /** Called once per suspicion, after it is recorded: the place for an automatic response (containment). */
  onSuspected?: (credential: WatchedCredential, detail: SharedUseDetail) => void | Promise<void>;
  /** (credential, source) pairs a process remembers at most. */
  maxRemembered?: number;
}

/** Writes lost to a concurrent writer are read and tried again this often. */
const ATTEMPTS = 3;

export class CredentialSightingService {
  readonly rule: SharedUseRule;
  /** `kind#id#source` → when this process last wrote it (ms), least recently first. */
  private readonly written = new Map<string, number>();

  constructor(private readonly deps: CredentialSightingDeps) {
    this.rule = deps.rule ?? DEFAULT_SHARED_USE_RULE;
  }

  /** Where the warning of a suspicion goes (the apps' log); returns the service. */
  logTo(log: CredentialSightingDeps['log']): this {
    this.deps.log = log;
    return this;
  }

  /** Sets the automatic response to a suspicion (the composition wires containment here). */
  onSuspected(hook: CredentialSightingDeps['onSuspected']): void {
    this.deps.onSuspected = hook;
  }

  /** A request by `principal` with `credential` from `address` (and DPoP key `jkt`); never throws. */
  async record(principal: Principal, credential: WatchedCredential, source: { address: string; jkt?: string }): Promise<void> {
    try {
      await this.see(principal, credential, sourcesOf(source.address, source.jkt));
    } catch (error) {
      this.deps.log?.({
        level: 'warn',
        msg: 'credential sighting not recorded',
        credential: `${credential.kind}:${credential.id}`,
        error: String((error as Error)?.message ?? error).slice(0, 300),
      });
    }
  }

  private async see(principal: Principal, credential: WatchedCredential, sources: string[]): Promise<void> {
    const now = this.deps.clock.now();
    const at = now.toISOString();
    // Remembered for half a window, so that a stored time is never more than half a window old.
    const fresh = (source: string) => now.getTime() - (this.written.get(pairOf(credential, source)) ?? Number.NEGATIVE_INFINITY) >= this.windowMs() / 2;
    if (!sources.some(fresh)) return;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const stored = await this.deps.sightings.get(credential);
      const sightings = addSightings(stored?.sightings ?? [], sources, at, this.rule);
      const verdict = sharedUseVerdict(sightings, at, this.rule);
      const raise = verdict.suspected && shouldRaise(stored?.suspectedAt, at, this.rule);
      const record = { sightings, suspectedAt: raise ? at : (stored?.suspectedAt ?? null), version: (stored?.version ?? 0) + 1 };
      // Kept two windows, then removed by TTL.
      if (!(await this.deps.sightings.put(credential, record, Math.ceil((now.getTime() + 2 * this.windowMs()) / 1000)))) continue;
      for (const source of sources) this.remember(pairOf(credential, source), now.getTime());
      if (raise) await this.suspect(principal, credential, { suspectedAt: at, sources: verdict.sources });
      return;
    }
  }

  private async suspect(principal: Principal, credential: WatchedCredential, detail: SharedUseDetail): Promise<void> {
    const audit = auditEvent(this.deps, {
      organisationId: credential.organisationId,
      actor: actorOf(principal),
      operation: 'credential.shared_use_suspected',
      target: { type: credential.kind, id: credential.id },
      after: detail,
      at: detail.suspectedAt,
    });
    if (!(await this.deps.sightings.markSuspected(credential, detail, audit))) return;
    this.deps.log?.({
      level: 'warn',
      msg: SHARED_USE_MESSAGE,
      credential: `${credential.kind}:${credential.id}`,
      organisationId: credential.organisationId,
      sources: detail.sources,
      windowMinutes: this.rule.windowMinutes,
      correlationId: principal.correlationId,
    });
    await this.deps.onSuspected?.(credential, detail);
  }

  private windowMs() {
    return this.rule.windowMinutes * 60_000;
  }

  private remember(pair: string, at: number) {
    this.written.delete(pair);
    this.written.set(pair, at);
    const max = this.deps.maxRemembered ?? 10_000;
    // Maps keep insertion order: the first is the pair written least recently.
    while (this.written.size > max) this.written.delete(this.written.keys().next().value!);
  }
}

const pairOf = (credential: WatchedCredential, source: string) => `${credential.kind}#${credential.id}#${source}`;
