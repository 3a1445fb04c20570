import { describe, expect, it } from 'vitest';
import { type EntraReadOptions, readEntra } from './entra';
import type { ImportProblem, InventoryIdentity } from './inventory';
import type { JsonSource } from './json-scan';

async function read(source: JsonSource, options?: EntraReadOptions) {
  const identities: InventoryIdentity[] = [];
  const problems: ImportProblem[] = [];
  for await (const item of readEntra(source, options)) {
    if ('identity' in item) identities.push(item.identity);
    else problems.push(item.problem);
  }
  return { identities, problems, byName: (name: string) => identities.find((i) => i.name === name) };
}

// Made-up tenant objects shaped as Microsoft Graph v1.0 returns them (no real ids).
const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const invoiceAgent = {
  id: guid(1),
  appId: guid(101),
  displayName: 'invoice-agent',
  servicePrincipalType: 'Application',
  accountEnabled: true,
  appOwnerOrganizationId: guid(900),
  tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'aim:kind=agent', 'environment=prod,staging', 'cost-centre = 4711'],
  passwordCredentials: [
    {
      customKeyIdentifier: null,
      displayName: 'ci',
      endDateTime: '2027-01-15T10:00:00Z',
      hint: 'abc',
      keyId: guid(201),
      secretText: null,
      startDateTime: '2025-01-15T10:00:00Z',
    },
    {
      customKeyIdentifier: null,
      displayName: 'old',
      endDateTime: '2026-06-01T00:00:00Z',
      hint: 'xyz',
      keyId: guid(202),
      secretText: null,
      startDateTime: '2024-06-01T00:00:00Z',
    },
  ],
  keyCredentials: [
    {
      customKeyIdentifier: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
      displayName: 'CN=invoice-agent',
      endDateTime: '2027-03-01T00:00:00.1234567Z',
      keyId: guid(301),
      startDateTime: '2025-03-01T00:00:00Z',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: null,
    },
  ],
  owners: [
    { '@odata.type': '#microsoft.graph.user', id: guid(501), displayName: 'Dana Example', userPrincipalName: 'dana@contoso.example' },
    { '@odata.type': '#microsoft.graph.user', id: guid(502), displayName: 'Sam Example', userPrincipalName: 'sam@contoso.example' },
  ],
};

const managedIdentity = {
  id: guid(2),
  appId: guid(102),
  displayName: 'mi-summariser',
  servicePrincipalType: 'ManagedIdentity',
  alternativeNames: ['isExplicit=False', '/subscriptions/x/resourcegroups/rg/providers/Microsoft.Web/sites/summariser'],
  passwordCredentials: [],
  keyCredentials: [],
  tags: [],
};

const application = {
  id: guid(3),
  appId: guid(103),
  displayName: 'github-deployer',
  createdDateTime: '2024-09-09T09:09:09Z',
  signInAudience: 'AzureADMyOrg',
  passwordCredentials: [],
  keyCredentials: [],
  tags: ['owner=release-team'],
  federatedIdentityCredentials: [
    {
      id: guid(401),
      name: 'main',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:example/app:ref:refs/heads/main',
      audiences: ['api://AzureADTokenExchange'],
    },
    {
      id: guid(402),
      name: 'prod',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:example/app:environment:prod',
      audiences: ['api://AzureADTokenExchange'],
    },
  ],
};

const samlApp = {
  id: guid(4),
  displayName: 'saml-portal',
  servicePrincipalType: 'Application',
  accountEnabled: false,
  keyCredentials: [
    { keyId: guid(311), type: 'AsymmetricX509Cert', usage: 'Sign', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2028-01-01T00:00:00Z' },
    { keyId: guid(312), type: 'AsymmetricX509Cert', usage: 'Verify', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2028-01-01T00:00:00Z' },
  ],
};

const collection = (value: unknown[]) => ({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(owners())', value });

describe('readEntra', () => {
  it('reads service principals and applications with credentials, owner, tags and environments', async () => {
    const { identities, problems, byName } = await read(JSON.stringify(collection([invoiceAgent, managedIdentity, application, samlApp]), null, 2));
    expect(problems).toEqual([]);
    expect(identities.map((i) => i.name)).toEqual(['invoice-agent', 'mi-summariser', 'github-deployer', 'saml-portal']);
    expect(byName('invoice-agent')).toEqual({
      source: 'entra',
      key: guid(1),
      name: 'invoice-agent',
      declaredKind: 'unknown',
      tags: { WindowsAzureActiveDirectoryIntegratedApp: '', 'aim:kind': 'agent', environment: 'prod,staging', 'cost-centre': '4711' },
      owner: 'Dana Example',
      use: null,
      credentials: [
        {
          kind: 'client-secret',
          static: true,
          active: true,
          createdAt: '2025-01-15T10:00:00.000Z',
          lastRotatedAt: '2025-01-15T10:00:00.000Z',
          lastUsedAt: null,
          expiresAt: '2027-01-15T10:00:00.000Z',
        },
        {
          kind: 'client-secret',
          static: true,
          active: true,
          createdAt: '2024-06-01T00:00:00.000Z',
          lastRotatedAt: '2024-06-01T00:00:00.000Z',
          lastUsedAt: null,
          expiresAt: '2026-06-01T00:00:00.000Z',
        },
        {
          kind: 'certificate',
          static: true,
          active: true,
          createdAt: '2025-03-01T00:00:00.000Z',
          lastRotatedAt: '2025-03-01T00:00:00.000Z',
          lastUsedAt: null,
          expiresAt: '2027-03-01T00:00:00.123Z',
        },
      ],
      lastUsedAt: null,
      environments: ['prod', 'staging'],
      wildcard: null,
      admin: null,
      automationOnHumanAccount: false,
      createdAt: null,
    });
    expect(byName('mi-summariser')!.credentials).toEqual([
      { kind: 'federated', static: false, active: true, createdAt: null, lastRotatedAt: null, lastUsedAt: null, expiresAt: null },
    ]);
    const deployer = byName('github-deployer')!;
    expect(deployer.credentials.map((c) => [c.kind, c.static])).toEqual([
      ['federated', false],
      ['federated', false],
    ]);
    expect(deployer.owner).toBe('release-team'); // no owners expanded: the owner tag
    expect(deployer.createdAt).toBe('2024-09-09T09:09:09.000Z');
    // The SAML signing key is Entra's, not the application's; the object is disabled.
    expect(byName('saml-portal')!.credentials.map((c) => [c.kind, c.active])).toEqual([['certificate', false]]);
  });

  it('reads a plain array, and marks credentials that ended before `now` inactive', async () => {
    const { identities, byName } = await read(JSON.stringify([invoiceAgent, application]), { now: '2026-12-05T07:00:00Z' });
    expect(identities).toHaveLength(2);
    expect(byName('invoice-agent')!.credentials.map((c) => c.active)).toEqual([true, false, true]);
  });

  it('names an owner by user principal name or id when there is no display name', async () => {
    const { identities } = await read(
      JSON.stringify([
        { id: guid(10), owners: [{ id: guid(510), userPrincipalName: 'kim@contoso.example' }] },
        { id: guid(11), appId: guid(111), owners: [{ id: guid(511) }] },
      ]),
    );
    expect(identities.map((i) => [i.name, i.owner])).toEqual([
      [guid(10), 'kim@contoso.example'],
      [guid(111), guid(511)],
    ]);
  });

  it('refuses wrong types and unreadable dates by pointer, and reads the rest', async () => {
    const { identities, problems } = await read(
      JSON.stringify(
        collection([
          invoiceAgent,
          'not an object',
          { displayName: 'no id' },
          { id: guid(20), tags: 'aim:kind=agent' },
          { id: guid(21), passwordCredentials: [{ keyId: guid(221), endDateTime: 'next year' }] },
          { id: guid(22), owners: ['someone'] },
          application,
        ]),
      ),
    );
    expect(identities.map((i) => i.name)).toEqual(['invoice-agent', 'github-deployer']);
    expect(problems).toEqual([
      { at: { pointer: '/value/1' }, message: 'wrong type: expected object, received string' },
      { at: { pointer: '/value/2/id' }, message: 'missing (expected string)' },
      { at: { pointer: '/value/3/tags' }, message: 'wrong type: expected array, received string' },
      { at: { pointer: '/value/4/passwordCredentials/0/endDateTime' }, message: 'not an ISO 8601 date' },
      { at: { pointer: '/value/5/owners/0' }, message: 'wrong type: expected object, received string' },
    ]);
  });

  it('refuses an object that carries a secret value, without repeating it', async () => {
    const secret = `abc8Q~${'x1Y2z3'.repeat(5)}ab`; // shaped like an Entra client secret, made up
    const plain = 'made-up-secret-text-that-matches-no-pattern';
    const { identities, problems } = await read(
      JSON.stringify([
        { ...invoiceAgent, passwordCredentials: [{ ...invoiceAgent.passwordCredentials[0], secretText: secret }] },
        { ...application, id: guid(30), passwordCredentials: [{ keyId: guid(230), secretText: plain }] },
        application,
      ]),
    );
    expect(identities.map((i) => i.key)).toEqual([guid(3)]);
    expect(problems).toEqual([
      { at: { pointer: '/0/passwordCredentials/0/secretText' }, message: expect.stringContaining('Microsoft Entra client secret') },
      { at: { pointer: '/1/passwordCredentials/0/secretText' }, message: expect.stringContaining('holds a client secret value') },
    ]);
    expect(JSON.stringify(problems)).not.toContain(secret);
    expect(JSON.stringify(problems)).not.toContain(plain);
  });

  it('refuses a duplicated object id, a value that is not an array, a partial page and a non-collection', async () => {
    expect((await read(JSON.stringify([application, application]))).problems).toEqual([
      { at: { pointer: '/1/id' }, message: expect.stringContaining('appears twice') },
    ]);
    expect((await read(JSON.stringify({ value: {} }))).problems).toEqual([{ at: { pointer: '/value' }, message: 'expected an array' }]);
    const page = await read(
      JSON.stringify({ ...collection([application]), '@odata.nextLink': 'https://graph.microsoft.com/v1.0/servicePrincipals?$skiptoken=x' }),
    );
    expect(page.identities).toHaveLength(1);
    expect(page.problems).toEqual([{ at: { pointer: '/@odata.nextLink' }, message: expect.stringContaining('one page of several') }]);
    expect((await read(JSON.stringify({ UserDetailList: [] }))).problems).toEqual([
      { at: { pointer: '' }, message: expect.stringContaining('not a Microsoft Graph collection') },
    ]);
  });

  it('stops at broken JSON with the place, after what came before it', async () => {
    const text = JSON.stringify(collection([invoiceAgent, application]), null, 2).replace('"github-deployer",', '"github-deployer"');
    const { identities, problems } = await read(text);
    expect(identities.map((i) => i.name)).toEqual(['invoice-agent']);
    expect(problems).toEqual([{ at: { pointer: '/value/1' }, message: expect.stringMatching(/^not valid JSON/) }]);
    const cut = await read(text.slice(0, 200));
    expect(cut.problems).toEqual([{ at: { pointer: '/value/0' }, message: expect.stringContaining('ends early') }]);
    expect((await read('{"value": [}')).problems).toEqual([{ at: { pointer: '/value' }, message: expect.stringContaining('where a value was expected') }]);
  });

  it('reads a generated tenant of 10,000 objects from byte chunks', async () => {
    const count = 10_000;
    const encoder = new TextEncoder();
    async function* chunks() {
      yield encoder.encode('{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals","value":[');
      for (let i = 0; i < count; i += 1) {
        const o = {
          id: guid(100_000 + i),
          appId: guid(200_000 + i),
          displayName: `agent-${i}`,
          servicePrincipalType: i % 4 === 0 ? 'ManagedIdentity' : 'Application',
          tags: i % 2 ? ['aim:kind=agent'] : [],
          passwordCredentials:
            i % 4 === 1 ? [{ keyId: guid(300_000 + i), startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', secretText: null }] : [],
          keyCredentials: i % 4 === 2 ? [{ keyId: guid(400_000 + i), type: 'AsymmetricX509Cert', usage: 'Verify', endDateTime: '2026-01-01T00:00:00Z' }] : [],
          owners: i % 3 ? [{ id: guid(500_000 + i), displayName: `Owner ${i % 17}` }] : [],
        };
        yield encoder.encode(`${i ? ',' : ''}${JSON.stringify(o)}`);
      }
      yield encoder.encode(']}');
    }
    const { identities, problems } = await read(chunks(), { now: '2026-12-05T00:00:00Z' });
    expect(problems).toEqual([]);
    expect(identities).toHaveLength(count);
    const withKind = (kind: string) => identities.filter((i) => i.credentials.some((c) => c.kind === kind)).length;
    expect([withKind('federated'), withKind('client-secret'), withKind('certificate')]).toEqual([count / 4, count / 4, count / 4]);
    // Every certificate here ended in January 2026, before `now`.
    expect(identities.flatMap((i) => i.credentials).filter((c) => c.kind === 'certificate' && c.active)).toEqual([]);
    expect(identities.filter((i) => i.owner !== null)).toHaveLength(count - Math.ceil(count / 3));
    expect(identities.filter((i) => i.tags['aim:kind'] === 'agent')).toHaveLength(count / 2);
  });
});
