/**
 * Idempotency-Key handling: the first result of a keyed request is stored with it (in
 * the same transaction as the change); a retry with the same body gets that result
 * again, the same key with another body gets 422.
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
  body: unknown;
}

export interface Replay {
  status: number;
  body: unknown;
}

const recordKey = (request: KeyedRequest) => `${request.operation}#${request.key}`;

export async function findReplay(store: IdempotencyStore, request: KeyedRequest | undefined): Promise<Replay | undefined> {
  if (!request) return undefined;
  const existing = await store.get(request.scope, recordKey(request));
  if (!existing) return undefined;
  if (existing.requestHash !== hashOf(request.body))
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request', [
      { pointer: '/headers/idempotency-key', message: 'use a new key for a different request' },
    ]);
  return { status: existing.status, body: existing.body };
}

export function idempotencyRecord(request: KeyedRequest, status: number, body: unknown, now: Date): IdempotencyRecord {
  return {
    scope: request.scope,
    key: recordKey(request),
    requestHash: hashOf(request.body)!,
    status,
    body,
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
  };
}
