/** Lambda entry point of the aggregator: DynamoDB Streams batches with partial batch responses. */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { submissionsFromRecords } from '../adapters/dynamodb/stream-records';
import { loadCatalogue } from '../adapters/catalogue/bundled-catalogue';
import { createServices } from '../composition';
import { loadConfig } from '../config';
import { foldSubmissions } from '../services/aggregation';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));
const config = loadConfig(process.env);
const services = createServices(config, loadCatalogue());

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  foldSubmissions(submissionsFromRecords(event.Records), services.stores.benchmarks, log);
