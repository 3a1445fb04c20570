import { CfnOutput, Duration, Stack, type StackProps, aws_cloudwatch as cw, aws_kms as kms, type aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/config';
import { INTERACTIVE_AGENT_USE_MESSAGE } from '../../functions/http/interactive-agent-use';
import { CONTAINMENT_MESSAGE } from '../../functions/services/containment';
import { agentCredentials } from './agent-credentials';
import { AgentSigningKeyRotation, agentSigningKeyRotationDays } from './agent-signing-key';
import { AdminSecret, OriginVerifySecret } from './admin-secret';
import { AimFunction, METRICS_NAMESPACE } from './aim-function';
import { AuditLedger } from './audit-ledger';
import { StreamAggregation } from './aggregation';
import { DataTable, type TableEncryption } from './data-table';
import { EvidenceUploads } from './evidence-uploads';
import { ReportStorage } from './report-storage';
import { HttpEndpoint } from './http-api';
import { Monitoring } from './monitoring';
import { alarmOnSharedUse } from './shared-use-alarm';
import { reportAfterBundling } from './report-bundle';
import { suppressAcceptedFindings } from './security-checks';
import { stageSettings, type Stage } from './stage';
import { SignIn, signInOptions } from './user-pool';
import { WebHosting } from './web-hosting';

/** The metric counting browser uses of agents' credentials (namespace METRICS_NAMESPACE). */
export const INTERACTIVE_AGENT_USE_METRIC = 'InteractiveAgentUse';
/** The metric counting automatic containments (namespace METRICS_NAMESPACE). */
export const CREDENTIAL_CONTAINED_METRIC = 'CredentialContained';

export interface AimStackProps extends StackProps {
  readonly stage: Stage;
  /** Table encryption key (default: customer-managed KMS key). */
  readonly tableEncryption?: TableEncryption;
  /** E-mail address subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** Built web app directory (default web/dist). */
  readonly webDist?: string;
}

/**
 * The whole AIM deployment: one table, four Lambdas, the stream wiring, an HTTP API, the web
 * app behind CloudFront, the admin secret, the audit ledger, alarms and a dashboard. One construct per concern.
 */
export class AimStack extends Stack {
  readonly table: DataTable['table'];
  readonly tableKey: DataTable['key'];
  readonly apiFunction: lambda.Function;
  readonly aggregateFunction: lambda.Function;
  readonly reportFunction: lambda.Function;
  /** Evidence imports (issue 20): the inventory readers stay out of the api bundle. */
  readonly evidenceFunction: lambda.Function;
  readonly aggregation: StreamAggregation;
  readonly endpoint: HttpEndpoint;
  readonly web: WebHosting;
  readonly adminSecret: AdminSecret['secret'];
  /** Marks requests that came through CloudFront (OriginVerifySecret). */
  readonly originVerifySecret: OriginVerifySecret['secret'];
  readonly monitoring: Monitoring;
  /** Signs agents' access tokens; only the api function may use it. */
  readonly agentTokenKey: kms.Key;
  /** How people sign in: the Cognito user pool, or the external provider named in context (user-pool.ts). */
  readonly signIn: SignIn;
  /** Audit event digests, hash-chained in an Object Lock bucket (audit-ledger.ts). */
  readonly auditLedger: AuditLedger;
  /** Large evidence files between their upload and their import (evidence-uploads.ts). */
  readonly evidenceUploads: EvidenceUploads;
  readonly reportStorage: ReportStorage;

  constructor(scope: Construct, id: string, props: AimStackProps) {
    super(scope, id, props);
    const settings = stageSettings(props.stage);

    const data = new DataTable(this, 'Data', { settings, encryption: props.tableEncryption });
    this.table = data.table;
    this.tableKey = data.key;
    this.adminSecret = new AdminSecret(this, 'AdminToken', { settings }).secret;
    const environment = { AIM_TABLE_NAME: this.table.tableName };

    this.apiFunction = new AimFunction(this, 'Api', {
      settings,
      entry: 'functions/handlers/api.ts',
      description: 'AIM HTTP API (Hono)',
      serviceName: 'aim-api',
      // Agents hold no stored AIM secret unless the deployment opts out (agent-credentials.ts).
      environment: { ...environment, AIM_ADMIN_TOKEN_SECRET_ARN: this.adminSecret.secretArn, AIM_AGENT_CREDENTIALS: agentCredentials(this) },
    }).fn;

    this.aggregateFunction = new AimFunction(this, 'Aggregate', {
      settings,
      entry: 'functions/handlers/aggregate.ts',
      description: 'Folds submissions from the table stream into cohort histograms',
      serviceName: 'aim-aggregate',
      // A batch of 100 records with several cell updates each needs more than the API's budget.
      timeout: Duration.seconds(60),
      environment,
    }).fn;

    this.reportFunction = new AimFunction(this, 'Report', {
      settings,
      entry: 'functions/handlers/report.ts',
      description: 'Renders assessment reports as PDF (react-pdf)',
      serviceName: 'aim-report',
      // PDF layout is CPU bound; Lambda CPU scales with memory.
      memorySize: 1024,
      // HTTP API caps an integration at 30 s, so anything longer would only bill time nobody waits for.
      timeout: Duration.seconds(29),
      environment,
      afterBundling: reportAfterBundling,
    }).fn;

    this.evidenceFunction = new AimFunction(this, 'Evidence', {
      settings,
      entry: 'functions/handlers/evidence.ts',
      description: 'Imports identity inventories into draft assessments (facts and proposed answers)',
      serviceName: 'aim-evidence',
      // Reading a file of the largest size the body limit allows is CPU bound as well.
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment,
    }).fn;

    // Each function gets the table (and its key) and nothing else of the data: all four write
    // (API: everything users change; report: the report record, its audit event and the token's
    // last use; evidence: the import record and its audit event; aggregator: cohort cells). Stream read for the aggregator is granted by its event
    // source; only the API reads the admin secret.
    this.table.grantReadWriteData(this.apiFunction);
    this.table.grantReadWriteData(this.reportFunction);
    this.table.grantReadWriteData(this.evidenceFunction);
    this.table.grantReadWriteData(this.aggregateFunction);
    this.adminSecret.grantRead(this.apiFunction);

    // Agents' access tokens (docs/security.md, "Agents"): an asymmetric key that never leaves
    // KMS; the api function alone may sign with it and read its public half.
    this.agentTokenKey = new kms.Key(this, 'AgentTokenKey', {
      description: "AIM: signs agents' access tokens (ES256)",
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: settings.removalPolicy,
    });
    this.agentTokenKey.grant(this.apiFunction, 'kms:Sign', 'kms:GetPublicKey');
    // The PDF and evidence routes (functions of their own) accept agents' tokens too: they read the public half and never sign.
    const verifiers = [this.reportFunction, this.evidenceFunction];
    for (const fn of verifiers) this.agentTokenKey.grant(fn, 'kms:GetPublicKey');
    for (const fn of [this.apiFunction, ...verifiers]) fn.addEnvironment('AIM_AGENT_SIGNING_KEY_ARN', this.agentTokenKey.keyArn);
    // It rotates: a new key every aim:agentSigningKeyRotationDays, the stack's key being the first.
    const signingKeyRotation = new AgentSigningKeyRotation(this, 'AgentTokenKeyRotation', {
      settings,
      initialKey: this.agentTokenKey,
      signer: this.apiFunction,
      verifiers,
      rotationDays: agentSigningKeyRotationDays(this),
    });

    this.aggregation = new StreamAggregation(this, 'Aggregation', { table: this.table, fn: this.aggregateFunction });

    this.endpoint = new HttpEndpoint(this, 'Http', { settings, api: this.apiFunction, report: this.reportFunction, evidence: this.evidenceFunction });
    // The issuer of agents' tokens, and the origin their DPoP proofs name: the HTTP API's own URL.
    for (const fn of [this.apiFunction, ...verifiers]) fn.addEnvironment('AIM_ISSUER', this.endpoint.url);

    // CloudFront proves its requests with this header; only then does the api believe the
    // viewer address CloudFront forwards (functions/http/rate-limit.ts, docs/deploy.md).
    this.originVerifySecret = new OriginVerifySecret(this, 'OriginVerify', { settings }).secret;
    const originVerifyValue = this.originVerifySecret.secretValue.unsafeUnwrap();
    this.web = new WebHosting(this, 'Web', {
      settings,
      apiDomainName: this.endpoint.domainName,
      webDist: props.webDist,
      originVerify: { header: ORIGIN_VERIFY_HEADER, value: originVerifyValue },
    });
    this.apiFunction.addEnvironment('AIM_ORIGIN_VERIFY_SECRET', originVerifyValue);
    // The immutable audit ledger: its own function on the stream; the api only reads it (GET /v1/audit/integrity).
    this.auditLedger = new AuditLedger(this, 'AuditLedger', {
      settings,
      table: this.table,
      readers: [this.apiFunction],
      writers: [this.apiFunction, this.reportFunction, this.evidenceFunction, this.aggregateFunction],
      accessLogs: this.web.logBucket,
    });
    // CORS: browsers may call the API directly only from the web app's origin.
    for (const fn of [this.apiFunction, ...verifiers]) fn.addEnvironment('AIM_WEB_ORIGIN', this.web.origin);
    // Large evidence files: PUT by the browser to S3 (pre-signed), read and deleted by the evidence function.
    this.evidenceUploads = new EvidenceUploads(this, 'EvidenceUploads', {
      settings,
      fn: this.evidenceFunction,
      webOrigin: this.web.origin,
      accessLogs: this.web.logBucket,
    });
    // Reports rendered once on submission (off the stream) and stored; downloads serve them (docs/reports.md, "Stored reports").
    this.reportStorage = new ReportStorage(this, 'ReportStorage', { settings, table: this.table, fn: this.reportFunction, accessLogs: this.web.logBucket });

    // People sign in through OpenID Connect, the api being the relying party (/auth/*). Its
    // redirect URI is on the web app's origin, where CloudFront forwards /auth/* to the api
    // and the session cookie is set, the origin every /v1/* call of the app goes to.
    this.signIn = new SignIn(this, 'SignIn', { settings, origin: this.web.origin, options: signInOptions(this) });
    this.signIn.grantTo(this.apiFunction);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      functions: { api: this.apiFunction, aggregate: this.aggregateFunction, report: this.reportFunction, evidence: this.evidenceFunction },
      deadLetterQueue: this.aggregation.deadLetterQueue,
      httpApi: this.endpoint.httpApi,
      table: this.table,
      alarmEmail: props.alarmEmail,
    });

    this.auditLedger.alarmTo(this.monitoring.topic);
    // Suspected shared use of one key or agent (functions/services/credential-sightings.ts): counted, alarmed on the first.
    const authenticating = { Api: this.apiFunction, Report: this.reportFunction, Evidence: this.evidenceFunction };
    const logGroups = Object.fromEntries(Object.entries(authenticating).map(([name, fn]) => [name, fn.logGroup]));
    alarmOnSharedUse(this, logGroups, (id, metric, description) => this.monitoring.alarmOn(id, metric, description));
    // Every browser use of an agent's credential is refused and logged (functions/http/interactive-agent-use.ts):
    // counted from every function that authenticates, and each one raises the alarm.
    for (const [name, logGroup] of Object.entries(logGroups))
      new logs.MetricFilter(this, `InteractiveAgentUse${name}`, {
        logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName: INTERACTIVE_AGENT_USE_METRIC,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', INTERACTIVE_AGENT_USE_MESSAGE),
        metricValue: '1',
        defaultValue: 0,
      });
    this.monitoring.alarmOn(
      'InteractiveAgentUse',
      new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: INTERACTIVE_AGENT_USE_METRIC, period: Duration.minutes(5), statistic: 'Sum' }),
      "an agent's credential was used from a browser (refused): a person is using an agent's identity",
    );
    // Every automatic containment (functions/services/containment.ts) logs one line: counted likewise, alarmed on the first.
    for (const [name, logGroup] of Object.entries(logGroups))
      new logs.MetricFilter(this, `CredentialContained${name}`, {
        logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName: CREDENTIAL_CONTAINED_METRIC,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', CONTAINMENT_MESSAGE),
        metricValue: '1',
        defaultValue: 0,
      });
    this.monitoring.alarmOn(
      'CredentialContained',
      new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: CREDENTIAL_CONTAINED_METRIC, period: Duration.minutes(5), statistic: 'Sum' }),
      'a detection contained a credential (revoked all its identity holds, or only alerted with AIM_CONTAINMENT=alert): see the audit trail, operation credential.contained',
    );
    this.monitoring.alarmOnErrors(
      'AgentSigningKeyRotationErrors',
      signingKeyRotation.rotationFunction,
      'agents\' signing key rotation Lambda: a rotation failed (the current key keeps signing; docs/security.md, "Signing key")',
    );
    const rotation = this.signIn.cognito?.rotationFunction;
    if (rotation)
      this.monitoring.alarmOnErrors(
        'ClientSecretRotationErrors',
        rotation,
        'client secret rotation Lambda: a rotation failed (the previous secret stays valid; docs/deploy.md, "Rotating the client secret")',
      );

    suppressAcceptedFindings(this);

    new CfnOutput(this, 'WebUrl', { value: this.web.origin, description: 'The web app (CloudFront)' });
    new CfnOutput(this, 'ApiUrl', { value: this.endpoint.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'DynamoDB table' });
    new CfnOutput(this, 'AuditLedgerBucket', { value: this.auditLedger.bucket.bucketName, description: 'Audit ledger (S3 Object Lock, compliance mode)' });
    new CfnOutput(this, 'AdminTokenSecretArn', { value: this.adminSecret.secretArn, description: 'Secrets Manager secret holding the bootstrap admin token' });
    new CfnOutput(this, 'OidcIssuer', { value: this.signIn.issuer, description: 'OpenID Provider people sign in with (AIM_OIDC_ISSUER)' });
    if (this.signIn.cognito) {
      new CfnOutput(this, 'UserPoolId', { value: this.signIn.cognito.userPool.userPoolId, description: 'Cognito user pool of the people who sign in' });
      new CfnOutput(this, 'CognitoDomain', {
        value: this.signIn.cognito.domain.baseUrl(),
        description: 'Cognito managed login (federated providers redirect here)',
      });
    }
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'SNS topic the alarms notify' });
  }
}
