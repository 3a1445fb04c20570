/**
 * Scores over time against target (issue 19): the overall score of every submission, oldest
 * first, each point labelled by its milestone or its day, with the overall target as a dashed
 * line; then the same figures as a table with each domain's level against its target.
 * Inline SVG like TrendChart (shapes and dashes, not colour alone).
 */
import { useId } from 'react';
import { type Domain, levelName, type ProgressPoint, type Targets } from './api';
import { DataTable } from './DataTable';
import { formatDateTime, score2 } from './format';
import { domainsMeetingTargets, pointLabels, shortLabel } from './progress-text';
import { formatTargetDate } from './targets-text';

const H = 180;
const TOP = 10;
const BOTTOM = 28;
const y = (score: number) => TOP + (1 - Math.max(0, Math.min(5, score)) / 5) * (H - TOP - BOTTOM);

/** The overall target in words: "Overall target: level 3 Defined by 30 Jun 2027". */
export const overallTargetText = (targets: Targets) =>
  targets.overall ? `Overall target: level ${targets.overall} ${levelName(targets.overall)} by ${formatTargetDate(targets.targetDate)}` : null;

export function ProgressScores({ points, targets, domains }: { points: ProgressPoint[]; targets: Targets | null; domains: Domain[] }) {
  const id = useId();
  const labels = pointLabels(points);
  const n = points.length;
  const x = (i: number) => `${n === 1 ? 50 : 8 + (i / (n - 1)) * 84}%`;
  const target = targets?.overall ?? null;
  const targetText = targets ? overallTargetText(targets) : null;
  // Column per domain: the latest questionnaire's order, then any domain only earlier submissions have.
  const ids = [...new Set([...domains.map((d) => d.id), ...points.flatMap((p) => Object.keys(p.domains))])];
  const title = (domainId: string) => domains.find((d) => d.id === domainId)?.title ?? domainId;
  const domainTargets = targets?.domains ?? {};
  const summary = `Overall score by submission: ${points.map((p, i) => `${labels[i]} ${score2(p.overall.score)}`).join(', ')}. ${
    targetText ? `${targetText}, drawn at a score of ${score2(target ?? 0)}.` : 'No overall target is set.'
  }`;
  return (
    <>
      <figure className="trend-chart progress-chart" aria-labelledby={`${id}-title`}>
        <figcaption id={`${id}-title`}>Overall score by submission</figcaption>
        <svg width="100%" height={H} role="img" aria-label={summary} focusable="false">
          {[0, 1, 2, 3, 4, 5].map((t) => (
            <g key={t}>
              <line x1="6%" x2="100%" y1={y(t)} y2={y(t)} className="grid" />
              <text x="0" y={y(t) + 4} className="tick">
                {t}
              </text>
            </g>
          ))}
          {target ? <line x1="6%" x2="100%" y1={y(target)} y2={y(target)} className="target-line" /> : null}
          {points.slice(1).map((p, i) => (
            <line
              key={`${points[i]!.assessmentId}-${p.assessmentId}`}
              x1={x(i)}
              x2={x(i + 1)}
              y1={y(points[i]!.overall.score)}
              y2={y(p.overall.score)}
              className="trend-line"
            />
          ))}
          {points.map((p, i) => (
            <g key={p.assessmentId}>
              <circle cx={x(i)} cy={y(p.overall.score)} r={5} className="trend-point" />
              <text x={x(i)} y={H - 8} textAnchor={n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'} className="tick">
                {shortLabel(labels[i]!, n > 3 ? 10 : 18)}
              </text>
            </g>
          ))}
        </svg>
        <ul className="legend" aria-hidden="true">
          <li>
            <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
              <line x1="2" x2="28" y1="8" y2="8" className="trend-line" />
              <circle cx="15" cy="8" r="4" className="trend-point" />
            </svg>
            Overall score
          </li>
          {targetText ? (
            <li>
              <svg viewBox="0 0 30 16" aria-hidden="true" focusable="false">
                <line x1="2" x2="28" y1="8" y2="8" className="target-line" />
              </svg>
              {targetText}
            </li>
          ) : null}
        </ul>
      </figure>
      {targetText ? null : (
        <p className="hint">
          No overall target is set{targets ? '' : ', nor any domain target'}. <a href="#/targets">Set targets</a> to see the scores against them.
        </p>
      )}
      <DataTable
        caption="Scores by submission"
        className="progress-table"
        columns={[
          { label: 'Submission' },
          { label: 'Milestone' },
          { label: 'Overall' },
          { label: 'Domains at target' },
          ...ids.map((domainId) => ({ label: title(domainId) })),
        ]}
      >
        <tbody>
          {points.map((p, i) => (
            <tr key={p.assessmentId} data-testid="progress-row">
              <th scope="row">
                {labels[i]}
                <span className="hint table-date"> {formatDateTime(p.submittedAt)}</span>
              </th>
              <td>{p.milestone ? p.milestone.name : <span className="hint">None</span>}</td>
              <td>
                {score2(p.overall.score)}, level {p.overall.level} {levelName(p.overall.level)}
              </td>
              <td>{domainsMeetingTargets(p.domains, domainTargets).text}</td>
              {ids.map((domainId) => {
                const got = p.domains[domainId];
                const aim = domainTargets[domainId];
                return <td key={domainId}>{got ? (aim ? `${got.level} of ${aim}` : String(got.level)) : '–'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </DataTable>
      <p className="hint">Each domain's cell gives its level, then its target where one is set: "3 of 4" is level 3 against a target of 4.</p>
    </>
  );
}
