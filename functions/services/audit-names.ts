/**
 * Names for the audit trail: who acted and what the event was about, in words, looked up
 * when a page is read (docs/security.md, "Reading the trail"). Keys, agents, invitations,
 * assessments and people stay stored after they are revoked or removed, so old events
 * still resolve; when nothing is stored under an id, the actor falls back to the label
 * recorded with the event and the target's name is null.
 */
import type { Catalogue } from '../core/catalogue/catalogue';
import type { AuditActorChoice, AuditTrailEvent } from '../contract';
import type { AgentRecord, Assessment, AuditEvent, Invitation, TokenRecord } from './entities';
import type {
  AgentStore,
  AssessmentStore,
  InvitationStore,
  MembershipStore,
  MilestoneStore,
  OrganisationStore,
  PersonStore,
  ReportStore,
  ScopeStore,
  TokenStore,
} from './ports';

export interface AuditNameSources {
  tokens: Pick<TokenStore, 'list'>;
  agents: Pick<AgentStore, 'list'>;
  assessments: Pick<AssessmentStore, 'list'>;
  invitations: Pick<InvitationStore, 'list'>;
  people: Pick<PersonStore, 'get'>;
  memberships: Pick<MembershipStore, 'listForOrganisation'>;
  organisations: Pick<OrganisationStore, 'get'>;
  reports: Pick<ReportStore, 'get'>;
  /** `list` names what has no version (targets, by questionnaire title); without it such targets are named by id. */
  catalogue: Pick<Catalogue, 'find'> & Partial<Pick<Catalogue, 'list'>>;
  /** Names milestones (a deleted one has none); without it they are named by id. */
  milestones?: Pick<MilestoneStore, 'list'>;
  /** Names scopes; without it they are named by id. */
  scopes?: Pick<ScopeStore, 'get'>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A stored time as its day, e.g. "2 Dec 2026" (UTC: the same words for every reader of the API). */
export const dayOf = (at: string): string => {
  const d = new Date(at);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** An assessment in words: "Agent identity 1.2.0, started 2 Dec 2026" (or "submitted …"). */
export function assessmentName(assessment: Assessment, catalogue: Pick<Catalogue, 'find'>): string {
  const title = catalogue.find(assessment.questionnaireId, assessment.version)?.title ?? assessment.questionnaireId;
  const when =
    assessment.status === 'submitted' && assessment.submittedAt ? `submitted ${dayOf(assessment.submittedAt)}` : `started ${dayOf(assessment.createdAt)}`;
  return `${title} ${assessment.version}, ${when}`;
}

const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));

/** One organisation's names, each list read at most once per page. */
export class AuditNames {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sources: AuditNameSources,
    private readonly organisationId: string,
  ) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as Promise<T>;
  }

  private tokens = () => this.once('tokens', async () => byId<TokenRecord>(await this.sources.tokens.list(this.organisationId)));
  private agents = () => this.once('agents', async () => byId<AgentRecord>(await this.sources.agents.list(this.organisationId)));
  private assessments = () => this.once('assessments', async () => byId<Assessment>(await this.sources.assessments.list(this.organisationId)));
  private invitations = () => this.once('invitations', async () => byId<Invitation>(await this.sources.invitations.list(this.organisationId)));
  private person = (id: string) => this.once(`person#${id}`, () => this.sources.people.get(id));

  async actor(actor: AuditEvent['actor']): Promise<AuditTrailEvent['actor']> {
    if (actor.actorType === 'human') {
      const person = await this.person(actor.tokenId);
      if (person) return { ...actor, name: person.name, email: person.email };
    }
    const name = (await this.agents()).get(actor.tokenId)?.label ?? (await this.tokens()).get(actor.tokenId)?.label ?? actor.label;
    return { ...actor, name, email: null };
  }

  async target(target: AuditEvent['target']): Promise<string | null> {
    switch (target.type) {
      case 'assessment': {
        const assessment = (await this.assessments()).get(target.id);
        return assessment ? assessmentName(assessment, this.sources.catalogue) : null;
      }
      case 'report': {
        const report = await this.sources.reports.get(this.organisationId, target.id);
        const assessment = report && (await this.assessments()).get(report.assessmentId);
        return assessment ? `Report on ${assessmentName(assessment, this.sources.catalogue)}` : null;
      }
      case 'token':
        return (await this.tokens()).get(target.id)?.label ?? null;
      case 'agent':
        return (await this.agents()).get(target.id)?.label ?? null;
      case 'invitation':
        return (await this.invitations()).get(target.id)?.label ?? null;
      case 'person':
      case 'member':
        return (await this.person(target.id))?.name ?? null;
      case 'targets':
        // Targets are set per questionnaire (services/targets.ts): named by its title, whatever its version.
        return `Targets for ${this.sources.catalogue.list?.().find((q) => q.id === target.id)?.title ?? target.id}`;
      case 'plan':
        // One plan per questionnaire (services/plan.ts), named like targets.
        return `Plan for ${this.sources.catalogue.list?.().find((q) => q.id === target.id)?.title ?? target.id}`;
      case 'plan-item': {
        // `<questionnaireId>/<controlId>`: the control's title in the questionnaire's latest version.
        const [questionnaireId = '', controlId = target.id] = target.id.split('/', 2);
        const latest = this.sources.catalogue.list?.().find((q) => q.id === questionnaireId)?.latest;
        const control = latest ? this.sources.catalogue.find(questionnaireId, latest)?.controls.find((c) => c.id === controlId) : undefined;
        return `Plan item: ${control?.title ?? controlId}`;
      }
      case 'milestone': {
        // A deleted milestone is no longer stored: its events keep the id only.
        const milestones = await this.once('milestones', async () => (await this.sources.milestones?.list(this.organisationId)) ?? []);
        const milestone = milestones.find((m) => m.id === target.id);
        return milestone ? `Milestone "${milestone.name}"` : null;
      }
      case 'scope':
        return (await this.sources.scopes?.get(this.organisationId, target.id))?.name ?? null;
      case 'organisation':
        return target.id === this.organisationId ? ((await this.sources.organisations.get(target.id))?.name ?? null) : null;
      default:
        return null;
    }
  }

  async event(event: AuditEvent): Promise<AuditTrailEvent> {
    const [actor, name] = await Promise.all([this.actor(event.actor), this.target(event.target)]);
    return { ...event, actor, target: { ...event.target, name } };
  }

  /** Whom the trail can be filtered by: members, agents and keys, each by name (revoked ones too: their events stay). */
  async choices(): Promise<AuditActorChoice[]> {
    const members = await this.sources.memberships.listForOrganisation(this.organisationId);
    const people = await Promise.all(members.map((m) => this.person(m.personId)));
    const revoked = (at: string | null) => (at ? `revoked ${dayOf(at)}` : null);
    const byName = (a: AuditActorChoice, b: AuditActorChoice) => a.name.localeCompare(b.name);
    return [
      ...people.flatMap((p) => (p ? [{ id: p.id, kind: 'person' as const, name: p.name, detail: p.email }] : [])).sort(byName),
      ...[...(await this.agents()).values()].map((a) => ({ id: a.id, kind: 'agent' as const, name: a.label, detail: revoked(a.revokedAt) })).sort(byName),
      ...[...(await this.tokens()).values()].map((t) => ({ id: t.id, kind: 'key' as const, name: t.label, detail: revoked(t.revokedAt) })).sort(byName),
    ];
  }
}
