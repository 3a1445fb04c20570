/**
 * The cookies of people's sessions (docs/security.md, "People"). `__Host-` names: set only
 * over a secure origin (browsers count http://localhost as one), on the whole site, for
 * this host alone. The session cookie is SameSite=Strict; the sign-in cookie is Lax,
 * because the provider's redirect back to the callback is a cross-site navigation.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const SESSION = 'aim-session';
const SIGN_IN = 'aim-signin';
/** The header that carries a session's anti-forgery token on state-changing requests. */
export const CSRF_HEADER = 'x-aim-csrf';

const base = { prefix: 'host', path: '/', secure: true, httpOnly: true } as const;

export const sessionSecretOf = (c: Context): string | undefined => getCookie(c, SESSION, 'host') || undefined;
export const signInStateOf = (c: Context): string | undefined => getCookie(c, SIGN_IN, 'host') || undefined;

export function setSessionCookie(c: Context, secret: string, maxAgeSeconds: number) {
  setCookie(c, SESSION, secret, { ...base, sameSite: 'Strict', maxAge: maxAgeSeconds });
}

export function setSignInCookie(c: Context, state: string) {
  setCookie(c, SIGN_IN, state, { ...base, sameSite: 'Lax', maxAge: 600 });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION, { ...base, sameSite: 'Strict' });
export const clearSignInCookie = (c: Context) => deleteCookie(c, SIGN_IN, { ...base, sameSite: 'Lax' });
