import { aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageSettings } from './stage';

export interface DataTableProps {
  readonly settings: StageSettings;
}

/**
 * The single-table design (see functions/adapters/dynamodb/keys.ts for access patterns).
 * Generic PK/SK keys; the stream feeds cohort aggregation; TTL expires idempotency records.
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { settings } = props;

    // The ids 'Data'/'Table' fix the logical ID (DataTable...): renaming them would replace the table.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Both images: the aggregator needs the old one to replace an organisation's earlier contribution.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
    });
  }
}
