/**
 * Hash routing. The URL names the page and, in a questionnaire, the domain and the
 * question last worked on, so a reload (or a bookmark) resumes exactly there.
 *
 *   #/                                  home
 *   #/join/<code>                       accept an invitation
 *   #/sign-in-failed/<code>             signing in did not succeed (the server sends the browser here)
 *   #/assessments/<id>[/<domain>[/<question>]]
 *   #/assessments/<id>/review          a draft's answers, reviewed before the final submit
 *   #/audit  #/access  #/cohorts  #/verification  #/targets
 *   #/plan                              the improvement plan (issue 19)
 *   #/progress                          scores and the plan over time, milestones (issue 19)
 *   #/progress/compare/<from>/<to>     two submissions compared
 *   #/scopes                            scopes and their roll-up (issue 19)
 */
export type Route =
  | { page: 'home' }
  | { page: 'join'; code: string }
  | { page: 'sign-in-failed'; code: string }
  | { page: 'assessment'; id: string; domain?: string; question?: string }
  | { page: 'audit' }
  | { page: 'access' }
  | { page: 'cohorts' }
  | { page: 'verification' }
  | { page: 'targets' }
  | { page: 'plan' }
  | { page: 'scopes' }
  | { page: 'progress'; compare?: { from: string; to: string } };

const dec = (s: string | undefined) => (s ? decodeURIComponent(s) : undefined);

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split(/[?]/)[0]!.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'join':
      return parts[1] ? { page: 'join', code: dec(parts[1])! } : { page: 'home' };
    case 'sign-in-failed':
      return { page: 'sign-in-failed', code: dec(parts[1]) ?? 'sign_in_failed' };
    case 'assessments': {
      if (!parts[1]) return { page: 'home' };
      const route: Route = { page: 'assessment', id: dec(parts[1])! };
      if (parts[2]) route.domain = dec(parts[2]);
      if (parts[3]) route.question = dec(parts[3]);
      return route;
    }
    case 'audit':
      return { page: 'audit' };
    case 'access':
      return { page: 'access' };
    case 'cohorts':
      return { page: 'cohorts' };
    case 'verification':
      return { page: 'verification' };
    case 'targets':
      return { page: 'targets' };
    case 'progress':
      return parts[1] === 'compare' && parts[2] && parts[3]
        ? { page: 'progress', compare: { from: dec(parts[2])!, to: dec(parts[3])! } }
        : { page: 'progress' };
    case 'plan':
      return { page: 'plan' };
    case 'scopes':
      return { page: 'scopes' };
    default:
      return { page: 'home' };
  }
}

export function assessmentPath(id: string, domain?: string, question?: string): string {
  return ['', 'assessments', id, domain, question]
    .filter((p) => p !== undefined)
    .map((p, i) => (i === 0 ? p : encodeURIComponent(p!)))
    .join('/');
}

/**
 * The review page's segment, in the place of a domain: the assessment page reads it as the
 * review (App.tsx passes it on as `domain`); no questionnaire names a domain so.
 */
export const REVIEW_SEGMENT = 'review';

export const reviewPath = (id: string) => assessmentPath(id, REVIEW_SEGMENT);

/** The organisation's targets (issue 19). */
export const TARGETS_PATH = '/targets';

/** Two submissions compared (issue 19): a link that reloads to the same comparison. */
export const comparePath = (from: string, to: string) => `/progress/compare/${encodeURIComponent(from)}/${encodeURIComponent(to)}`;

/** The organisation's improvement plan (issue 19). */
export const PLAN_PATH = '/plan';

export function navigate(path: string) {
  window.location.hash = path;
}

/** Records where the user is without adding a history entry or re-routing. */
export function replacePath(path: string) {
  const url = `${window.location.pathname}${window.location.search}#${path}`;
  if (window.location.hash !== `#${path}`) window.history.replaceState(window.history.state, '', url);
}

const RESUME_PREFIX = 'aim.resume.';

/** The last place worked on in an assessment, for "continue" links from home. */
export const resumeStore = {
  get: (id: string): string | null => localStorage.getItem(RESUME_PREFIX + id),
  set: (id: string, path: string) => localStorage.setItem(RESUME_PREFIX + id, path),
};
