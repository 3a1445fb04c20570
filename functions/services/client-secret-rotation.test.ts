import { describe, expect, it } from 'vitest';
import { ClientSecretRotation, MAX_CLIENT_SECRETS, type ProviderClientSecrets, type RotatingSecret, type RotationStep } from './client-secret-rotation';

/** Cognito's app client in memory: at most two secrets, each accepted until deleted. */
class FakeCognitoClient implements ProviderClientSecrets {
  secrets: { id: string; value: string; createdAt: Date }[] = [];
  private n = 0;
  constructor(initial: string) {
    this.secrets.push({ id: 'cs-0', value: initial, createdAt: new Date(0) });
  }
  accepts(value: string) {
    return this.secrets.some((s) => s.value === value);
  }
  async list() {
    return this.secrets.map(({ id, createdAt }) => ({ id, createdAt }));
  }
  async add() {
    if (this.secrets.length >= MAX_CLIENT_SECRETS) throw new Error('LimitExceededException');
    this.n += 1;
    const secret = { id: `cs-${this.n}`, value: `secret-${this.n}`, createdAt: new Date(this.n * 1000) };
    this.secrets.push(secret);
    return { id: secret.id, value: secret.value };
  }
  async delete(id: string) {
    this.secrets = this.secrets.filter((s) => s.id !== id);
  }
}

/** A Secrets Manager secret in memory: versions with staging labels. */
class FakeSecret implements RotatingSecret {
  versions = new Map<string, { value?: string; stages: string[] }>();
  rotationEnabled = true;
  failPut = false;
  constructor(initial: string) {
    this.versions.set('v0', { value: initial, stages: ['AWSCURRENT'] });
  }
  /** What Secrets Manager does on rotate-secret: a new version labelled AWSPENDING, without a value yet. */
  startRotation(token: string) {
    this.versions.set(token, { stages: ['AWSPENDING'] });
  }
  current() {
    return [...this.versions.values()].find((v) => v.stages.includes('AWSCURRENT'))!.value!;
  }
  async describe() {
    return { rotationEnabled: this.rotationEnabled, versions: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])) };
  }
  async value({ versionId, stage }: { versionId?: string; stage?: string }) {
    const found = versionId ? this.versions.get(versionId) : [...this.versions.values()].find((v) => v.stages.includes(stage!));
    if (!found || (stage && !found.stages.includes(stage))) return undefined;
    return found.value;
  }
  async putPending(versionId: string, value: string) {
    if (this.failPut) throw new Error('throttled');
    this.versions.get(versionId)!.value = value;
  }
  async promote(versionId: string, from: string) {
    for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
    const old = this.versions.get(from)!;
    old.stages = [...old.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    const next = this.versions.get(versionId)!;
    next.stages = ['AWSCURRENT'];
  }
}

const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

function setup() {
  const cognito = new FakeCognitoClient('secret-0');
  const secret = new FakeSecret('secret-0');
  const rotation = new ClientSecretRotation({ provider: cognito, secret });
  const rotate = async (token: string) => {
    secret.startRotation(token);
    for (const step of STEPS) await rotation.run(step, token);
  };
  return { cognito, secret, rotation, rotate };
}

describe('rotating the Cognito client secret', () => {
  it('adds a new secret, promotes it, and keeps the previous one valid until the next rotation', async () => {
    const { cognito, secret, rotate } = setup();

    await rotate('t1');
    expect(secret.current()).toBe('secret-1');
    // An api execution environment that cached the old value still signs people in.
    expect(cognito.accepts('secret-0')).toBe(true);
    expect(cognito.accepts('secret-1')).toBe(true);
    expect(secret.versions.get('v0')!.stages).toEqual(['AWSPREVIOUS']);

    await rotate('t2');
    expect(secret.current()).toBe('secret-2');
    expect(cognito.accepts('secret-0')).toBe(false);
    expect(cognito.accepts('secret-1')).toBe(true);
    expect(cognito.secrets.map((s) => s.id)).toEqual(['cs-1', 'cs-2']);

    await rotate('t3');
    expect(cognito.secrets.map((s) => s.value)).toEqual(['secret-2', 'secret-3']);
  });

  it('does each step once: a retried createSecret adds nothing, a finished version is left alone', async () => {
    const { cognito, secret, rotation, rotate } = setup();
    secret.startRotation('t1');
    await rotation.run('createSecret', 't1');
    await rotation.run('createSecret', 't1');
    expect(cognito.secrets).toHaveLength(2);
    for (const step of STEPS.slice(1)) await rotation.run(step, 't1');
    await rotation.run('finishSecret', 't1');
    expect(secret.current()).toBe('secret-1');
    await rotate('t2');
    expect(secret.current()).toBe('secret-2');
  });

  it('removes the Cognito secret it added when the pending value could not be stored', async () => {
    const { cognito, secret, rotation } = setup();
    secret.startRotation('t1');
    secret.failPut = true;
    await expect(rotation.run('createSecret', 't1')).rejects.toThrow('throttled');
    // The current secret is still the only one, so the next attempt keeps it.
    expect(cognito.secrets.map((s) => s.value)).toEqual(['secret-0']);
    secret.failPut = false;
    await rotation.run('createSecret', 't1');
    expect(cognito.secrets.map((s) => s.value)).toEqual(['secret-0', 'secret-2']);
    expect(await secret.value({ versionId: 't1', stage: 'AWSPENDING' })).toBe('secret-2');
  });

  it('refuses a secret without rotation, an unknown version, or one that is not pending', async () => {
    const { secret, rotation } = setup();
    await expect(rotation.run('createSecret', 'nope')).rejects.toThrow(/not a version/);
    secret.versions.set('odd', { value: 'x', stages: [] });
    await expect(rotation.run('createSecret', 'odd')).rejects.toThrow(/not AWSPENDING/);
    secret.rotationEnabled = false;
    secret.startRotation('t1');
    await expect(rotation.run('createSecret', 't1')).rejects.toThrow(/not enabled/);
  });

  it('fails the test step when Cognito does not hold the pending secret', async () => {
    const { cognito, secret, rotation } = setup();
    secret.startRotation('t1');
    await rotation.run('createSecret', 't1');
    await cognito.delete('cs-1');
    await expect(rotation.run('testSecret', 't1')).rejects.toThrow(/holds 1 secret/);
    expect(secret.current()).toBe('secret-0');
  });
});
