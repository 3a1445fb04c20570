/**
 * An answer's assurance (issue 20, docs/evidence.md, "Assurance"): a small badge,
 * "Evidence-backed" or "Self-attested", and with `detail` the evidence statement or the reason
 * for answering otherwise, as text beside it.
 */
import type { StoredAnswer } from './api';
import { assuranceLabel, isEvidenceBacked } from './assurance-text';

type Assured = Pick<StoredAnswer, 'assurance' | 'evidenceSource' | 'assuranceReason'>;

export function AssuranceBadge({ answer }: { answer: Assured }) {
  const evidence = isEvidenceBacked(answer);
  return <span className={`badge ${evidence ? 'badge-evidence' : 'badge-self-attested'}`}>{assuranceLabel(answer)}</span>;
}

/** The badge with what stands behind it: the evidence sentence, or the reason given. */
export function AssuranceDetail({ answer }: { answer: Assured }) {
  const behind = isEvidenceBacked(answer) ? answer.evidenceSource?.statement : answer.assuranceReason ? `Reason: ${answer.assuranceReason}` : undefined;
  return (
    <span className="assurance" data-assurance={answer.assurance ?? 'self-attested'}>
      <AssuranceBadge answer={answer} />
      {behind ? <span className="hint assurance-detail"> {behind}</span> : null}
    </span>
  );
}
