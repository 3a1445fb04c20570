/**
 * Every recommended control in the one ranking (docs/reports.md): the order of the PDF
 * report's roadmap, grouped by when to start it. Numbers run on across the groups, so a
 * control's number is its place in the ranking.
 */
import { useId } from 'react';
import type { ReportModel } from './api';
import { score2 } from './format';

type Control = ReportModel['recommendations'][number];
type Window = Control['window'];

/** The PDF's windows 31–60 and 61–90 are one group here; each control still says which. */
const GROUPS: { title: string; windows: Window[] }[] = [
  { title: 'First 30 days', windows: [30] },
  { title: 'Days 31 to 90', windows: [60, 90] },
  { title: 'Later', windows: ['later'] },
];

/** When to start a control, as the PDF's roadmap plans it. */
export function windowText(window: Window): string {
  switch (window) {
    case 30:
      return 'first 30 days';
    case 60:
      return 'days 31 to 60';
    case 90:
      return 'days 61 to 90';
    default:
      return 'after 90 days';
  }
}

/** The step of a control split into steps, as the PDF names it (docs/reports.md). */
const STAGE: Record<string, string> = { foundational: 'Foundational step', advanced: 'Advanced step' };

export function RecommendationList({ report }: { report: ReportModel }) {
  const id = useId();
  const all = report.recommendations;
  const titles = new Map(all.map((r) => [r.id, r.title]));
  const rank = new Map(all.map((r, i) => [r.id, i + 1]));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>All recommended controls, in priority order ({all.length})</h2>
      {all.length === 0 ? (
        <p>No controls to recommend: your answers meet every control this questionnaire checks.</p>
      ) : (
        <>
          <p className="hint">
            The order of the PDF report's roadmap: a control comes after those it builds on, then the highest score gain per effort first, within what a team
            can take on in each 30 days.
          </p>
          {GROUPS.map((group) => {
            const controls = all.filter((c) => group.windows.includes(c.window));
            if (controls.length === 0) return null;
            return (
              <details key={group.title} className="roadmap-window" open>
                <summary>
                  <h3>
                    {group.title} ({controls.length})
                  </h3>
                </summary>
                <ol className="recommendations" start={rank.get(controls[0]!.id)}>
                  {controls.map((r) => (
                    <li key={r.id}>
                      <h4>
                        {r.title}
                        {r.stage ? <span className="stage"> · {STAGE[r.stage]}</span> : null}
                      </h4>
                      <p>{r.action}</p>
                      <p className="hint">
                        Effort {r.effort}, impact {r.impact}
                        {r.scoreGain > 0 ? `, +${score2(r.scoreGain)} overall at the next level` : ''}; {windowText(r.window)}. Domains:{' '}
                        {r.domains.map((d) => d.title).join(', ')}.
                      </p>
                      {r.prerequisites.length ? <p className="prerequisites">After: {r.prerequisites.map((p) => titles.get(p) ?? p).join('; ')}</p> : null}
                      {r.frameworks.length ? (
                        <details>
                          <summary>Framework references ({r.frameworks.length})</summary>
                          <ul className="frameworks">
                            {r.frameworks.map((f) => (
                              <li key={f}>{f}</li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </li>
                  ))}
                </ol>
              </details>
            );
          })}
        </>
      )}
    </section>
  );
}
