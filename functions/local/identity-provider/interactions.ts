import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionResults, default as Provider } from 'oidc-provider';
import { AccountInputError, type AccountStore, normaliseEmail, PASSWORD_MAX_LENGTH } from './accounts';
import { pageHeaders } from './html';
import { errorPage, SIGN_IN_FAILED, SIGN_IN_THROTTLED, signInPage, signUpPage } from './pages';
import type { SignInThrottle } from './sign-in-throttle';

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(sign-in|sign-up))?$/;

class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
    throw new RequestRefused(415, 'The form was sent in an unexpected format.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new RequestRefused(413, 'The form is too large.');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export interface InteractionRoutes {
  provider: Provider;
  accounts: AccountStore;
  throttle: SignInThrottle;
  /** Origins the pages' forms may end up at (the provider, then the clients it redirects to). */
  formTargetOrigins: readonly string[];
  issuerOrigin: string;
  log: (line: string) => void;
}

/**
 * The sign-in and sign-up pages under /interaction/<uid>, where oidc-provider sends the browser
 * when a person must authenticate.
 *
 * Protection against cross-site posting: oidc-provider only finds the interaction through its
 * HttpOnly SameSite=Lax cookie, scoped to /interaction/<uid> (a cross-site POST does not carry it),
 * the uid in the URL must name that same interaction, and a POST whose Origin header names
 * another origin is refused outright.
 */
export function createInteractionHandler(routes: InteractionRoutes): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { provider, accounts, throttle, log } = routes;

  function send(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, pageHeaders(routes.formTargetOrigins));
    res.end(html);
  }

  function paths(uid: string) {
    return { signIn: `/interaction/${uid}/sign-in`, signUp: `/interaction/${uid}/sign-up` };
  }

  /** Finishing must also answer prompt=create when it was asked for, or oidc-provider would ask again. */
  function loginResult(accountId: string, requestedPrompts: unknown): InteractionResults {
    const prompts = typeof requestedPrompts === 'string' ? requestedPrompts.split(' ') : [];
    return { login: { accountId, amr: ['pwd'] }, ...(prompts.includes('create') ? { create: {} } : {}) };
  }

  return async (req, res) => {
    const match = ROUTE.exec(new URL(req.url ?? '/', routes.issuerOrigin).pathname);
    try {
      if (!match) throw new RequestRefused(404, 'There is no page here.');
      const [, uid, step] = match as unknown as [string, string, 'sign-in' | 'sign-up' | undefined];
      if (req.method !== 'GET' && req.method !== 'POST') throw new RequestRefused(405, 'This method is not allowed here.');
      if (req.method === 'POST') {
        if (!step) throw new RequestRefused(405, 'This method is not allowed here.');
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== routes.issuerOrigin) throw new RequestRefused(403, 'The form was sent from another site.');
      }

      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new RequestRefused(400, 'This sign-in page belongs to another sign-in. Go back to AIM and start again.');
      const { signIn, signUp } = paths(uid);
      const prompt = details.params.prompt;

      if (req.method === 'GET') {
        const page = step ?? (details.prompt.name === 'create' ? 'sign-up' : 'sign-in');
        send(res, 200, page === 'sign-up' ? signUpPage({ action: signUp, signInHref: signIn }) : signInPage({ action: signIn, signUpHref: signUp }));
        return;
      }

      const form = await readForm(req);
      if (step === 'sign-in') {
        const email = form.get('email') ?? '';
        const password = (form.get('password') ?? '').slice(0, PASSWORD_MAX_LENGTH + 1);
        const key = normaliseEmail(email);
        if (throttle.isLocked(key)) {
          send(res, 200, signInPage({ action: signIn, signUpHref: signUp, email, error: SIGN_IN_THROTTLED }));
          return;
        }
        const account = await accounts.verifyPassword(email, password);
        if (!account) {
          throttle.recordFailure(key);
          send(res, 200, signInPage({ action: signIn, signUpHref: signUp, email, error: SIGN_IN_FAILED }));
          return;
        }
        throttle.recordSuccess(key);
        await provider.interactionFinished(req, res, loginResult(account.subject, prompt), { mergeWithLastSubmission: false });
        return;
      }

      const values = { name: form.get('name') ?? '', email: form.get('email') ?? '' };
      try {
        const { subject } = await accounts.create({ ...values, password: form.get('password') ?? '' });
        log(`identity provider: account ${subject} created`);
        await provider.interactionFinished(req, res, loginResult(subject, prompt), { mergeWithLastSubmission: false });
      } catch (error) {
        if (!(error instanceof AccountInputError)) throw error;
        send(res, 200, signUpPage({ action: signUp, signInHref: signIn, values, errors: error.fieldErrors }));
      }
    } catch (error) {
      if (res.headersSent) return;
      if (error instanceof RequestRefused) {
        send(res, error.status, errorPage({ error: 'invalid_request', description: error.message }));
      } else if ((error as { name?: string }).name === 'SessionNotFound') {
        send(
          res,
          400,
          errorPage({
            error: 'session_not_found',
            description: 'This sign-in page has expired or was opened in another browser. Go back to AIM and start again.',
          }),
        );
      } else {
        log(`identity provider: interaction failed: ${(error as Error).message}`);
        send(res, 500, errorPage({ error: 'server_error' }));
      }
    }
  };
}
