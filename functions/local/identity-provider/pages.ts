import type { AccountField } from './accounts';
import { PASSWORD_MIN_LENGTH } from './accounts';
import { escapeHtml, renderPage } from './html';

export const SIGN_IN_FAILED = 'The email or password is wrong.';
export const SIGN_IN_THROTTLED = 'Too many failed sign-ins for this email. Wait 15 minutes, then try again.';

function field(input: {
  id: AccountField;
  label: string;
  type: string;
  autocomplete: string;
  value?: string;
  error?: string | undefined;
  hint?: string;
}): string {
  const describedBy = [input.hint ? `${input.id}-hint` : '', input.error ? `${input.id}-error` : ''].filter(Boolean).join(' ');
  return [
    `<label for="${input.id}">${escapeHtml(input.label)}</label>`,
    input.hint ? `<p class="hint" id="${input.id}-hint">${escapeHtml(input.hint)}</p>` : '',
    input.error ? `<p class="error" id="${input.id}-error" role="alert">${escapeHtml(input.error)}</p>` : '',
    `<input id="${input.id}" name="${input.id}" type="${input.type}" autocomplete="${input.autocomplete}"` +
      (input.value !== undefined ? ` value="${escapeHtml(input.value)}"` : '') +
      (describedBy ? ` aria-describedby="${describedBy}"` : '') +
      (input.error ? ' aria-invalid="true"' : '') +
      '>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The sign-in page; `error` is the one generic message, never which of email or password was wrong. */
export function signInPage(input: { action: string; signUpHref: string; email?: string; error?: string }): string {
  return renderPage({
    heading: 'Sign in to AIM',
    body: `${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}" novalidate>
${field({ id: 'email', label: 'Email', type: 'email', autocomplete: 'email', value: input.email ?? '' })}
${field({ id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<p class="alternative">New to AIM? <a href="${escapeHtml(input.signUpHref)}">Create an account</a></p>`,
  });
}

/** The sign-up page, each refusal shown next to its field. */
export function signUpPage(input: {
  action: string;
  signInHref: string;
  values?: { name?: string; email?: string };
  errors?: Partial<Record<AccountField, string>>;
}): string {
  const errors = input.errors ?? {};
  return renderPage({
    heading: 'Create your AIM account',
    body: `<form method="post" action="${escapeHtml(input.action)}" novalidate>
${field({ id: 'name', label: 'Name', type: 'text', autocomplete: 'name', value: input.values?.name ?? '', error: errors.name })}
${field({ id: 'email', label: 'Email', type: 'email', autocomplete: 'email', value: input.values?.email ?? '', error: errors.email })}
${field({ id: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', error: errors.password, hint: `At least ${PASSWORD_MIN_LENGTH} characters.` })}
<button type="submit">Create account</button>
</form>
<p class="alternative">Already have an account? <a href="${escapeHtml(input.signInHref)}">Sign in with your account</a></p>`,
  });
}

/** Sign-out confirmation; `providerForm` is oidc-provider's hidden form (it carries the anti-forgery value). */
export function signOutPage(providerForm: string): string {
  return renderPage({
    heading: 'Sign out of AIM?',
    body: `${providerForm}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  });
}

export function signedOutPage(): string {
  return renderPage({ heading: 'You are signed out', body: '<p>You have signed out of AIM. You can close this tab.</p>' });
}

/** Errors show their OAuth code and description only: never a stack trace or internal detail. */
export function errorPage(input: { error: string; description?: string | undefined }): string {
  return renderPage({
    heading: 'Something went wrong',
    body: `<p role="alert">${escapeHtml(input.description ?? 'The request could not be completed.')}</p>
<p>Error code: <code>${escapeHtml(input.error)}</code></p>
<p>Go back to AIM and start again.</p>`,
  });
}
