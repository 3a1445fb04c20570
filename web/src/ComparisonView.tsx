/**
 * Two submissions side by side (issue 19): the overall and per-domain scores and levels with
 * each change in words and as a signed figure, the answers that changed (before → after, who
 * changed them and when), the plan items closed between the two, and the movement against
 * the median of the organisation's own cohort, or why it is not shown.
 */
import { useId } from 'react';
import { type Comparison, levelName } from './api';
import { DataTable } from './DataTable';
import { describeActor, formatDateTime, score2 } from './format';
import { changeText, movementSentence } from './progress-text';

type Side = Comparison['from'];
type ScoreLevel = NonNullable<Comparison['overall']['from']>;

const sideName = (side: Side) => side.milestone?.name ?? `Submission of ${formatDateTime(side.submittedAt)}`;
const scoreText = (s: ScoreLevel | null) => (s ? `${score2(s.score)}, level ${s.level} ${levelName(s.level)}` : 'not in this version');

/** The change with the level's move where there is one: "up 0.40 (+0.40); level 2 → 3". */
function changeCell(c: Comparison['overall']) {
  const levels = c.from && c.to && c.from.level !== c.to.level ? `; level ${c.from.level} → ${c.to.level}` : '';
  return `${changeText(c.change)}${levels}`;
}

const answerText = (a: { text: string; level: number | null } | null) => (a ? `${a.text}${a.level !== null ? ` (level ${a.level})` : ''}` : 'No answer');

export function ComparisonView({ comparison }: { comparison: Comparison }) {
  const id = useId();
  const { from, to } = comparison;
  return (
    <div className="comparison" data-testid="comparison">
      <dl className="comparison-sides">
        {(
          [
            ['Earlier', from],
            ['Later', to],
          ] as const
        ).map(([label, side]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={`comparison-${label === 'Earlier' ? 'from' : 'to'}`}>
              <strong>{sideName(side)}</strong>
              <span className="hint">
                {' '}
                · submitted {formatDateTime(side.submittedAt)}
                {side.submittedBy ? ` by ${describeActor(side.submittedBy)}` : ''} · version {side.version}
              </span>
            </dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby={`${id}-scores`}>
        <h2 id={`${id}-scores`}>Scores</h2>
        <p data-testid="comparison-overall">
          Overall: {scoreText(comparison.overall.from)} → {scoreText(comparison.overall.to)}, <strong>{changeCell(comparison.overall)}</strong>.
        </p>
        <DataTable
          labelledBy={`${id}-scores`}
          className="comparison-table"
          columns={[{ label: 'Domain' }, { label: sideName(from) }, { label: sideName(to) }, { label: 'Change' }]}
        >
          <tbody>
            <tr data-testid="comparison-row">
              <th scope="row">Overall</th>
              <td>{scoreText(comparison.overall.from)}</td>
              <td>{scoreText(comparison.overall.to)}</td>
              <td>{changeCell(comparison.overall)}</td>
            </tr>
            {comparison.domains.map((d) => (
              <tr key={d.id} data-testid="comparison-row">
                <th scope="row">{d.title}</th>
                <td>{scoreText(d.from)}</td>
                <td>{scoreText(d.to)}</td>
                <td>{changeCell(d)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <section aria-labelledby={`${id}-answers`}>
        <h2 id={`${id}-answers`}>Answers that changed</h2>
        {comparison.changedAnswers.length === 0 ? (
          <p>No answer changed between these submissions.</p>
        ) : (
          <>
            <p className="hint">
              {comparison.changedAnswers.length} {comparison.changedAnswers.length === 1 ? 'answer' : 'answers'}, in the questionnaire's order.
            </p>
            <ol className="changed-answers">
              {comparison.changedAnswers.map((a) => (
                <li key={a.questionId} data-testid="changed-answer">
                  <p className="changed-prompt">
                    <strong>{a.prompt}</strong>
                  </p>
                  <p>
                    <span className="visually-hidden">Before: </span>
                    {answerText(a.from)} <span aria-hidden="true">→</span>
                    <span className="visually-hidden">, after: </span> {answerText(a.to)}
                  </p>
                  <p className="hint">
                    {a.changedBy ? `Changed by ${describeActor(a.changedBy)}` : 'Changed'}
                    {a.changedAt ? ` on ${formatDateTime(a.changedAt)}` : ''}
                  </p>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby={`${id}-plan`}>
        <h2 id={`${id}-plan`}>Plan items completed between them</h2>
        {comparison.completedPlanItems.length === 0 ? (
          <p>No plan item was done or achieved between these submissions.</p>
        ) : (
          <ul className="completed-items">
            {comparison.completedPlanItems.map((item) => (
              <li key={item.controlId} data-testid="completed-item">
                <strong>{item.title}</strong>
                <span className="hint">
                  {' '}
                  · {item.status === 'achieved' ? 'Achieved (the answers now meet the level)' : 'Done'} on {formatDateTime(item.completedAt)} · owner:{' '}
                  {item.owner ? item.owner.name : 'nobody assigned'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${id}-cohort`}>
        <h2 id={`${id}-cohort`}>Against the cohort</h2>
        <p data-testid="comparison-cohort">{movementSentence(comparison.cohort)}</p>
      </section>
    </div>
  );
}
