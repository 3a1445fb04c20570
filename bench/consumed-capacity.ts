/**
 * Capacity units as DynamoDB bills them, for bench scripts. Every request through the
 * client asks for `ReturnConsumedCapacity: 'TOTAL'` and the units in its answer are
 * added up per kind (write: PutItem, UpdateItem, DeleteItem, BatchWriteItem,
 * TransactWriteItems; read: GetItem, BatchGetItem, Query, Scan, TransactGetItems).
 *
 * DynamoDB Local 3.3.1 answers single-item requests with DynamoDB's figures (1 WCU per
 * started KB of the larger of the old and new item, 1 RCU per started 4 KB of a
 * consistent read), but for TransactWriteItems it adds up only the DISTINCT per-action
 * figures: three 2 KB puts report 4 units, not 12; [16 KB, 2 KB] reports 36 (checked by
 * hand, 2026-12-06). So transactions are billed here per action, as DynamoDB does: 2 ×
 * the started KB of the larger of the item before and after, for each Put, Update and
 * Delete, and 2 per started KB for a ConditionCheck. Sizes come from the items this
 * client writes (and `seed` for those written before); every transaction's reported
 * figure is checked against the sum of its distinct per-action figures, which is what
 * DynamoDB Local computes from its own sizes (`mismatches` counts disagreements).
 * The commit barrier's read (commit-barrier.ts, DynamoDB Local only) is not counted.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

export interface CapacityTally {
  /** Write units: DynamoDB Local's figure for single-item writes, per action for transactions. */
  write: number;
  /** What DynamoDB Local reported for the same writes (under-counts transactions). */
  reportedWrite: number;
  read: number;
  /** Requests per command name (the barrier's reads left out). */
  requests: Record<string, number>;
  /** Write requests that came back without ConsumedCapacity (should stay 0). */
  unreported: number;
  /** Transactions whose reported figure is not the sum of their distinct per-action figures. */
  mismatches: number;
  transactions: number;
  reset(): void;
  /** Sizes of items written before the tally started. */
  seed(items: readonly Record<string, unknown>[]): void;
}

interface Consumed {
  CapacityUnits?: number;
  WriteCapacityUnits?: number;
  ReadCapacityUnits?: number;
}

const unitsOf = (consumed: Consumed | Consumed[] | undefined) => {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? (c.WriteCapacityUnits ?? 0) + (c.ReadCapacityUnits ?? 0)), 0);
};

type Native = Record<string, unknown>;
interface Action {
  Put?: { Item: Native };
  Update?: { Key: Native };
  Delete?: { Key: Native };
  ConditionCheck?: { Key: Native };
}

const keyOf = (item: Native) => `${String(item.PK)}\u0000${String(item.SK)}`;
const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export function tallyCapacity(client: DynamoDBClient): CapacityTally {
  const sizes = new Map<string, number>();
  const tally: CapacityTally = {
    write: 0,
    reportedWrite: 0,
    read: 0,
    requests: {},
    unreported: 0,
    mismatches: 0,
    transactions: 0,
    reset() {
      this.write = 0;
      this.reportedWrite = 0;
      this.read = 0;
      this.requests = {};
      this.unreported = 0;
      this.mismatches = 0;
      this.transactions = 0;
    },
    seed(items) {
      for (const item of items) sizes.set(keyOf(item), itemBytes(item));
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      const input = args.input as { ReturnConsumedCapacity?: string; Key?: { PK?: { S?: string } | string }; TransactItems?: Action[] };
      const key = input.Key?.PK;
      const barrier = name === 'GetItemCommand' && (typeof key === 'string' ? key : key?.S) === 'COMMIT-BARRIER';
      const counted = !barrier && (WRITES.has(name) || READS.has(name));
      if (counted) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (!counted) return result;
      tally.requests[name] = (tally.requests[name] ?? 0) + 1;
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      if (!WRITES.has(name)) {
        tally.read += unitsOf(consumed);
        return result;
      }
      if (consumed === undefined) tally.unreported++;
      const reported = unitsOf(consumed);
      tally.reportedWrite += reported;
      if (name !== 'TransactWriteItemsCommand') {
        tally.write += reported;
        return result;
      }
      // Per action, as DynamoDB bills a transaction (the document client's native input).
      const units: number[] = [];
      for (const action of input.TransactItems ?? []) {
        if (action.Put) {
          const k = keyOf(action.Put.Item);
          const after = itemBytes(action.Put.Item);
          units.push(2 * kb(Math.max(after, sizes.get(k) ?? 0)));
          sizes.set(k, after);
        } else if (action.Delete) {
          const k = keyOf(action.Delete.Key);
          units.push(2 * kb(sizes.get(k) ?? 0));
          sizes.delete(k);
        } else if (action.ConditionCheck) units.push(2 * kb(sizes.get(keyOf(action.ConditionCheck.Key)) ?? 0));
        else throw new Error('tallyCapacity: an Update in a transaction (its size after is not known here)');
      }
      tally.transactions++;
      tally.write += units.reduce((a, b) => a + b, 0);
      if ([...new Set(units)].reduce((a, b) => a + b, 0) !== reported) tally.mismatches++;
      return result;
    },
    { step: 'initialize', name: 'benchTallyCapacity' },
  );
  return tally;
}

/**
 * An item's size as DynamoDB counts it (attribute names plus values: strings in UTF-8,
 * binary by length, numbers about 1 byte per 2 digits + 1), for the native values the
 * document client reads.
 */
export function itemBytes(item: Record<string, unknown>): number {
  const valueBytes = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1;
    if (typeof value === 'boolean' || value === null) return 1;
    if (value instanceof Uint8Array) return value.byteLength;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
    if (typeof value === 'object') return 3 + itemBytes(value as Record<string, unknown>) + Object.keys(value as object).length;
    return 0;
  };
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueBytes(value);
  return total;
}
