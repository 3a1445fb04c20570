/**
 * One attack trial's world: a fresh AIM server on a fresh table of a shared DynamoDB
 * Local, so that every trial's cohorts hold only the organisations the trial registers.
 * The attacker works only through the public API, as an outsider with organisations of
 * its own (and, for the analyst attacks, an analyst token).
 */
import { mintPlatformAdminKey } from '../../test/support/people';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CohortFigures, CohortPosition } from '../../functions/core/release/figures';
import type { Answers } from '../../functions/core/questionnaire/answers';
import { startPlatform, type Platform } from '../../functions/local/platform';
import type { Industry, Region, SizeBand } from '../../functions/core/taxonomy';
import { jsonClient } from '../load-http';

export interface Dimensions {
  industry: Industry;
  sizeBand: SizeBand;
  region: Region;
}

export interface Member {
  organisationId: string;
  owner: string;
  assessmentId: string;
  /** The overall score the platform computed at submission. */
  overall: number;
}

/**
 * The attacker registers from many addresses (the per-client limits of issue 13 make that
 * slower, not impossible), so the harness raises them; every other setting is the default.
 */
const ATTACKER_ENV = { AIM_REGISTRATIONS_PER_HOUR: '100000', AIM_AUTH_FAILURES_PER_MINUTE: '100000' } as const;

export class TrialPlatform {
  private constructor(
    private readonly platform: Platform,
    readonly api: ReturnType<typeof jsonClient>,
    readonly questionnaire: { id: string; version: string },
  ) {}

  /** Days the platform's clock is ahead of real time: the attacker waits for the next release by moving it on. */
  private daysAhead = 0;
  /** A platform admin's key (verifies the attacker's organisations, mints the analyst key). */
  private adminKey = '';

  static async start(dynamodbEndpoint: string, questionnaire: { id: string; version: string }, trial: string): Promise<TrialPlatform> {
    let world: TrialPlatform | undefined;
    const clock = { now: () => new Date(Date.now() + (world?.daysAhead ?? 0) * 86_400_000) };
    const platform = await startPlatform({ port: 0, dynamodbEndpoint, tableName: `privacy-${trial}`, env: ATTACKER_ENV, log: () => {}, clock });
    world = new TrialPlatform(platform, jsonClient(platform.url), questionnaire);
    // The platform admin an operator makes with the bootstrap credential (it only grants memberships).
    world.adminKey = await mintPlatformAdminKey(platform.url, platform.adminToken);
    return world;
  }

  /** Waits for the next daily release (the platform's clock moves on a day). */
  nextRelease(): void {
    this.daysAhead += 1;
  }

  /** Stops the server and drops its table: trials slow down as tables pile up in one DynamoDB Local. */
  async stop(): Promise<void> {
    await this.platform.stop();
    const client = new DynamoDBClient({
      endpoint: this.platform.config.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await client.send(new DeleteTableCommand({ TableName: this.platform.config.AIM_TABLE_NAME }));
    } finally {
      client.destroy();
    }
  }

  /** Folds every submission into the benchmarks, as the stream consumer does. */
  async settle(): Promise<void> {
    await this.platform.drainStream();
  }

  private expect<T>(res: { status: number; body: T }, status: number, what: string): T {
    if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body;
  }

  /** Registers an organisation, has it verified, answers the questionnaire with `answers` and submits. */
  async member(name: string, dimensions: Dimensions, answers: Answers): Promise<Member> {
    const registered = this.expect(await this.api.post('/v1/organisations', { name, ...dimensions }), 201, 'registration') as {
      organisation: { id: string };
      token: { secret: string };
    };
    const owner = registered.token.secret;
    // The worst case: every organisation the attacker registers gets through verification.
    this.expect(
      await this.api.post(`/v1/admin/organisations/${registered.organisation.id}/verification`, { decision: 'verified' }, this.adminKey),
      200,
      'verification',
    );
    const created = this.expect(
      await this.api.post('/v1/assessments', { questionnaireId: this.questionnaire.id, version: this.questionnaire.version }, owner),
      201,
      'new assessment',
    ) as { id: string };
    this.expect(await this.api.patch(`/v1/assessments/${created.id}/answers`, { revision: 0, answers }, owner), 200, 'answers');
    const submitted = this.expect(await this.api.post(`/v1/assessments/${created.id}/submit`, undefined, owner), 200, 'submit') as {
      scores: { overall: { score: number } };
    };
    return { organisationId: registered.organisation.id, owner, assessmentId: created.id, overall: submitted.scores.overall.score };
  }

  async optOut(member: Member): Promise<void> {
    this.expect(await this.api.patch('/v1/organisation/settings', { contributesToBenchmarks: false }, member.owner), 200, 'opt-out');
  }

  /** A platform analyst token, minted by the bootstrap admin (the analyst attacks assume one). */
  async analyst(): Promise<string> {
    const minted = this.expect(await this.api.post('/v1/tokens', { role: 'analyst', label: 'curious analyst' }, this.adminKey), 201, 'analyst token') as {
      token: { secret: string };
    };
    return minted.token.secret;
  }

  /** A cohort as an analyst reads it (`GET /v1/benchmarks`). */
  async cohort(analyst: string, filter: Partial<Dimensions>): Promise<CohortFigures> {
    const query = new URLSearchParams({ questionnaireId: this.questionnaire.id, ...filter });
    return this.expect(await this.api.get(`/v1/benchmarks?${query}`, analyst), 200, 'cohort') as CohortFigures;
  }

  /** Where a member's own submission stands in a cohort (`GET /v1/assessments/{id}/benchmark`). */
  async position(member: Member, filter: Partial<Dimensions>): Promise<PositionFigures> {
    const query = new URLSearchParams(filter);
    return this.expect(await this.api.get(`/v1/assessments/${member.assessmentId}/benchmark?${query}`, member.owner), 200, 'position') as PositionFigures;
  }
}

export type { CohortFigures };
export type PositionFigures = CohortPosition;
