/**
 * Owner keys written straight into a running platform's store, for states the API cannot
 * make: a key that has already expired, or one stored without an expiry by earlier versions.
 */
import { randomUUID } from 'node:crypto';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import type { Platform } from '../../functions/local/platform';
import { sha256 } from '../../functions/services/hashing';

export interface StoredKey {
  organisationId: string;
  label: string;
  createdAt: string;
  expiresAt: string | null;
}

/** Stores an owner key with its mint event; returns its secret. */
export async function storeOwnerKey(platform: Pick<Platform, 'config'>, key: StoredKey): Promise<string> {
  const client = createDynamoDbClient({
    tableName: platform.config.AIM_TABLE_NAME,
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    requestTimeoutMs: 3000,
    maxAttempts: 3,
  });
  const stores = createDynamoDbStores(client, platform.config.AIM_TABLE_NAME);
  const secret = `aim_stored_${randomUUID()}`;
  const id = randomUUID();
  const actor = { tokenId: id, label: key.label, role: 'owner' as const, actorType: 'human' as const };
  try {
    await stores.tokens.create(
      {
        id,
        hash: sha256(secret),
        organisationId: key.organisationId,
        role: 'owner',
        actorType: 'human',
        label: key.label,
        createdBy: null,
        createdAt: key.createdAt,
        expiresAt: key.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        exception: null,
      },
      {
        id: randomUUID(),
        organisationId: key.organisationId,
        at: key.createdAt,
        actor,
        operation: 'token.mint',
        target: { type: 'token', id },
        beforeHash: null,
        afterHash: null,
      },
    );
  } finally {
    client.destroy();
  }
  return secret;
}
