/**
 * What clients were told: every answer save that got a 2xx, with the answers the
 * response acknowledged. `verify` reads every assessment and its audit trail back and
 * names each acknowledged answer that is missing or was silently replaced by an older
 * one, and each acknowledged save without its audit event. Used by `npm run bench:load`
 * and by the fault tests (test/faults).
 *
 * Each save carries a comment with a unique attempt number, so an answer that a save
 * without a 2xx may still have written (a timeout after the commit) is told apart from
 * a lost one: the stored answer must be the acknowledged one or come from a later attempt.
 */
import { hashOf } from '../functions/services/hashing';
import type { JsonClient } from './load-http';

interface StoredAnswerView {
  value?: unknown;
  comment?: string;
  revision: number;
  [field: string]: unknown;
}

interface AckedSave {
  attempt: number;
  revision: number;
  /** The touched questions as the response returned them (with who/when/revision). */
  answers: Record<string, StoredAnswerView>;
}

interface Tracked {
  token: string;
  saves: AckedSave[];
}

export interface LedgerReport {
  assessments: number;
  acknowledgedSaves: number;
  checkedAnswers: number;
  lost: string[];
  missingAuditEvents: string[];
}

const ATTEMPT = /attempt (\d+)/;

export class AnswerLedger {
  private readonly assessments = new Map<string, Tracked>();
  private attempts = 0;

  /** A unique attempt number and the comment that carries it. */
  nextAttempt(): { attempt: number; comment: string } {
    const attempt = ++this.attempts;
    return { attempt, comment: `load attempt ${attempt}` };
  }

  track(assessmentId: string, token: string): void {
    if (!this.assessments.has(assessmentId)) this.assessments.set(assessmentId, { token, saves: [] });
  }

  /** Records a 2xx save: `touched` are the questions it changed, `body` the assessment it returned. */
  acknowledge(assessmentId: string, attempt: number, touched: readonly string[], body: { revision: number; answers: Record<string, StoredAnswerView> }): void {
    const tracked = this.assessments.get(assessmentId);
    if (!tracked) throw new Error(`assessment ${assessmentId} is not tracked`);
    tracked.saves.push({ attempt, revision: body.revision, answers: Object.fromEntries(touched.map((q) => [q, body.answers[q]!])) });
  }

  get acknowledgedSaves(): number {
    let n = 0;
    for (const t of this.assessments.values()) n += t.saves.length;
    return n;
  }

  private async auditHashes(api: JsonClient, token: string, assessmentId: string, cache: Map<string, Set<string>>): Promise<Set<string>> {
    if (!cache.has(token)) {
      const hashes = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await api.get(`/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`, token);
        if (page.status !== 200) throw new Error(`reading the audit trail answered ${page.status}: ${JSON.stringify(page.body)}`);
        for (const event of page.body.events) if (event.operation === 'assessment.answer') hashes.add(`${event.target.id}:${event.afterHash}`);
        cursor = page.body.next;
      } while (cursor);
      cache.set(token, hashes);
    }
    return new Set([...cache.get(token)!].filter((h) => h.startsWith(`${assessmentId}:`)));
  }

  async verify(api: JsonClient): Promise<LedgerReport> {
    const report: LedgerReport = { assessments: 0, acknowledgedSaves: 0, checkedAnswers: 0, lost: [], missingAuditEvents: [] };
    const audit = new Map<string, Set<string>>();
    for (const [assessmentId, tracked] of this.assessments) {
      if (tracked.saves.length === 0) continue;
      report.assessments++;
      report.acknowledgedSaves += tracked.saves.length;
      const stored = await api.get(`/v1/assessments/${assessmentId}`, tracked.token);
      if (stored.status !== 200) {
        report.lost.push(`${assessmentId}: reading it back answered ${stored.status}`);
        continue;
      }
      // The last acknowledged answer of each question.
      const last = new Map<string, { attempt: number; answer: StoredAnswerView }>();
      for (const save of tracked.saves)
        for (const [q, answer] of Object.entries(save.answers)) if ((last.get(q)?.attempt ?? -1) < save.attempt) last.set(q, { attempt: save.attempt, answer });
      for (const [q, { attempt, answer }] of last) {
        report.checkedAnswers++;
        const now = stored.body.answers?.[q] as StoredAnswerView | undefined;
        const nowAttempt = Number(ATTEMPT.exec(now?.comment ?? '')?.[1] ?? -1);
        const same = now !== undefined && hashOf(now) === hashOf(answer);
        if (!same && !(now && now.revision > answer.revision && nowAttempt > attempt))
          report.lost.push(`${assessmentId} ${q}: acknowledged ${JSON.stringify(answer)}, stored ${JSON.stringify(now)}`);
      }
      const hashes = await this.auditHashes(api, tracked.token, assessmentId, audit);
      for (const save of tracked.saves)
        if (!hashes.has(`${assessmentId}:${hashOf(save.answers)}`))
          report.missingAuditEvents.push(`${assessmentId} revision ${save.revision} (attempt ${save.attempt})`);
    }
    return report;
  }
}
