import { aws_apigateway as restapi, aws_apigatewayv2 as apigw, aws_logs as logs } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageSettings } from './stage';

export const REPORT_ROUTE_PATH = '/v1/assessments/{id}/report.pdf';
/** A fresh report of the current benchmark release (issue 21): the report function too. */
export const REPORT_REFRESH_PATH = '/v1/assessments/{id}/report/refresh';

/** The evidence function's routes (functions/http/routes/evidence-routes.ts); `{proxy+}` keeps room for the imports' sub-resources. */
export const EVIDENCE_ROUTES: readonly { path: string; methods: apigw.HttpMethod[] }[] = [
  { path: '/v1/assessments/{id}/evidence', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST] },
  { path: '/v1/assessments/{id}/evidence/{proxy+}', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST, apigw.HttpMethod.PATCH, apigw.HttpMethod.DELETE] },
  { path: '/v1/evidence/{proxy+}', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.PUT] },
];

/** One JSON line per request; field names follow API Gateway's $context variables. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});

export interface HttpEndpointProps {
  readonly settings: StageSettings;
  /** Hono app: receives every route not claimed below (the `$default` route). */
  readonly api: IFunction;
  /** PDF rendering: separate Lambda so @react-pdf stays out of the API bundle. */
  readonly report: IFunction;
  /** Evidence imports: separate Lambda so the inventory readers stay out of the API bundle. */
  readonly evidence: IFunction;
}

/**
 * HTTP API (API Gateway v2) in front of the Lambdas, with stage throttling and JSON access
 * logs. CORS is answered by the Hono app itself (AIM_WEB_ORIGIN, the CloudFront origin):
 * API-level CORS would need the distribution's domain in the API, while the distribution
 * already needs the API's domain (it serves /v1/* from it), which CloudFormation cannot order.
 */
export class HttpEndpoint extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id);
    const { settings } = props;

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `AIM API (${settings.stage})`,
      defaultIntegration: new HttpLambdaIntegration('Api', props.api),
      createDefaultStage: false,
    });

    this.httpApi.addRoutes({
      path: REPORT_ROUTE_PATH,
      methods: [apigw.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Report', props.report),
    });
    this.httpApi.addRoutes({
      path: REPORT_REFRESH_PATH,
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('ReportRefresh', props.report),
    });
    const evidence = new HttpLambdaIntegration('Evidence', props.evidence);
    for (const route of EVIDENCE_ROUTES) this.httpApi.addRoutes({ ...route, integration: evidence });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: restapi.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
  }

  /** Base URL of the `$default` stage, with a trailing slash. */
  get url(): string {
    return this.stage.url;
  }

  /** Host name of the API (for CloudFront's origin). */
  get domainName(): string {
    return `${this.httpApi.apiId}.execute-api.${this.httpApi.stack.region}.${this.httpApi.stack.urlSuffix}`;
  }
}
