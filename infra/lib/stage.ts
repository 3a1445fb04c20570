import { RemovalPolicy, aws_logs as logs } from 'aws-cdk-lib';

/** Deployment stages. Anything stage-specific lives here, not scattered through constructs. */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageSettings {
  readonly stage: Stage;
  /** prod keeps stateful resources (table, keys, secret, logs, buckets) when the stack is deleted; dev cleans up. */
  readonly removalPolicy: RemovalPolicy;
  /** Extra guard on prod so a stray `DeleteTable` cannot drop customer data. */
  readonly deletionProtection: boolean;
  /** HTTP API stage throttling: steady requests per second and burst, across all routes. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Retention of Lambda and access logs. */
  readonly logRetention: logs.RetentionDays;
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

export function parseStage(value: unknown): Stage {
  if (value === undefined || value === null || value === '') return 'dev';
  if (!isStage(value)) {
    throw new Error(`Unknown stage ${JSON.stringify(value)}: expected one of ${STAGES.join(', ')}`);
  }
  return value;
}

export function stageSettings(stage: Stage): StageSettings {
  const prod = stage === 'prod';
  return {
    stage,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    throttle: prod ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 20, burstLimit: 50 },
    logRetention: prod ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.ONE_MONTH,
  };
}
