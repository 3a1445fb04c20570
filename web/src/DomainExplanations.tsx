/**
 * Per domain, what the PDF report's domain page says (docs/reports.md): what the level
 * means, what the next level asks for, the caps, the answers holding the domain back and
 * its place in the ranking of controls. All of it from report.json.
 */
import { useId } from 'react';
import type { ReportModel } from './api';
import { score2 } from './format';
import { scoreSentence } from './level-rule';

type Domain = ReportModel['domains'][number];
type Holding = Domain['holdingBack'][number];

function levelText(row: Holding): string {
  const level = row.level === undefined ? 'unanswered, counts as 0' : `level ${row.level}`;
  return row.capLevel !== undefined ? `${level}, caps the domain at ${row.capLevel}` : level;
}

function essentialText(row: Holding): string | null {
  const held = row.essentialMissing;
  if (!held || row.level === undefined) return null;
  return `Held at ${row.level}: ${held.labels.map((l) => `“${l}”`).join(' and ')} not ticked (the highest action ticked shows level ${held.unheldLevel})`;
}

function DomainExplanation({ domain, method, rank, titles }: { domain: Domain; method: number; rank: Map<string, number>; titles: Map<string, string> }) {
  return (
    <details className="domain-explanation" data-testid={`domain-explanation-${domain.id}`}>
      <summary>
        {domain.title}: level {domain.level} {domain.levelName}, score {score2(domain.score)}
      </summary>
      <p className="hint">{scoreSentence(domain.score, domain.level, method, 'domain')}</p>
      <h3>What level {domain.level} means here</h3>
      <p>{domain.levelDescription}</p>
      {domain.nextLevelDescription !== undefined ? (
        <>
          <h3>To reach level {domain.level + 1}</h3>
          <p>{domain.nextLevelDescription}</p>
        </>
      ) : null}
      {domain.caps.map((cap) => (
        <p key={`${cap.questionId}-${cap.maxLevel}`} className="cap-note">
          <strong>Capped at level {cap.maxLevel}</strong> by “{cap.prompt}”: {cap.reason}
        </p>
      ))}
      <h3>Answers holding it back</h3>
      {domain.holdingBack.length === 0 ? (
        <p>{domain.nextLevel === undefined ? 'This domain is at the top level.' : 'No single answer holds this domain below the next level.'}</p>
      ) : (
        <ul className="holding-back">
          {domain.holdingBack.map((row) => {
            const essential = essentialText(row);
            return (
              <li key={row.questionId}>
                {row.prompt} <span className="answer-given">Answer: {row.answer}</span> <span className="hint">({levelText(row)})</span>
                {essential ? <span className="hint essential-missing">{essential}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      {domain.controlIds.length ? (
        <p className="hint">
          Recommended controls for this domain, by their number in the list below:{' '}
          {domain.controlIds.map((cid) => `${rank.get(cid) ?? '–'}. ${titles.get(cid) ?? cid}`).join('; ')}.
        </p>
      ) : null}
    </details>
  );
}

export function DomainExplanations({ report }: { report: ReportModel }) {
  const id = useId();
  const rank = new Map(report.recommendations.map((c, i) => [c.id, i + 1]));
  const titles = new Map(report.recommendations.map((c) => [c.id, c.title]));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>What each domain's level means, and how to reach the next</h2>
      <p className="hint">As on the domain pages of the PDF report. Open a domain to read it.</p>
      {report.domains.map((d) => (
        <DomainExplanation key={d.id} domain={d} method={report.overall.method} rank={rank} titles={titles} />
      ))}
    </section>
  );
}
