/**
 * Secrets Manager rotation of AIM's OpenID client secret at Cognito (docs/deploy.md, "Signing
 * in"): the four steps Secrets Manager calls (createSecret, setSecret, testSecret, finishSecret).
 * Cognito generates the value and holds at most two secrets per app client, so a rotation
 * keeps the current one (it becomes AWSPREVIOUS and stays valid until the next rotation: an api
 * execution environment that cached it keeps working) and removes any older one.
 */

/** The app client's secrets at the provider (Cognito: adapters/cognito/client-secrets.ts). */
export interface ProviderClientSecrets {
  /** Every secret the client holds, oldest first. */
  list(): Promise<{ id: string; createdAt: Date }[]>;
  /** A new secret the provider generates; both old and new are accepted until one is deleted. */
  add(): Promise<{ id: string; value: string }>;
  delete(id: string): Promise<void>;
}

/** The Secrets Manager secret being rotated (adapters/secrets/rotating-secret.ts). */
export interface RotatingSecret {
  /** Whether rotation is on, and each version's staging labels. */
  describe(): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** The value of a version by id, or of the version holding a stage; undefined when there is none. */
  value(select: { versionId?: string; stage?: string }): Promise<string | undefined>;
  putPending(versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT to `versionId` (Secrets Manager labels the one it leaves AWSPREVIOUS). */
  promote(versionId: string, from: string): Promise<void>;
}

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** Cognito's limit of client secrets per app client. */
export const MAX_CLIENT_SECRETS = 2;

export class ClientSecretRotation {
  constructor(
    private readonly deps: {
      provider: ProviderClientSecrets;
      secret: RotatingSecret;
      log?: (entry: Record<string, unknown>) => void;
    },
  ) {}

  async run(step: RotationStep, token: string): Promise<void> {
    const { rotationEnabled, versions } = await this.deps.secret.describe();
    if (!rotationEnabled) throw new Error('rotation is not enabled on the secret');
    const stages = versions[token];
    if (!stages) throw new Error(`version ${token} is not a version of the secret`);
    if (stages.includes('AWSCURRENT')) return; // already finished
    if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING`);
    switch (step) {
      case 'createSecret':
        return this.createSecret(token);
      case 'setSecret':
        // Cognito made the value in createSecret: nothing to set.
        return;
      case 'testSecret':
        return this.testSecret(token);
      case 'finishSecret':
        return this.finishSecret(token, versions);
      default:
        throw new Error(`unknown rotation step ${String(step)}`);
    }
  }

  private async createSecret(token: string): Promise<void> {
    const { provider, secret } = this.deps;
    if (!(await secret.value({ stage: 'AWSCURRENT' }))) throw new Error('the secret has no AWSCURRENT value');
    // A retried step: the pending value exists already.
    if (await secret.value({ versionId: token, stage: 'AWSPENDING' })) return;
    // Room for the new one: keep only the newest (the current value, added by the last rotation
    // or by CloudFormation), delete anything older (the previous rotation's AWSPREVIOUS).
    const held = [...(await provider.list())].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const old of held.slice(0, Math.max(0, held.length - (MAX_CLIENT_SECRETS - 1)))) {
      await provider.delete(old.id);
      this.deps.log?.({ level: 'info', msg: 'deleted an old client secret', clientSecretId: old.id });
    }
    const added = await provider.add();
    try {
      await secret.putPending(token, added.value);
    } catch (error) {
      // Otherwise the orphan would be the newest and the next rotation would keep it instead of the current one.
      await provider.delete(added.id);
      throw error;
    }
    this.deps.log?.({ level: 'info', msg: 'added a client secret, stored as AWSPENDING', clientSecretId: added.id });
  }

  private async testSecret(token: string): Promise<void> {
    const { provider, secret } = this.deps;
    const pending = await secret.value({ versionId: token, stage: 'AWSPENDING' });
    if (!pending?.trim()) throw new Error('the AWSPENDING value is empty');
    if (pending === (await secret.value({ stage: 'AWSCURRENT' }))) throw new Error('the AWSPENDING value is the current one');
    // Cognito returns no values, only ids: the pending secret must be the second one held.
    const held = await provider.list();
    if (held.length < 2) throw new Error(`the app client holds ${held.length} secret(s), expected the current and the pending one`);
  }

  private async finishSecret(token: string, versions: Record<string, string[]>): Promise<void> {
    const current = Object.entries(versions).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
    if (!current) throw new Error('no version is AWSCURRENT');
    await this.deps.secret.promote(token, current);
    this.deps.log?.({ level: 'info', msg: 'promoted the new client secret to AWSCURRENT', versionId: token });
  }
}
