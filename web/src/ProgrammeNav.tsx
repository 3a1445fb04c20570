/**
 * The programme pages (issue 19): targets, the improvement plan, progress and scopes sit under the
 * one "Programme" link of the header, and this sub-navigation moves between them.
 */
export type ProgrammePage = 'targets' | 'plan' | 'progress' | 'scopes';

const LINKS: { page: ProgrammePage; href: string; label: string }[] = [
  { page: 'targets', href: '#/targets', label: 'Targets' },
  { page: 'plan', href: '#/plan', label: 'Plan' },
  { page: 'progress', href: '#/progress', label: 'Progress' },
  { page: 'scopes', href: '#/scopes', label: 'Scopes' },
];

/** The pages the header's "Programme" link stands for: it is current on each of them. */
export const PROGRAMME_PAGES: readonly string[] = LINKS.map((l) => l.page);

export function ProgrammeNav({ current }: { current: ProgrammePage }) {
  return (
    <nav aria-label="Programme" className="programme-nav">
      <ul>
        {LINKS.map((l) => (
          <li key={l.page}>
            <a href={l.href} aria-current={l.page === current ? 'page' : undefined}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
