/** An organisation's audit events as stored (straight from the table, not through the API). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import type { freshServices } from './table';

export async function storedAuditEvents(ctx: Awaited<ReturnType<typeof freshServices>>, organisationId: string) {
  const result = await createDocumentClient(ctx.services.client).send(
    new QueryCommand({
      TableName: ctx.config.AIM_TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':audit': 'AUDIT#' },
    }),
  );
  return result.Items ?? [];
}
