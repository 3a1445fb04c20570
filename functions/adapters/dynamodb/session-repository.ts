import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SessionRecord, SignInRecord } from '../../services/entities';
import type { SessionStore } from '../../services/ports';
import { ItemType, keys } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { fromItem, type TableContext } from './table-context';

/** Sign-ins under way are removed by TTL this long after they began (the service refuses them after SIGN_IN_MINUTES). */
const SIGN_IN_SECONDS = 900;

const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

/** Sessions expire by themselves (TTL at their absolute end); reads check the times too, as TTL deletion lags. */
export class DynamoDbSessionRepository implements SessionStore {
  constructor(private readonly ctx: TableContext) {}

  async create(session: SessionRecord): Promise<void> {
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { ...keys.session(session.hash), type: ItemType.session, ...session, [TTL_ATTRIBUTE]: epochSeconds(session.endsAt) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async get(hash: string): Promise<SessionRecord | undefined> {
    const result = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.tableName, Key: keys.session(hash), ConsistentRead: true }));
    const item = fromItem<SessionRecord & { [TTL_ATTRIBUTE]?: number }>(result.Item);
    if (!item) return undefined;
    const { [TTL_ATTRIBUTE]: _ttl, ...session } = item;
    return session;
  }

  async update(hash: string, change: { lastSeenAt?: string; activeOrganisationId?: string | null }): Promise<void> {
    const sets = Object.keys(change).filter((k) => change[k as keyof typeof change] !== undefined);
    if (!sets.length) return;
    await this.ctx.doc
      .send(
        new UpdateCommand({
          TableName: this.ctx.tableName,
          Key: keys.session(hash),
          UpdateExpression: `SET ${sets.map((k) => `#${k} = :${k}`).join(', ')}`,
          // A session signed out meanwhile stays signed out.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: Object.fromEntries(sets.map((k) => [`#${k}`, k])),
          ExpressionAttributeValues: Object.fromEntries(sets.map((k) => [`:${k}`, change[k as keyof typeof change]])),
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async delete(hash: string): Promise<void> {
    await this.ctx.doc.send(new DeleteCommand({ TableName: this.ctx.tableName, Key: keys.session(hash) }));
  }

  async beginSignIn(signIn: SignInRecord): Promise<void> {
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.tableName,
        Item: { ...keys.signIn(signIn.state), type: ItemType.signIn, ...signIn, [TTL_ATTRIBUTE]: epochSeconds(signIn.createdAt) + SIGN_IN_SECONDS },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async takeSignIn(state: string): Promise<SignInRecord | undefined> {
    // Deleted as it is read: of two callbacks with one state, one gets it.
    const result = await this.ctx.doc.send(new DeleteCommand({ TableName: this.ctx.tableName, Key: keys.signIn(state), ReturnValues: 'ALL_OLD' }));
    const item = fromItem<SignInRecord & { [TTL_ATTRIBUTE]?: number }>(result.Attributes);
    if (!item) return undefined;
    // TTL deletion lags: the service refuses one older than its limit (SIGN_IN_MINUTES).
    const { [TTL_ATTRIBUTE]: _expires, ...signIn } = item;
    return signIn;
  }
}
