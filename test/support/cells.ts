/**
 * The exact cohort cells behind the released figures, read straight from a platform's
 * table: tests check what counts (verification, opt-outs, deletion) here, exactly,
 * since every figure the API answers for real organisations carries noise.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbStores } from '../../functions/adapters/dynamodb';
import { allShards, cellId, WILDCARD } from '../../functions/core/benchmark/cells';

interface Filter {
  industry?: string;
  sizeBand?: string;
  region?: string;
}

/** How many organisations count in a real cohort (all periods) of a questionnaire, exactly. */
export async function exactCohortSize(
  platform: { config: { DYNAMODB_ENDPOINT?: string; AIM_TABLE_NAME: string } },
  filter: Filter = {},
  questionnaireId = 'agent-identity',
): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: platform.config.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const cell = {
      population: 'real' as const,
      questionnaireId,
      industry: filter.industry ?? WILDCARD,
      sizeBand: filter.sizeBand ?? WILDCARD,
      region: filter.region ?? WILDCARD,
      period: WILDCARD,
    };
    return (await createDynamoDbStores(client, platform.config.AIM_TABLE_NAME).benchmarks.mergedCell(allShards(cell).map(cellId))).n;
  } finally {
    client.destroy();
  }
}
