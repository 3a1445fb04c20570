/**
 * Idempotency keys: the value a keyed operation produced first is stored with its key (in
 * the same transaction as the change); a retry with the same input gets that value again,
 * the same key with another input is refused (`idempotency_key_reused`).
 */
import { DomainError } from '../core/errors';
import type { IdempotencyRecord } from './entities';
import { hashOf } from './hashing';
import type { IdempotencyStore } from './ports';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface KeyedRequest {
  scope: string;
  operation: string;
  key: string;
  /** The operation's input: a retry must bring the same. */
  input: unknown;
}

const recordKey = (request: KeyedRequest) => `${request.operation}#${request.key}`;

/** The value the first request with this key produced, if there was one; refused when the key came with another input. */
export async function findReplay<T>(store: IdempotencyStore, request: KeyedRequest | undefined): Promise<T | undefined> {
  if (!request) return undefined;
  const existing = await store.get(request.scope, recordKey(request));
  if (!existing) return undefined;
  if (existing.requestHash !== hashOf(request.input))
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request', [
      { in: 'idempotencyKey', field: [], message: 'use a new key for a different request' },
    ]);
  return existing.value as T;
}

/** The record that keeps `value`, what the keyed operation produced, for its retries. */
export function idempotencyRecord(request: KeyedRequest, value: unknown, now: Date): IdempotencyRecord {
  return {
    scope: request.scope,
    key: recordKey(request),
    requestHash: hashOf(request.input)!,
    value,
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}
