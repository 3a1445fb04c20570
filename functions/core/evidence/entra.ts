/**
 * Microsoft Entra ID service principals and application registrations, as Microsoft Graph
 * returns them (`GET /servicePrincipals`, `GET /applications`, with `$expand=owners` for the
 * owners): a Graph collection `{ "value": [...] }` or a plain array, read incrementally
 * (./json-scan.ts), one identity per object.
 *
 * Credentials: each password credential is a client secret and each key credential a
 * certificate, both static; a key credential with usage `Sign` is left out (that is the
 * SAML token-signing key Entra itself signs with, not one the application authenticates
 * with). Federated identity credentials (workload identity federation), and a managed
 * identity's platform-issued tokens, are federated and not static. A credential counts as
 * active unless the object is disabled (`accountEnabled: false`) or, when the caller passes
 * `now`, its end date has passed. `createdAt` and `lastRotatedAt` are the credential's start:
 * in Entra a secret or certificate is never changed, only replaced by a new one.
 *
 * The owner is the first owner (display name, else user principal name, else id), else an
 * `owner=…` tag. Tags `key=value` become the record's entries (a tag with no `=` is a key with
 * an empty value). Graph does not say what an application may do in these objects, so
 * `wildcard` and `admin` are null.
 */
import { z } from 'zod';
import type { ImportProblem, InventoryCredential, InventoryIdentity } from './inventory';
import {
  addEnvironments,
  dateAt,
  ENVIRONMENT_TAGS,
  type InventoryItem,
  instant,
  type JsonSource,
  pointerOf,
  type ReadOptions,
  scanJson,
  secretsIn,
  zodProblems,
} from './json-scan';

export interface EntraReadOptions extends ReadOptions {
  /** The import's instant (ISO 8601): credentials that ended before it are inactive. Without it, every credential of an enabled object is active. */
  now?: string;
}

// Graph writes null for what it does not know, and leaves out what was not selected.
const maybe = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().optional();
const date = maybe(z.string());

const PasswordCredential = z.object({
  keyId: maybe(z.string()),
  displayName: maybe(z.string()),
  startDateTime: date,
  endDateTime: date,
  secretText: maybe(z.string()),
});

const KeyCredential = z.object({
  keyId: maybe(z.string()),
  type: maybe(z.string()),
  usage: maybe(z.string()),
  startDateTime: date,
  endDateTime: date,
});

const Owner = z.object({ id: maybe(z.string()), displayName: maybe(z.string()), userPrincipalName: maybe(z.string()) });

const FederatedIdentityCredential = z.object({ id: maybe(z.string()), name: maybe(z.string()), issuer: maybe(z.string()), subject: maybe(z.string()) });

const GraphObject = z.object({
  id: z.string().min(1),
  appId: maybe(z.string()),
  displayName: maybe(z.string()),
  servicePrincipalType: maybe(z.string()),
  accountEnabled: maybe(z.boolean()),
  createdDateTime: date,
  passwordCredentials: maybe(z.array(PasswordCredential)),
  keyCredentials: maybe(z.array(KeyCredential)),
  tags: maybe(z.array(z.string())),
  owners: maybe(z.array(Owner)),
  federatedIdentityCredentials: maybe(z.array(FederatedIdentityCredential)),
});
type GraphObject = z.infer<typeof GraphObject>;

function tagsOf(tags: readonly string[]) {
  const record: Record<string, string> = {};
  let owner: string | null = null;
  const environments: string[] = [];
  for (const tag of tags) {
    const at = tag.indexOf('=');
    const key = (at < 0 ? tag : tag.slice(0, at)).trim();
    const value = at < 0 ? '' : tag.slice(at + 1).trim();
    if (!key) continue;
    record[key] = value;
    const lower = key.toLowerCase();
    if (lower === 'owner' && value) owner = value;
    if (ENVIRONMENT_TAGS.has(lower)) addEnvironments(value, environments);
  }
  return { tags: record, owner, environments };
}

function identityOf(o: GraphObject, pointer: string, now: string | undefined, problems: ImportProblem[]): InventoryIdentity | null {
  const before = problems.length;
  const enabled = o.accountEnabled !== false;
  const active = (expiresAt: string | null) => enabled && (now === undefined || expiresAt === null || expiresAt > now);
  const credentials: InventoryCredential[] = [];
  (o.passwordCredentials ?? []).forEach((p, i) => {
    const at = `${pointer}/passwordCredentials/${i}`;
    if (p.secretText) {
      problems.push({
        at: { pointer: `${at}/secretText` },
        message: 'holds a client secret value: remove it (AIM never keeps secrets, and the value is not shown here)',
      });
      return;
    }
    const start = dateAt(p.startDateTime ?? undefined, `${at}/startDateTime`, problems);
    const end = dateAt(p.endDateTime ?? undefined, `${at}/endDateTime`, problems);
    credentials.push({ kind: 'client-secret', static: true, active: active(end), createdAt: start, lastRotatedAt: start, lastUsedAt: null, expiresAt: end });
  });
  (o.keyCredentials ?? []).forEach((k, i) => {
    const at = `${pointer}/keyCredentials/${i}`;
    const start = dateAt(k.startDateTime ?? undefined, `${at}/startDateTime`, problems);
    const end = dateAt(k.endDateTime ?? undefined, `${at}/endDateTime`, problems);
    if (k.usage === 'Sign') return;
    credentials.push({ kind: 'certificate', static: true, active: active(end), createdAt: start, lastRotatedAt: start, lastUsedAt: null, expiresAt: end });
  });
  const federated = (o.federatedIdentityCredentials ?? []).length || (o.servicePrincipalType === 'ManagedIdentity' ? 1 : 0);
  for (let i = 0; i < federated; i += 1)
    credentials.push({ kind: 'federated', static: false, active: enabled, createdAt: null, lastRotatedAt: null, lastUsedAt: null, expiresAt: null });
  const createdAt = dateAt(o.createdDateTime ?? undefined, `${pointer}/createdDateTime`, problems);
  // A date that cannot be read, or a secret value, refuses the object.
  if (problems.length > before) return null;
  const { tags, owner: taggedOwner, environments } = tagsOf(o.tags ?? []);
  const first = o.owners?.[0];
  const owner = (first && (first.displayName?.trim() || first.userPrincipalName?.trim() || first.id?.trim())) || taggedOwner;
  return {
    source: 'entra',
    key: o.id,
    name: o.displayName?.trim() || o.appId || o.id,
    declaredKind: 'unknown',
    tags,
    owner,
    use: null,
    credentials,
    lastUsedAt: null,
    environments,
    wildcard: null,
    admin: null,
    automationOnHumanAccount: false,
    createdAt,
  };
}

/**
 * Reads Graph JSON of service principals or applications (or both, in one array). Yields
 * identities and problems in file order; a problem with an object refuses that object only,
 * a broken document ends the read.
 */
export async function* readEntra(source: JsonSource, options: EntraReadOptions = {}): AsyncGenerator<InventoryItem> {
  const seen = new Set<string>();
  const problems: ImportProblem[] = [];
  let collection = false;
  let rootWasObject = false;
  // Compared as ISO strings, so written the same way as the credentials' dates.
  const now = options.now === undefined ? undefined : instant(options.now);
  const events = scanJson(source, {
    member: (key) => {
      if (key === 'value') collection = true;
      return key === 'value' ? 'elements' : key === '@odata.nextLink' ? 'value' : 'skip';
    },
    maxValueChars: options.maxValueChars,
  });
  for await (const event of events) {
    if (event.kind === 'problem') {
      yield { problem: { at: { pointer: event.pointer }, message: event.message } };
      if (event.fatal) return;
      continue;
    }
    if (event.kind === 'root') {
      rootWasObject = event.type === 'object';
      continue;
    }
    if (event.kind === 'member') {
      if (event.key === 'value') yield { problem: { at: { pointer: event.pointer }, message: 'expected an array' } };
      else if (typeof event.value === 'string')
        yield {
          problem: {
            at: { pointer: event.pointer },
            message: 'this is one page of several (@odata.nextLink is set): follow the next links and upload every object, or raise $top',
          },
        };
      continue;
    }
    const parsed = GraphObject.safeParse(event.value);
    if (!parsed.success) {
      for (const problem of zodProblems(parsed.error, event.pointer)) yield { problem };
      continue;
    }
    if (secretsIn(event.value, event.pointer, problems) > 0) {
      for (const problem of problems.splice(0)) yield { problem };
      continue;
    }
    const identity = identityOf(parsed.data, event.pointer, now, problems);
    for (const problem of problems.splice(0)) yield { problem };
    if (!identity) continue;
    if (seen.has(identity.key)) {
      yield {
        problem: { at: { pointer: event.pointer + pointerOf('id') }, message: `the same object id appears twice (${identity.key}); only the first is read` },
      };
      continue;
    }
    seen.add(identity.key);
    yield { identity };
  }
  // A top-level object that is not a Graph collection.
  if (!collection && rootWasObject)
    yield { problem: { at: { pointer: '' }, message: 'not a Microsoft Graph collection: expected an array, or an object with "value"' } };
}
