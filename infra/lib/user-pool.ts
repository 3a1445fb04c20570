import { Duration, Fn, SecretValue, Stack, Validations, aws_cognito as cognito, aws_iam as iam, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import { AimFunction } from './aim-function';
import type { StageSettings } from './stage';

/*
 * How people sign in (docs/deploy.md, "Signing in: Cognito, federation, or your own provider").
 * The api function is an OpenID Connect relying party (a backend for the web app): it needs an
 * issuer, a client id and, in Secrets Manager, a client secret. By default this file creates
 * them with Amazon Cognito; CDK context can add a corporate SAML/OIDC provider to that user
 * pool (`aim:federation`) or replace Cognito with another OpenID Provider (`aim:oidc`).
 */

/** The scopes AIM asks for (AIM_OIDC_SCOPES' default in functions/config.ts). */
const SCOPES = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE];

/** A full Secrets Manager ARN, with the six-character suffix Secrets Manager appends to the name. */
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/,
    'must be the complete ARN of a Secrets Manager secret, ending in the six-character suffix (…:secret:name-AbC123)',
  );
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' }).refine((u) => !/[?#]/.test(u), 'must have no query or fragment');
/** Cognito provider names: 3–32 characters; these stay clear of its reserved names and of `_`. */
const providerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]{1,30}[A-Za-z0-9]$/, '3 to 32 letters, digits, spaces, dots or hyphens')
  .refine((n) => !['cognito', 'google', 'facebook', 'loginwithamazon', 'signinwithapple'].includes(n.toLowerCase()), 'is reserved by Cognito');
const attributes = z.strictObject({ email: z.string().min(1).optional(), name: z.string().min(1).optional() }).optional();

export const FederationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('saml'),
    name: providerName,
    metadataUrl: httpsUrl,
    /** SAML attribute names, if the provider does not send the usual claim URIs. */
    attributes,
  }),
  z.strictObject({
    type: z.literal('oidc'),
    name: providerName,
    issuer: httpsUrl,
    clientId: z.string().min(1).max(200),
    /** Cognito authenticates to the provider with this secret (a dynamic reference: never in the template). */
    clientSecretArn: secretArn,
    /** Claim names, if not `email` and `name`. */
    attributes,
  }),
]);
export type Federation = z.infer<typeof FederationSchema>;

export const ExternalOidcSchema = z.strictObject({
  /** Exactly the provider's `issuer` (its discovery document's), e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: httpsUrl,
  clientId: z.string().min(1).max(200),
  /** The secret whose SecretString is the client secret, in this account and region. */
  clientSecretArn: secretArn,
});
export type ExternalOidc = z.infer<typeof ExternalOidcSchema>;

export const CognitoOptionsSchema = z.strictObject({
  /** People may create their own account (default); off: only administrators create users. */
  selfSignUp: z.boolean().default(true),
  /** `plus` turns on Cognito threat protection (compromised credentials, adaptive authentication), billed per user. */
  featurePlan: z.enum(['essentials', 'plus']).default('essentials'),
});
export type CognitoOptions = z.infer<typeof CognitoOptionsSchema>;

/** The context keys, as documented in docs/deploy.md. */
export const CONTEXT = {
  federation: 'aim:federation',
  oidc: 'aim:oidc',
  cognito: 'aim:cognito',
  clientSecretRotationDays: 'aim:oidcClientSecretRotationDays',
} as const;

/** Days between rotations of the Cognito client secret (Secrets Manager allows 1 to 1000). */
export const ClientSecretRotationDaysSchema = z.coerce.number().int().min(1).max(1000).default(30);

/** The rotation period from context `aim:oidcClientSecretRotationDays` (a number, or its text from --context). */
export function clientSecretRotationDays(scope: IConstruct): number {
  const value: unknown = scope.node.tryGetContext(CONTEXT.clientSecretRotationDays);
  const parsed = ClientSecretRotationDaysSchema.safeParse(value === '' || value === null ? undefined : value);
  if (!parsed.success)
    throw new Error(`Context ${CONTEXT.clientSecretRotationDays} is invalid (docs/deploy.md, "Signing in"):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export type SignInOptions = { kind: 'external'; oidc: ExternalOidc } | { kind: 'cognito'; cognito: CognitoOptions; federation?: Federation };

/** One context value: an object from cdk.json, or its JSON from `--context key='{…}'`. */
function parseContext<T extends z.ZodType>(scope: IConstruct, key: string, schema: T): z.output<T> | undefined {
  let value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`Context ${key} is not JSON: ${value}`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`Context ${key} is invalid (docs/deploy.md, "Signing in"):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Reads and checks the sign-in context; throws with the offending key and field. */
export function signInOptions(scope: IConstruct): SignInOptions {
  const oidc = parseContext(scope, CONTEXT.oidc, ExternalOidcSchema);
  const federation = parseContext(scope, CONTEXT.federation, FederationSchema);
  const cognitoOptions = parseContext(scope, CONTEXT.cognito, CognitoOptionsSchema);
  if (oidc) {
    if (federation || cognitoOptions) {
      throw new Error(
        `Context ${CONTEXT.oidc} replaces the Cognito user pool, so ${federation ? CONTEXT.federation : CONTEXT.cognito} has nothing to apply to: ` +
          `federate in your own provider instead, or drop ${CONTEXT.oidc}.`,
      );
    }
    return { kind: 'external', oidc };
  }
  return { kind: 'cognito', cognito: cognitoOptions ?? CognitoOptionsSchema.parse({}), federation };
}

/** Acknowledges one cdk-nag finding with its reason (as infra/lib/security-checks.ts does). */
function accept(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export interface UserPoolSignInProps {
  readonly settings: StageSettings;
  /** The origin the browser signs in on, where the api serves /auth/*: e.g. https://example.org (no trailing slash). */
  readonly origin: string;
  readonly options: CognitoOptions;
  readonly federation?: Federation;
  /** Days between rotations of the app client's secret (default 30). */
  readonly clientSecretRotationDays?: number;
}

/**
 * The Cognito user pool for people: email as the sign-in name, verified; strong passwords;
 * TOTP MFA required; managed login on a Cognito domain; one confidential app client (the api),
 * authorization code grant only; its secret copied into Secrets Manager for the api to read.
 */
export class UserPoolSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly clientSecret: secretsmanager.Secret;
  /** Rotates the client secret: a new one at Cognito, the previous kept valid until the next rotation. */
  readonly rotationFunction: AimFunction['fn'];
  readonly identityProvider?: cognito.UserPoolIdentityProviderSaml | cognito.UserPoolIdentityProviderOidc;
  /** https://cognito-idp.<region>.amazonaws.com/<userPoolId>: the `iss` of the pool's ID tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: UserPoolSignInProps) {
    super(scope, id);
    const { settings, options } = props;
    const stack = Stack.of(this);
    const plus = options.featurePlan === 'plus';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `aim-${settings.stage}`,
      selfSignUpEnabled: options.selfSignUp,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // An address changes only once the person has confirmed the new one.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Required, and TOTP only: no SMS (no SNS role, no per-message cost, no SIM swap). Cognito
      // fixes "required" at creation; federated people are authenticated by their own provider.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: plus ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(plus ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      // The people's accounts are kept like the table that refers to them.
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.deletionProtection,
    });

    if (props.federation) this.identityProvider = this.federate(props.federation);

    this.client = this.userPool.addClient('Client', {
      userPoolClientName: `aim-${settings.stage}-api`,
      generateSecret: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: SCOPES,
        callbackUrls: [`${props.origin}/auth/callback`],
        logoutUrls: [`${props.origin}/`],
      },
      // The provider's name is a reference to it, so CloudFormation creates it before the client.
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
        ...(this.identityProvider ? [cognito.UserPoolClientIdentityProvider.custom(this.identityProvider.providerName)] : []),
      ],
      // Cognito's tokens only prove the sign-in; AIM keeps its own session (AIM_SESSION_*).
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.minutes(60),
      authSessionValidity: Duration.minutes(5),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    // Cognito domain prefixes are global per region: the stage plus the first 8 hex digits of
    // this stack's id make it unique without naming the account.
    const stackUuid = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', stack.stackId))));
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: Fn.join('-', [`aim-${settings.stage}`, stackUuid]) },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login shows a page only for clients with a style; Cognito's default one.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // The client secret from CloudFormation's own attribute (no lookup Lambda), into a secret the api reads at cold start.
    const cfnClient = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    this.clientSecret = new secretsmanager.Secret(this, 'ClientSecret', {
      description: `AIM ${settings.stage}: client secret of the api's Cognito app client (docs/deploy.md, "Signing in")`,
      secretStringValue: SecretValue.resourceAttribute(cfnClient.attrClientSecret),
      removalPolicy: settings.removalPolicy,
    });

    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;

    // Rotation: Cognito holds two secrets per app client, so the function adds a new one and
    // keeps the previous valid until the next rotation (functions/services/client-secret-rotation.ts).
    this.rotationFunction = new AimFunction(this, 'ClientSecretRotation', {
      settings,
      entry: 'functions/handlers/oidc-client-secret-rotation.ts',
      description: "Rotates the api's Cognito client secret (Secrets Manager rotation)",
      serviceName: 'aim-oidc-client-secret-rotation',
      timeout: Duration.seconds(30),
      environment: { AIM_COGNITO_USER_POOL_ID: this.userPool.userPoolId, AIM_COGNITO_CLIENT_ID: this.client.userPoolClientId },
    }).fn;
    this.rotationFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cognito-idp:AddUserPoolClientSecret', 'cognito-idp:ListUserPoolClientSecrets', 'cognito-idp:DeleteUserPoolClientSecret'],
        resources: [this.userPool.userPoolArn],
      }),
    );
    // Secrets Manager calls it for this secret only; its rotation actions on this secret only
    // (CDK's addRotationSchedule would also grant secretsmanager:GetRandomPassword on `*`, unused here).
    this.rotationFunction.addPermission('InvokedBySecretsManager', {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: this.clientSecret.secretArn,
    });
    this.rotationFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [this.clientSecret.secretArn],
      }),
    );
    const schedule = new secretsmanager.CfnRotationSchedule(this, 'ClientSecretRotationSchedule', {
      secretId: this.clientSecret.secretArn,
      rotationLambdaArn: this.rotationFunction.functionArn,
      rotationRules: { scheduleExpression: `rate(${props.clientSecretRotationDays ?? 30} days)` },
    });
    // The first rotation runs when the schedule is created: the function must be allowed by then.
    schedule.node.addDependency(this.rotationFunction.permissionsNode.findChild('InvokedBySecretsManager'), this.rotationFunction.role!);
    accept(
      this.rotationFunction.role!,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, so AWS requires Resource "*" for them (CDK Tracing.ACTIVE). The Cognito and Secrets Manager actions name this pool and this secret.',
    );
    if (!plus) {
      accept(
        this.userPool,
        'AwsSolutions-COG8',
        'Essentials feature plan: Cognito threat protection (Plus) is billed for every monthly active user, with no free tier. TOTP MFA is required for every password sign-in and Cognito locks out repeated failed sign-ins by itself; turn Plus on with context aim:cognito {"featurePlan":"plus"} (docs/deploy.md).',
      );
    }
  }

  private federate(federation: Federation): cognito.UserPoolIdentityProviderSaml | cognito.UserPoolIdentityProviderOidc {
    if (federation.type === 'saml') {
      return new cognito.UserPoolIdentityProviderSaml(this, 'Saml', {
        userPool: this.userPool,
        name: federation.name,
        metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(federation.metadataUrl),
        idpSignout: false,
        attributeMapping: {
          email: cognito.ProviderAttribute.other(federation.attributes?.email ?? 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
          fullname: cognito.ProviderAttribute.other(federation.attributes?.name ?? 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'),
        },
      });
    }
    return new cognito.UserPoolIdentityProviderOidc(this, 'Oidc', {
      userPool: this.userPool,
      name: federation.name,
      issuerUrl: federation.issuer,
      clientId: federation.clientId,
      // A CloudFormation dynamic reference, resolved at deployment: the template holds only the ARN.
      clientSecret: SecretValue.secretsManager(federation.clientSecretArn).unsafeUnwrap(),
      scopes: ['openid', 'email', 'profile'],
      attributeRequestMethod: cognito.OidcAttributeRequestMethod.GET,
      attributeMapping: {
        email: cognito.ProviderAttribute.other(federation.attributes?.email ?? 'email'),
        fullname: cognito.ProviderAttribute.other(federation.attributes?.name ?? 'name'),
      },
    });
  }
}

export interface SignInProps {
  readonly settings: StageSettings;
  /** See UserPoolSignInProps.origin. */
  readonly origin: string;
  readonly options: SignInOptions;
}

/**
 * The OpenID Provider the api signs people in with: a Cognito user pool (default) or an
 * external provider named in context. `grantTo` wires exactly one function to it.
 */
export class SignIn extends Construct {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: secretsmanager.ISecret;
  /** Absent when an external provider is used. */
  readonly cognito?: UserPoolSignIn;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const { options } = props;
    if (options.kind === 'external') {
      this.issuer = options.oidc.issuer;
      this.clientId = options.oidc.clientId;
      this.clientSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'ClientSecret', options.oidc.clientSecretArn);
      return;
    }
    this.cognito = new UserPoolSignIn(this, 'Cognito', {
      settings: props.settings,
      origin: props.origin,
      options: options.cognito,
      federation: options.federation,
      clientSecretRotationDays: clientSecretRotationDays(this),
    });
    this.issuer = this.cognito.issuer;
    this.clientId = this.cognito.client.userPoolClientId;
    this.clientSecret = this.cognito.clientSecret;
  }

  /** Tells the function the provider and lets it (alone) read the client secret. */
  grantTo(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    fn.addEnvironment('AIM_OIDC_ISSUER', this.issuer);
    fn.addEnvironment('AIM_OIDC_CLIENT_ID', this.clientId);
    fn.addEnvironment('AIM_OIDC_CLIENT_SECRET_ARN', this.clientSecret.secretArn);
    this.clientSecret.grantRead(fn);
  }
}
