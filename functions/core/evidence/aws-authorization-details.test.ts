import { describe, expect, it } from 'vitest';
import { decodePolicyDocument, grantsOf, readAuthorizationDetails } from './aws-authorization-details';
import type { ImportProblem, InventoryIdentity } from './inventory';
import type { JsonSource } from './json-scan';

// Made-up account and names; nothing here comes from a real account.
const ACCOUNT = '123456789012';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Allow', Action, Resource });

async function read(source: string | (() => JsonSource)) {
  const identities: InventoryIdentity[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of readAuthorizationDetails(source)) {
    if ('identity' in item) identities.push(item.identity);
    else problems.push(item.problem);
  }
  return { identities, problems, byName: (name: string) => identities.find((i) => i.name === name) };
}

/** A small account as the CLI writes it: users, groups, roles, then the managed policies last. */
function sampleAccount() {
  return {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'ci-deployer',
        UserId: 'AIDAEXAMPLEUSER00001',
        Arn: arn('user', 'ci-deployer'),
        CreateDate: '2022-03-14T09:26:53+00:00',
        GroupList: ['deployers'],
        AttachedManagedPolicies: [],
        UserPolicyList: [],
        Tags: [
          { Key: 'OWNER', Value: ' platform-team ' },
          { Key: 'Environment', Value: 'prod, Staging' },
        ],
      },
      {
        Path: '/',
        UserName: 'report-reader',
        UserId: 'AIDAEXAMPLEUSER00002',
        Arn: arn('user', 'report-reader'),
        CreateDate: '2023-07-01T00:00:00Z',
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadReports', PolicyArn: arn('policy', 'ReadReports') }],
        // The API's form: URL-encoded JSON text.
        UserPolicyList: [{ PolicyName: 'inline-s3', PolicyDocument: encodeURIComponent(JSON.stringify(doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')))) }],
        Tags: [],
      },
      {
        UserName: 'legacy-admin',
        Arn: arn('user', 'legacy-admin'),
        UserPolicyList: [{ PolicyName: 'everything', PolicyDocument: doc(allow('*')) }],
      },
    ],
    GroupDetailList: [
      {
        GroupName: 'deployers',
        GroupId: 'AGPAEXAMPLEGROUP0001',
        Arn: arn('group', 'deployers'),
        GroupPolicyList: [{ PolicyName: 'lambda-all', PolicyDocument: doc(allow(['lambda:*', 'logs:CreateLogGroup'])) }],
        AttachedManagedPolicies: [],
      },
    ],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'invoice-agent',
        RoleId: 'AROAEXAMPLEROLE00001',
        Arn: arn('role', 'invoice-agent'),
        CreateDate: '2024-01-10T12:00:00+00:00',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'ReadReports', PolicyArn: arn('policy', 'ReadReports') }],
        Tags: [
          { Key: 'aim:kind', Value: 'agent' },
          { Key: 'owner', Value: 'finance-automation' },
        ],
        RoleLastUsed: { LastUsedDate: '2026-11-30T08:15:00+00:00', Region: 'eu-west-1' },
      },
      {
        RoleName: 'break-glass',
        Arn: arn('role', 'break-glass'),
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        RoleLastUsed: {},
      },
      {
        RoleName: 'power-user',
        Arn: arn('role', 'power-user'),
        AttachedManagedPolicies: [{ PolicyName: 'PowerUserAccess', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }],
      },
      {
        RoleName: 'orphan-policy',
        Arn: arn('role', 'orphan-policy'),
        AttachedManagedPolicies: [{ PolicyName: 'NotInFile', PolicyArn: arn('policy', 'NotInFile') }],
      },
    ],
    Policies: [
      {
        PolicyName: 'ReadReports',
        Arn: arn('policy', 'ReadReports'),
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          // The default version is narrow; the old one was a wildcard and must not count.
          { Document: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')), VersionId: 'v2', IsDefaultVersion: true },
          { Document: doc(allow('*')), VersionId: 'v1', IsDefaultVersion: false },
        ],
      },
      {
        PolicyName: 'PowerUserAccess',
        Arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        DefaultVersionId: 'v5',
        PolicyVersionList: [
          {
            Document: doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, allow(['iam:CreateServiceLinkedRole'])),
            VersionId: 'v5',
            IsDefaultVersion: true,
          },
        ],
      },
    ],
    Marker: null,
    IsTruncated: false,
  };
}

describe('readAuthorizationDetails', () => {
  it('reads one identity per user and per role, with tags, owner, environments, dates and last use', async () => {
    const { identities, problems, byName } = await read(JSON.stringify(sampleAccount(), null, 2));
    expect(problems).toEqual([]);
    expect(identities.map((i) => i.name)).toEqual([
      'ci-deployer',
      'report-reader',
      'legacy-admin',
      'invoice-agent',
      'break-glass',
      'power-user',
      'orphan-policy',
    ]);
    expect(byName('ci-deployer')).toEqual({
      source: 'aws-authorization-details',
      key: arn('user', 'ci-deployer'),
      name: 'ci-deployer',
      declaredKind: 'unknown',
      tags: { OWNER: ' platform-team ', Environment: 'prod, Staging' },
      owner: 'platform-team',
      use: null,
      credentials: [],
      lastUsedAt: null,
      environments: ['prod', 'staging'],
      wildcard: true,
      admin: false,
      automationOnHumanAccount: false,
      createdAt: '2022-03-14T09:26:53.000Z',
    });
    const agent = byName('invoice-agent')!;
    expect(agent.owner).toBe('finance-automation');
    expect(agent.tags).toEqual({ 'aim:kind': 'agent', owner: 'finance-automation' });
    expect(agent.lastUsedAt).toBe('2026-11-30T08:15:00.000Z');
    expect(agent.credentials).toEqual([
      {
        kind: 'federated',
        static: false,
        active: true,
        createdAt: '2024-01-10T12:00:00.000Z',
        lastRotatedAt: null,
        lastUsedAt: '2026-11-30T08:15:00.000Z',
        expiresAt: null,
      },
    ]);
    // A role never used: the CLI writes an empty RoleLastUsed.
    expect(byName('break-glass')!.lastUsedAt).toBeNull();
  });

  it('decides wildcard and admin from own, group and attached policies at their default version', async () => {
    const { byName } = await read(JSON.stringify(sampleAccount()));
    const flags = (name: string) => [byName(name)!.wildcard, byName(name)!.admin];
    expect(flags('ci-deployer')).toEqual([true, false]); // lambda:* through the group's inline policy
    expect(flags('report-reader')).toEqual([false, false]); // the old v1 (`*`) is not the default
    expect(flags('legacy-admin')).toEqual([true, true]); // Action * on Resource *
    expect(flags('invoice-agent')).toEqual([false, false]);
    expect(flags('break-glass')).toEqual([true, true]); // AdministratorAccess, even though its document is not in the file
    expect(flags('power-user')).toEqual([true, false]); // NotAction on every resource
    expect(flags('orphan-policy')).toEqual([null, null]); // an attached policy the file does not hold
  });

  it('finds the default version by DefaultVersionId when IsDefaultVersion is missing', async () => {
    const account = sampleAccount();
    const policy = account.Policies[0]!;
    policy.PolicyVersionList = policy.PolicyVersionList.map((v) => ({ ...v, IsDefaultVersion: undefined as unknown as boolean }));
    policy.DefaultVersionId = 'v1';
    const { byName } = await read(JSON.stringify(account));
    expect(byName('report-reader')!.admin).toBe(true);
  });

  it('reads the file twice through an opener, in byte chunks, with policies before or after identities', async () => {
    const account = sampleAccount();
    // The managed policies first this time: the result must not depend on the order.
    const reordered = JSON.stringify({
      Policies: account.Policies,
      GroupDetailList: account.GroupDetailList,
      RoleDetailList: account.RoleDetailList,
      UserDetailList: account.UserDetailList,
    });
    const bytes = new TextEncoder().encode(reordered);
    let opened = 0;
    const open = () => {
      opened += 1;
      return (async function* () {
        for (let i = 0; i < bytes.length; i += 97) yield bytes.subarray(i, i + 97);
      })();
    };
    const { identities, problems, byName } = await read(open);
    expect(opened).toBe(2);
    expect(problems).toEqual([]);
    expect(identities).toHaveLength(7);
    expect(byName('power-user')!.wildcard).toBe(true);
  });

  it('reads URL-encoded policy documents, with %20 or + for spaces, and plain JSON text', () => {
    const policy = doc(allow('ec2:*'));
    for (const raw of [
      encodeURIComponent(JSON.stringify(policy, null, 2)),
      encodeURIComponent(JSON.stringify(policy, null, 2)).replace(/%20/g, '+'),
      JSON.stringify(policy),
    ]) {
      const decoded = decodePolicyDocument(raw);
      expect(decoded.ok, raw).toBe(true);
      if (decoded.ok) expect(grantsOf(decoded.document)).toEqual({ wildcard: true, admin: false, unknown: false });
    }
    expect(decodePolicyDocument('%7B%22Statement%22%3A')).toEqual({ ok: false, message: 'the policy document is neither JSON nor URL-encoded JSON', path: [] });
    expect(decodePolicyDocument('%E0%A4%A')).toMatchObject({ ok: false });
  });

  it('applies the documented rules to statements', () => {
    const g = (...statements: object[]) => {
      const decoded = decodePolicyDocument(doc(...statements));
      if (!decoded.ok) throw new Error(decoded.message);
      const { wildcard, admin } = grantsOf(decoded.document);
      return [wildcard, admin];
    };
    expect(g(allow('*'))).toEqual([true, true]);
    expect(g(allow(['s3:GetObject', '*'], ['arn:aws:s3:::a', '*']))).toEqual([true, true]);
    expect(g(allow('*', 'arn:aws:s3:::bucket/*'))).toEqual([false, false]); // not every resource
    expect(g(allow('S3:*'))).toEqual([true, false]); // action names ignore case
    expect(g(allow('s3:Get*'))).toEqual([false, false]); // part of a service only
    expect(g({ Effect: 'Deny', Action: '*', Resource: '*' })).toEqual([false, false]);
    expect(g({ Effect: 'Allow', Action: 'dynamodb:*', NotResource: 'arn:aws:dynamodb:*:*:table/secret' })).toEqual([true, false]);
    expect(g({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })).toEqual([true, true]);
  });

  it('reports unreadable policy documents by pointer and makes the grants unknown unless already true', async () => {
    const account = sampleAccount();
    account.RoleDetailList[0]!.RolePolicyList = [
      { PolicyName: 'garbled', PolicyDocument: '%7B%22Statement' } as never,
      { PolicyName: 'no-effect', PolicyDocument: { Statement: [{ Action: '*', Resource: '*' }] } } as never,
    ];
    account.UserDetailList[2]!.UserPolicyList.push({ PolicyName: 'garbled', PolicyDocument: 'not json' } as never);
    const { problems, byName } = await read(JSON.stringify(account));
    expect(problems).toEqual([
      { at: { pointer: '/UserDetailList/2/UserPolicyList/1/PolicyDocument' }, message: 'the policy document is neither JSON nor URL-encoded JSON' },
      { at: { pointer: '/RoleDetailList/0/RolePolicyList/0/PolicyDocument' }, message: 'the policy document is neither JSON nor URL-encoded JSON' },
      {
        at: { pointer: '/RoleDetailList/0/RolePolicyList/1/PolicyDocument/Statement/0/Effect' },
        message: 'the policy document is not readable: not accepted: expected one of "Allow"|"Deny"',
      },
    ]);
    expect(byName('invoice-agent')!.wildcard).toBeNull();
    expect(byName('legacy-admin')!.admin).toBe(true); // another policy already says so
  });

  it('refuses elements of the wrong type with a pointer to the field, and reads the rest', async () => {
    const account = sampleAccount() as unknown as Record<string, unknown[]>;
    account.UserDetailList!.push(
      'not a user',
      { UserName: 42, Arn: arn('user', 'x') },
      { UserName: 'no-arn' },
      { UserName: 'tags', Arn: arn('user', 't'), Tags: { Key: 'a' } },
    );
    account.RoleDetailList!.push({ RoleName: 'bad-date', Arn: arn('role', 'bad-date'), RoleLastUsed: { LastUsedDate: 'yesterday' } });
    const { identities, problems } = await read(JSON.stringify(account));
    expect(identities).toHaveLength(7);
    expect(problems).toEqual([
      { at: { pointer: '/UserDetailList/3' }, message: 'wrong type: expected object, received string' },
      { at: { pointer: '/UserDetailList/4/UserName' }, message: 'wrong type: expected string, received number' },
      { at: { pointer: '/UserDetailList/5/Arn' }, message: 'missing (expected string)' },
      { at: { pointer: '/UserDetailList/6/Tags' }, message: 'wrong type: expected array, received object' },
      { at: { pointer: '/RoleDetailList/4/RoleLastUsed/LastUsedDate' }, message: 'not an ISO 8601 date' },
    ]);
  });

  it('refuses a section that is not an array, a truncated page, an array at the top and a file of something else', async () => {
    expect((await read(JSON.stringify({ UserDetailList: {}, RoleDetailList: [] }))).problems).toEqual([
      { at: { pointer: '/UserDetailList' }, message: 'expected an array' },
    ]);
    expect((await read(JSON.stringify({ Policies: 'x', RoleDetailList: [] }))).problems).toEqual([
      { at: { pointer: '/Policies' }, message: 'expected an array' },
    ]);
    expect((await read(JSON.stringify({ ...sampleAccount(), IsTruncated: true, Marker: 'abc' }))).problems).toEqual([
      { at: { pointer: '/IsTruncated' }, message: expect.stringContaining('one page of several') },
    ]);
    expect((await read('[]')).problems).toEqual([{ at: { pointer: '' }, message: expect.stringContaining('found an array') }]);
    expect((await read('{"value": []}')).problems).toEqual([
      { at: { pointer: '' }, message: expect.stringContaining('not an authorization details document') },
    ]);
  });

  it('stops at broken JSON with the place, and yields nothing from a broken file', async () => {
    const text = JSON.stringify(sampleAccount(), null, 2);
    const truncated = await read(text.slice(0, Math.floor(text.length / 2)));
    expect(truncated.identities).toEqual([]);
    expect(truncated.problems).toEqual([{ at: { pointer: expect.any(String) }, message: expect.stringContaining('ends early') }]);
    const broken = await read(text.replace('"GroupDetailList": [', '"GroupDetailList": [}'));
    expect(broken.identities).toEqual([]);
    expect(broken.problems).toEqual([{ at: { pointer: '/GroupDetailList' }, message: expect.stringMatching(/unexpected "}" .*line \d+, column \d+/) }]);
    expect((await read('')).problems).toEqual([{ at: { pointer: '' }, message: expect.stringContaining('empty') }]);
  });

  it('reports an element that is not valid JSON and reads the next one', async () => {
    const text = `{"UserDetailList": [{"UserName": "a", "Arn": "${arn('user', 'a')}"}, {"UserName": tru}, {"UserName": "b", "Arn": "${arn('user', 'b')}"}]}`;
    const { identities, problems } = await read(text);
    expect(identities.map((i) => i.name)).toEqual(['a', 'b']);
    expect(problems).toEqual([{ at: { pointer: '/UserDetailList/1' }, message: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('refuses a duplicated ARN and an identity that carries what looks like a secret', async () => {
    const account = sampleAccount();
    const secretKey = `${'AKIA'}ABCDEFGHIJKLMNOP`; // assembled so that the repository's own scan finds nothing
    account.UserDetailList.push({ ...account.UserDetailList[2]! });
    account.RoleDetailList.push({ RoleName: 'leaky', Arn: arn('role', 'leaky'), Tags: [{ Key: 'note', Value: `key ${secretKey}` }] } as never);
    const { identities, problems } = await read(JSON.stringify(account));
    expect(identities).toHaveLength(7);
    expect(problems).toEqual([
      { at: { pointer: '/UserDetailList/3' }, message: expect.stringContaining('appears twice') },
      { at: { pointer: '/RoleDetailList/4/Tags/0/Value' }, message: expect.stringContaining('AWS access key id') },
    ]);
    expect(JSON.stringify(problems)).not.toContain(secretKey);
  });

  it('reads a generated account of 10,000 identities, policies last, one element at a time', async () => {
    const users = 5_000;
    const roles = 5_000;
    const parts: string[] = ['{"UserDetailList":['];
    for (let i = 0; i < users; i += 1)
      parts.push(
        `${i ? ',' : ''}${JSON.stringify({
          UserName: `svc-${i}`,
          UserId: `AIDA${String(i).padStart(16, '0')}`,
          Arn: arn('user', `svc-${i}`),
          CreateDate: '2024-02-01T00:00:00Z',
          GroupList: i % 10 === 0 ? ['admins'] : [],
          AttachedManagedPolicies: [{ PolicyName: `P${i % 50}`, PolicyArn: arn('policy', `P${i % 50}`) }],
          UserPolicyList: [],
          Tags: i % 2 ? [{ Key: 'owner', Value: `team-${i % 7}` }] : [],
        })}`,
      );
    parts.push(
      '],"GroupDetailList":[',
      JSON.stringify({ GroupName: 'admins', AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }),
      '],"RoleDetailList":[',
    );
    for (let i = 0; i < roles; i += 1)
      parts.push(
        `${i ? ',' : ''}${JSON.stringify({
          RoleName: `agent-${i}`,
          Arn: arn('role', `agent-${i}`),
          AssumeRolePolicyDocument: encodeURIComponent(
            JSON.stringify(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })),
          ),
          AttachedManagedPolicies: [{ PolicyArn: arn('policy', `P${i % 50}`) }],
          RoleLastUsed: i % 3 ? { LastUsedDate: '2026-10-01T00:00:00Z', Region: 'us-east-1' } : {},
          Tags: [{ Key: 'aim:kind', Value: 'agent' }],
        })}`,
      );
    parts.push('],"Policies":[');
    // Every fifth policy is a service wildcard.
    for (let p = 0; p < 50; p += 1)
      parts.push(
        `${p ? ',' : ''}${JSON.stringify({ PolicyName: `P${p}`, Arn: arn('policy', `P${p}`), DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc(allow(p % 5 ? 's3:GetObject' : 's3:*')) }] })}`,
      );
    parts.push(']}');
    const text = parts.join('');
    const started = performance.now();
    const { identities, problems } = await read(text);
    const elapsed = performance.now() - started;
    expect(problems).toEqual([]);
    expect(identities).toHaveLength(users + roles);
    expect(new Set(identities.map((i) => i.key)).size).toBe(users + roles);
    expect(identities.filter((i) => i.admin).length).toBe(users / 10);
    // Wildcard: the admins group (every tenth user) or a policy whose number is a multiple of 5.
    const expectedWildcard = Array.from({ length: users }, (_, i) => i % 10 === 0 || (i % 50) % 5 === 0).filter(Boolean).length + roles / 5;
    expect(identities.filter((i) => i.wildcard).length).toBe(expectedWildcard);
    expect(identities.filter((i) => i.owner !== null).length).toBe(users / 2);
    expect(identities.filter((i) => i.lastUsedAt !== null).length).toBe(roles - Math.ceil(roles / 3));
    expect(elapsed).toBeLessThan(20_000);
  });
});
