/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export const PRODUCT_TITLE = 'AIM local sign-in (embedded OpenID Provider)';

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { margin: 0; padding: 2rem 1rem; }
  main { max-width: 26rem; margin: 0 auto; }
  .product { font-size: 0.875rem; opacity: 0.8; margin: 0 0 0.5rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  form { display: grid; gap: 0.25rem; }
  label { font-weight: 600; margin-top: 0.75rem; }
  input { font: inherit; padding: 0.5rem; border: 1px solid #767676; border-radius: 4px; }
  input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
  input[aria-invalid="true"] { border-color: #c01c28; border-width: 2px; }
  .hint { font-size: 0.875rem; margin: 0; }
  .error { color: #c01c28; font-weight: 600; margin: 0.25rem 0; }
  @media (prefers-color-scheme: dark) { .error { color: #ff7b72; } input:focus-visible, button:focus-visible, a:focus-visible { outline-color: #99c1f1; } }
  button { font: inherit; font-weight: 600; margin-top: 1.25rem; padding: 0.6rem 1rem; border: 0; border-radius: 4px; background: #1a5fb4; color: #fff; cursor: pointer; }
  button.secondary { background: transparent; color: inherit; border: 1px solid #767676; margin-top: 0.5rem; }
  .alternative { margin-top: 1.5rem; }
`;

/** A whole page: the same look for sign-in, sign-up, sign-out and errors. */
export function renderPage({ heading, body }: { heading: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)} · ${escapeHtml(PRODUCT_TITLE)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="product">${escapeHtml(PRODUCT_TITLE)}</p>
<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>
`;
}

/**
 * The pages need no script and no outside resource. form-action also lists the clients'
 * origins: browsers apply it to the redirects that follow a form POST, and after signing in
 * or out the provider redirects to the client.
 */
export function contentSecurityPolicy(formTargetOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `form-action 'self' ${formTargetOrigins.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function pageHeaders(formTargetOrigins: readonly string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(formTargetOrigins),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}
