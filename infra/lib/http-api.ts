import { aws_apigatewayv2 as apigw } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export const REPORT_ROUTE_PATH = '/v1/assessments/{id}/report.pdf';

export interface HttpEndpointProps {
  /** Hono app: receives every route not claimed below (the `$default` route). */
  readonly api: IFunction;
  /** PDF rendering: separate Lambda so @react-pdf stays out of the API bundle. */
  readonly report: IFunction;
}

/** HTTP API (API Gateway v2) in front of the Lambdas. */
export class HttpEndpoint extends Construct {
  readonly httpApi: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: HttpEndpointProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'AIM API',
      defaultIntegration: new HttpLambdaIntegration('Api', props.api),
    });

    this.httpApi.addRoutes({
      path: REPORT_ROUTE_PATH,
      methods: [apigw.HttpMethod.GET],
      integration: new HttpLambdaIntegration('Report', props.report),
    });
  }

  /** Base URL of the `$default` stage, with a trailing slash. */
  get url(): string {
    const url = this.httpApi.url;
    if (url === undefined) throw new Error('HttpApi has no default stage');
    return url;
  }
}
