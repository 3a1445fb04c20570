/** Hash routing: `#/` is home, `#/assessments/<id>` an assessment, so a reload resumes in place. */
export type Route = { page: 'home' } | { page: 'assessment'; id: string };

export function parseHash(hash: string): Route {
  const m = /^#\/assessments\/([^/?#]+)/.exec(hash);
  return m?.[1] ? { page: 'assessment', id: decodeURIComponent(m[1]) } : { page: 'home' };
}

export function navigate(path: string) {
  window.location.hash = path;
}
