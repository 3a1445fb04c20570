import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { AimFunction } from './aim-function';
import { StreamAggregation } from './aggregation';
import { DataTable } from './data-table';
import { HttpEndpoint } from './http-api';
import { reportBundlingHooks } from './report-bundle';
import { stageSettings, type Stage } from './stage';

export interface AimStackProps extends StackProps {
  readonly stage: Stage;
}

/**
 * The whole AIM backend: one table, three Lambdas, the stream wiring and an HTTP API.
 * Each concern is its own construct so that later additions (KMS, CloudFront, alarms,
 * cdk-nag) slot in beside them rather than into one long constructor.
 */
export class AimStack extends Stack {
  readonly table: DataTable['table'];
  readonly apiFunction: NodejsFunction;
  readonly aggregateFunction: NodejsFunction;
  readonly reportFunction: NodejsFunction;
  readonly endpoint: HttpEndpoint;

  constructor(scope: Construct, id: string, props: AimStackProps) {
    super(scope, id, props);
    const settings = stageSettings(props.stage);

    this.table = new DataTable(this, 'Data', { settings }).table;
    const environment = { AIM_TABLE_NAME: this.table.tableName };

    this.apiFunction = new AimFunction(this, 'Api', {
      settings,
      entry: 'functions/handlers/api.ts',
      description: 'AIM HTTP API (Hono)',
      environment,
    }).fn;

    this.aggregateFunction = new AimFunction(this, 'Aggregate', {
      settings,
      entry: 'functions/handlers/aggregate.ts',
      description: 'Folds submissions from the table stream into cohort histograms',
      // A batch of 100 records with several cell updates each needs more than the API's budget.
      timeout: Duration.seconds(60),
      environment,
    }).fn;

    this.reportFunction = new AimFunction(this, 'Report', {
      settings,
      entry: 'functions/handlers/report.ts',
      description: 'Renders assessment reports as PDF (react-pdf)',
      // PDF layout is CPU bound; Lambda CPU scales with memory.
      memorySize: 1024,
      // HTTP API caps an integration at 30 s, so anything longer would only bill time nobody waits for.
      timeout: Duration.seconds(29),
      environment,
      commandHooks: reportBundlingHooks,
    }).fn;

    this.table.grantReadWriteData(this.apiFunction);
    this.table.grantReadWriteData(this.reportFunction);
    // The aggregator reads prior cells/submissions (one organisation counts once per cohort)
    // and writes cells conditionally; stream read is granted by the event source below.
    this.table.grantReadWriteData(this.aggregateFunction);

    new StreamAggregation(this, 'Aggregation', { table: this.table, fn: this.aggregateFunction });

    this.endpoint = new HttpEndpoint(this, 'Http', {
      api: this.apiFunction,
      report: this.reportFunction,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.endpoint.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'DynamoDB table' });
  }
}
