import { Duration, aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageSettings } from './stage';

/** Who holds the table's encryption key. */
export type TableEncryption = 'customer-managed' | 'aws-owned';

export interface DataTableProps {
  readonly settings: StageSettings;
  /**
   * `customer-managed` (default): a KMS key in this account with yearly rotation, whose key
   * policy and CloudTrail records you control. `aws-owned`: no key cost, no key control.
   */
  readonly encryption?: TableEncryption;
}

/**
 * The single-table design (see functions/adapters/dynamodb/keys.ts for access patterns).
 * Generic PK/SK keys; the stream feeds cohort aggregation; TTL expires idempotency records.
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;
  /** The customer-managed key, when chosen. */
  readonly key?: kms.Key;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { settings } = props;

    if ((props.encryption ?? 'customer-managed') === 'customer-managed') {
      this.key = new kms.Key(this, 'Key', {
        description: `AIM ${settings.stage}: encrypts the DynamoDB table and its stream`,
        enableKeyRotation: true,
        removalPolicy: settings.removalPolicy,
        // Shortest wait when dev is torn down; prod keeps the key (RETAIN) anyway.
        pendingWindow: Duration.days(7),
      });
    }

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
      ...(this.key ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.key } : { encryption: dynamodb.TableEncryption.DEFAULT }),
    });
  }
}
