/**
 * The rotation function's bundle (functions/handlers/oidc-client-secret-rotation.ts) as
 * `cdk synth` builds it, run in a process of its own with only the AWS SDK the runtime ships,
 * driven through the four steps Secrets Manager sends. Secrets Manager and Cognito are a
 * small fake of their JSON APIs (no Cognito emulator exists), reached via AWS_ENDPOINT_URL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BuiltBundles, buildLambdaBundles, provideRuntimeSdk } from '../../infra/support/lambda-bundles';
import { type BundleProcess, startBundle } from './bundle-process';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aim-oidc-AbC123';

/** Secret versions and Cognito client secrets, as the fake services hold them. */
const versions = new Map<string, { value?: string; stages: string[] }>([['v0', { value: 'cognito-0', stages: ['AWSCURRENT'] }]]);
let cognito = [{ id: 'cs-0', value: 'cognito-0', created: 1 }];
let made = 0;

function answer(target: string, input: any): [number, unknown] {
  switch (target) {
    case 'secretsmanager.DescribeSecret':
      return [200, { ARN: SECRET_ID, RotationEnabled: true, VersionIdsToStages: Object.fromEntries([...versions].map(([id, v]) => [id, v.stages])) }];
    case 'secretsmanager.GetSecretValue': {
      const found = input.VersionId ? versions.get(input.VersionId) : [...versions.values()].find((v) => v.stages.includes(input.VersionStage));
      if (!found?.value || (input.VersionStage && !found.stages.includes(input.VersionStage)))
        return [400, { __type: 'ResourceNotFoundException', message: 'no such version' }];
      return [200, { ARN: SECRET_ID, SecretString: found.value }];
    }
    case 'secretsmanager.PutSecretValue':
      versions.get(input.ClientRequestToken)!.value = input.SecretString;
      return [200, { ARN: SECRET_ID, VersionId: input.ClientRequestToken }];
    case 'secretsmanager.UpdateSecretVersionStage':
      for (const v of versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      versions.get(input.RemoveFromVersionId)!.stages = ['AWSPREVIOUS'];
      versions.get(input.MoveToVersionId)!.stages = ['AWSCURRENT'];
      return [200, { ARN: SECRET_ID }];
    case 'AWSCognitoIdentityProviderService.ListUserPoolClientSecrets':
      return [200, { ClientSecrets: cognito.map((s) => ({ ClientSecretId: s.id, ClientSecretCreateDate: s.created })) }];
    case 'AWSCognitoIdentityProviderService.AddUserPoolClientSecret': {
      if (cognito.length >= 2) return [400, { __type: 'LimitExceededException', message: 'two secrets already' }];
      made += 1;
      const secret = { id: `cs-${made}`, value: `cognito-${made}`, created: 1 + made };
      cognito.push(secret);
      return [200, { ClientSecretDescriptor: { ClientSecretId: secret.id, ClientSecretValue: secret.value, ClientSecretCreateDate: secret.created } }];
    }
    case 'AWSCognitoIdentityProviderService.DeleteUserPoolClientSecret':
      cognito = cognito.filter((s) => s.id !== input.ClientSecretId);
      return [200, {}];
    default:
      return [400, { __type: 'UnknownOperationException', message: target }];
  }
}

let built: BuiltBundles<'rotation'>;
let server: Server;
let rotation: BundleProcess;
const targets: string[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const target = String(req.headers['x-amz-target']);
    targets.push(target);
    const [status, body] = answer(target, JSON.parse(raw || '{}'));
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  built = buildLambdaBundles({ rotation: { entry: 'functions/handlers/oidc-client-secret-rotation.ts', serviceName: 'aim-oidc-client-secret-rotation' } });
  provideRuntimeSdk(built.outdir);
  rotation = await startBundle(built.bundles.rotation, {
    functionName: 'aim-oidc-client-secret-rotation',
    env: {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AIM_COGNITO_USER_POOL_ID: 'eu-west-1_Test',
      AIM_COGNITO_CLIENT_ID: 'client-1',
    },
  });
}, 240_000);

afterAll(async () => {
  await rotation?.close();
  built?.dispose();
  await new Promise((done) => server?.close(done));
});

async function rotate(token: string) {
  versions.set(token, { stages: ['AWSPENDING'] });
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
    await rotation.invoke({ Step, SecretId: SECRET_ID, ClientRequestToken: token });
}

it('rotates through the four steps: a new Cognito secret becomes current, the previous stays valid, older ones go', async () => {
  await rotate('t1');
  expect(versions.get('t1')).toEqual({ value: 'cognito-1', stages: ['AWSCURRENT'] });
  expect(versions.get('v0')!.stages).toEqual(['AWSPREVIOUS']);
  expect(cognito.map((s) => s.id)).toEqual(['cs-0', 'cs-1']);

  await rotate('t2');
  expect(versions.get('t2')).toEqual({ value: 'cognito-2', stages: ['AWSCURRENT'] });
  expect(cognito.map((s) => s.id)).toEqual(['cs-1', 'cs-2']);
  expect(targets).toContain('AWSCognitoIdentityProviderService.DeleteUserPoolClientSecret');
}, 60_000);

it('fails the invocation (Secrets Manager retries) when the version is not pending', async () => {
  versions.set('odd', { value: 'x', stages: [] });
  await expect(rotation.invoke({ Step: 'createSecret', SecretId: SECRET_ID, ClientRequestToken: 'odd' })).rejects.toThrow(/not AWSPENDING/);
}, 60_000);
