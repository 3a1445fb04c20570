import type { Adapter, ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { interactionPolicy } from 'oidc-provider';
import type { AccountStore } from './accounts';
import { pageHeaders } from './html';
import type { ProviderKeys } from './keys';
import { errorPage, signedOutPage, signOutPage } from './pages';

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * OpenID Connect "Initiating User Registration" (prompt=create): a prompt of our own, first in
 * the policy, so the interaction starts on the sign-up page when a client asks for it.
 */
function policyWithCreatePrompt() {
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'create', requestable: true }), 0);
  return policy;
}

/**
 * The configured clients are AIM's own (first party): the person is never asked to consent,
 * the OpenID scopes asked for are granted as soon as they have signed in.
 */
async function grantFirstPartyScopes(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const clientId = oidc.client!.clientId;
  const accountId = oidc.account!.accountId;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant = existing?.accountId === accountId && existing.clientId === clientId ? existing : new oidc.provider.Grant({ accountId, clientId });
  grant.addOIDCScope(oidc.requestParamOIDCScopes);
  await grant.save();
  return grant;
}

/** oidc-provider's metadata for one of AIM's clients. */
function clientMetadata(client: ClientRegistration): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // A client registered for client_secret_basic may also authenticate with client_secret_post.
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

/**
 * The clients as oidc-provider's `Client` model, read on every look-up: static clients
 * (`clients` in the configuration) are fixed for the provider's life and hold one secret,
 * whereas these pick up a rotated secret at once (oidc-provider caches a client by its metadata).
 */
function clientModel(clients: () => readonly ClientRegistration[]): Adapter {
  const none = async () => undefined;
  return {
    find: async (id) => {
      const client = clients().find((c) => c.clientId === id);
      return client ? clientMetadata(client) : undefined;
    },
    upsert: none,
    findByUserCode: none,
    findByUid: none,
    consume: none,
    destroy: none,
    revokeByGrantId: none,
  };
}

export function providerConfiguration(input: {
  /** Read on each look-up, so a rotated secret applies at once. */
  clients: () => readonly ClientRegistration[];
  keys: ProviderKeys;
  adapter: (model: string) => Adapter;
  accounts: AccountStore;
  formTargetOrigins: readonly string[];
}): Configuration {
  const clients = clientModel(input.clients);
  function renderHtml(ctx: KoaContextWithOIDC, html: string) {
    ctx.set(pageHeaders(input.formTargetOrigins));
    ctx.type = 'html';
    ctx.body = html;
  }

  return {
    adapter: (model) => (model === 'Client' ? clients : input.adapter(model)),
    jwks: input.keys.jwks as Configuration['jwks'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // The AIM relying party reads email and name from the ID token, not from userinfo.
    conformIdTokenClaims: false,
    async findAccount(_ctx, subject) {
      const account = await input.accounts.findBySubject(subject);
      if (!account) return undefined;
      return {
        accountId: account.subject,
        // email_verified is false: this provider never checks that the mailbox is theirs.
        claims: async () => ({ sub: account.subject, email: account.email, email_verified: false, name: account.name }),
      };
    },
    loadExistingGrant: grantFirstPartyScopes,
    interactions: {
      policy: policyWithCreatePrompt(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    discovery: { prompt_values_supported: ['none', 'login', 'consent', 'create'] },
    // http://localhost: a Secure cookie would be dropped by the browser.
    cookies: {
      keys: input.keys.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      Session: DAY,
      Grant: DAY,
      Interaction: HOUR,
      AuthorizationCode: MINUTE,
      AccessToken: 10 * MINUTE,
      IdToken: 10 * MINUTE,
      ClientCredentials: 10 * MINUTE,
      RefreshToken: DAY,
      DeviceCode: 10 * MINUTE,
      BackchannelAuthenticationRequest: 10 * MINUTE,
    },
    // Confidential server-side clients only: no browser calls the provider cross-origin.
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => renderHtml(ctx, signOutPage(form)),
        postLogoutSuccessSource: async (ctx) => renderHtml(ctx, signedOutPage()),
      },
    },
    async renderError(ctx, out) {
      renderHtml(ctx, errorPage({ error: String(out.error), description: out.error_description === undefined ? undefined : String(out.error_description) }));
    },
  };
}
