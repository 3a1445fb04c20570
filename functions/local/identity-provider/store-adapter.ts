import { join } from 'node:path';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { readJsonFile, serialWriter } from './json-files';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; null for entries without expiry. */
  expiresAt: number | null;
}

type ModelEntries = Map<string, Entry>;

/** Models whose entries carry a grantId, so revoking a grant must look in them even if not loaded yet. */
const GRANT_BOUND_MODELS = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PreAuthorizedCode'];

function isLive(entry: Entry, now = Date.now()): boolean {
  return entry.expiresAt === null || entry.expiresAt > now;
}

/**
 * oidc-provider's storage (sessions, interactions, grants, codes, tokens): one JSON file per
 * model in `<directory>/store/`, so signed-in sessions and grants survive a restart; in memory
 * without a directory. Fine for one local process and a handful of people, not for production.
 */
export async function createStoreAdapterFactory(directory: string | undefined, clockToleranceSeconds: number): Promise<(model: string) => Adapter> {
  const models = new Map<string, ModelEntries>();
  const writers = new Map<string, (value: unknown) => Promise<void>>();

  async function entriesOf(model: string): Promise<ModelEntries> {
    let entries = models.get(model);
    if (entries) return entries;
    entries = new Map();
    models.set(model, entries);
    if (directory) {
      const stored = await readJsonFile<Record<string, Entry>>(fileOf(model));
      const now = Date.now();
      for (const [id, entry] of Object.entries(stored ?? {})) if (isLive(entry, now)) entries.set(id, entry);
    }
    return entries;
  }

  function fileOf(model: string): string {
    return join(directory!, 'store', `${model.replace(/[^A-Za-z0-9]/g, '')}.json`);
  }

  async function persist(model: string): Promise<void> {
    if (!directory) return;
    const entries = await entriesOf(model);
    const now = Date.now();
    for (const [id, entry] of entries) if (!isLive(entry, now)) entries.delete(id);
    let write = writers.get(model);
    if (!write) {
      write = serialWriter(fileOf(model));
      writers.set(model, write);
    }
    await write(Object.fromEntries(entries));
  }

  async function live(model: string, id: string): Promise<Entry | undefined> {
    const entry = (await entriesOf(model)).get(id);
    return entry && isLive(entry) ? entry : undefined;
  }

  async function findWhere(model: string, matches: (payload: AdapterPayload) => boolean): Promise<AdapterPayload | undefined> {
    for (const entry of (await entriesOf(model)).values()) if (isLive(entry) && matches(entry.payload)) return entry.payload;
    return undefined;
  }

  async function revokeByGrantId(grantId: string): Promise<void> {
    // A grant's tokens live in several models (codes, access and refresh tokens…): all of them go.
    for (const model of new Set([...GRANT_BOUND_MODELS, ...models.keys()])) {
      const entries = await entriesOf(model);
      let changed = false;
      for (const [id, entry] of entries) {
        if (entry.payload.grantId === grantId) {
          entries.delete(id);
          changed = true;
        }
      }
      if (changed) await persist(model);
    }
  }

  return (model) => ({
    async upsert(id, payload, expiresIn) {
      // The clock tolerance keeps an artifact findable for as long as the provider may still accept it.
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + (expiresIn + clockToleranceSeconds) * 1000 : null;
      (await entriesOf(model)).set(id, { payload, expiresAt });
      await persist(model);
    },
    async find(id) {
      return (await live(model, id))?.payload;
    },
    async findByUid(uid) {
      return findWhere(model, (payload) => payload.uid === uid);
    },
    async findByUserCode(userCode) {
      return findWhere(model, (payload) => payload.userCode === userCode);
    },
    async consume(id) {
      const entry = await live(model, id);
      if (!entry) return;
      entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
      await persist(model);
    },
    async destroy(id) {
      if ((await entriesOf(model)).delete(id)) await persist(model);
    },
    revokeByGrantId,
  });
}
