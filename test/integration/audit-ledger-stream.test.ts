/**
 * What the audit ledger takes from the table's stream (functions/adapters/dynamodb/stream-records.ts)
 * and how the local stream reader hands images over (functions/local/stream-poller.ts).
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { auditEventsFromRecords } from '../../functions/adapters/dynamodb/stream-records';
import { restoreEmptyMaps } from '../../functions/local/stream-poller';

const event = { PK: 'ORG#o1', SK: 'AUDIT#2026-01-01T00:00:00.000Z#e1', type: 'audit', id: 'e1', beforeHash: null, request: { method: 'POST', query: {} } };
const record = (sequence: string, eventName: DynamoDBRecord['eventName'], item: Record<string, unknown>): DynamoDBRecord => ({
  eventID: `event-${sequence}`,
  eventName,
  dynamodb: { SequenceNumber: sequence, NewImage: marshall(item) as never },
});

describe('audit events from stream records', () => {
  it('takes inserted audit events whole, keys included, and nothing else', () => {
    const found = auditEventsFromRecords([
      record('1', 'INSERT', event),
      record('2', 'MODIFY', { ...event, operation: 'changed later' }),
      record('3', 'INSERT', { PK: 'ORG#o1', SK: 'PROFILE', type: 'organisation' }),
      { eventID: 'event-4', eventName: 'REMOVE', dynamodb: { SequenceNumber: '4', Keys: marshall({ PK: event.PK, SK: event.SK }) as never } },
    ]);
    expect(found).toEqual([{ recordId: '1', item: event }]);
  });

  it('reports an image it cannot read instead of dropping it', () => {
    const broken = { ...record('5', 'INSERT', event), dynamodb: { SequenceNumber: '5', NewImage: { ...marshall(event), bad: {} } as never } };
    expect(auditEventsFromRecords([broken])).toEqual([{ recordId: '5', error: expect.stringContaining('No value defined') }]);
  });
});

describe('images from the local stream reader', () => {
  it('gives empty maps, which the Streams client hands over without a member, back their map', () => {
    const fromClient = { id: { S: 'e1' }, request: { M: { query: {}, nested: { M: { params: {} } }, list: { L: [{}] } } } };
    expect(restoreEmptyMaps(fromClient)).toEqual({
      id: { S: 'e1' },
      request: { M: { query: { M: {} }, nested: { M: { params: { M: {} } } }, list: { L: [{ M: {} }] } } },
    });
    expect(restoreEmptyMaps(undefined)).toBeUndefined();
  });
});
