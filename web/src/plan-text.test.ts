import { describe, expect, it } from 'vitest';
import { formatDate } from './format';
import {
  checkItemDraft,
  dueText,
  itemChanges,
  latestSubmissions,
  ownerText,
  planSummaryText,
  type PlanItemValues,
  STATUS_CHOICES,
  statusLabel,
  statusNotes,
  todayUtc,
} from './plan-text';

const summary = { planned: 3, inProgress: 1, done: 2, wontDo: 1, achieved: 4, open: 4, overdue: 1 };

describe('plan wording', () => {
  it('names every status, and offers only the ones a person sets', () => {
    expect(['planned', 'in_progress', 'done', 'wont_do', 'achieved'].map((s) => statusLabel(s as never))).toEqual([
      'Planned',
      'In progress',
      'Done',
      "Won't do",
      'Achieved',
    ]);
    expect(STATUS_CHOICES).toEqual(['planned', 'in_progress', 'done', 'wont_do']);
  });

  it('sums a plan up in one sentence, overdue ones only when there are any', () => {
    expect(planSummaryText(summary)).toBe("4 open (1 overdue), 2 done, 4 achieved, 1 won't do.");
    expect(planSummaryText({ ...summary, overdue: 0, open: 1, done: 1, achieved: 0, wontDo: 0 })).toBe("1 open, 1 done, 0 achieved, 0 won't do.");
  });

  it('says when an item is due, and that an open one is overdue once the day has passed', () => {
    expect(dueText(null, 'planned', '2027-01-10')).toBe('No due date');
    expect(dueText('2027-01-10', 'planned', '2027-01-10')).toBe('Due 10 Jan 2027');
    expect(dueText('2027-01-09', 'in_progress', '2027-01-10')).toBe('Overdue: was due 9 Jan 2027');
    expect(dueText('2027-01-09', 'done', '2027-01-10')).toBe('Was due 9 Jan 2027');
    expect(dueText('2027-01-09', 'wont_do', '2027-01-10')).toBe('Was due 9 Jan 2027');
  });

  it('names the owner, or says there is none yet', () => {
    expect(ownerText(null)).toBe('Nobody yet');
    expect(ownerText({ type: 'person', id: 'p1', name: 'Rae Respondent' })).toBe('Rae Respondent');
    expect(ownerText({ type: 'agent', id: 'a1', name: 'Sync bot' })).toBe('Sync bot (agent)');
  });

  it("adds where an item was achieved, and that a done item's control is still recommended", () => {
    const when = (id: string) => (id === 'a2' ? '2027-02-01T10:00:00Z' : null);
    expect(statusNotes({ status: 'achieved', achievedIn: 'a2', stillRecommended: false }, when)).toEqual([
      `Achieved in the submission of ${formatDate('2027-02-01T10:00:00Z')}`,
    ]);
    expect(statusNotes({ status: 'achieved', achievedIn: 'a9', stillRecommended: false }, when)).toEqual(['Achieved in a later submission']);
    expect(statusNotes({ status: 'done', achievedIn: null, stillRecommended: true }, when)).toEqual(['Still recommended by the latest answers']);
    expect(statusNotes({ status: 'done', achievedIn: null, stillRecommended: false }, when)).toEqual([]);
    expect(statusNotes({ status: 'planned', achievedIn: null, stillRecommended: true }, when)).toEqual([]);
  });

  it('gives the UTC day', () => {
    expect(todayUtc(new Date('2027-03-01T23:30:00-05:00'))).toBe('2027-03-02');
  });
});

describe('item edits', () => {
  const base: PlanItemValues = { owner: null, dueDate: null, status: 'planned', wontDoReason: null, notes: null };

  it('says what changed between two versions of an item', () => {
    const after: PlanItemValues = {
      owner: { type: 'person', id: 'p1', name: 'Rae Respondent' },
      dueDate: '2027-06-30',
      status: 'in_progress',
      wontDoReason: null,
      notes: 'Started',
    };
    expect(itemChanges(base, after)).toEqual([
      'Owner: Nobody yet → Rae Respondent',
      'Due date: none → 30 Jun 2027',
      'Status: Planned → In progress',
      'Notes added',
    ]);
    expect(itemChanges(after, { ...after, status: 'wont_do', wontDoReason: 'Out of scope', notes: 'Other' })).toEqual([
      "Status: In progress → Won't do",
      'Reason: Out of scope',
      'Notes changed',
    ]);
    expect(itemChanges(after, { ...after, notes: null })).toEqual(['Notes removed']);
    expect(itemChanges(base, base)).toEqual(['No change']);
  });

  it('checks a draft before sending: a real due date, a reason with won’t do, lengths', () => {
    expect(checkItemDraft({ dueDate: '', status: 'planned', wontDoReason: '', notes: '' })).toEqual({});
    expect(checkItemDraft({ dueDate: '2027-02-30', status: 'planned', wontDoReason: '', notes: '' })).toEqual({
      dueDate: 'Enter a date that exists, for example 2027-06-30.',
    });
    expect(checkItemDraft({ dueDate: '', status: 'wont_do', wontDoReason: '  ', notes: '' })).toEqual({
      wontDoReason: "Say why the item won't be done.",
    });
    expect(checkItemDraft({ dueDate: '', status: 'done', wontDoReason: '', notes: 'x'.repeat(2001) })).toEqual({
      notes: 'Keep the notes to 2000 characters or fewer.',
    });
  });
});

describe('latestSubmissions', () => {
  it("keeps each questionnaire's newest submission, most recent first, and leaves drafts out", () => {
    expect(
      latestSubmissions([
        { id: 'a1', questionnaireId: 'q1', status: 'submitted', submittedAt: '2027-01-01T00:00:00Z' },
        { id: 'a2', questionnaireId: 'q1', status: 'submitted', submittedAt: '2027-03-01T00:00:00Z' },
        { id: 'a3', questionnaireId: 'q2', status: 'submitted', submittedAt: '2027-02-01T00:00:00Z' },
        { id: 'a4', questionnaireId: 'q2', status: 'draft' },
        { id: 'a5', questionnaireId: 'q3', status: 'draft' },
      ]),
    ).toEqual([
      { id: 'a2', questionnaireId: 'q1', submittedAt: '2027-03-01T00:00:00Z' },
      { id: 'a3', questionnaireId: 'q2', submittedAt: '2027-02-01T00:00:00Z' },
    ]);
    expect(latestSubmissions([])).toEqual([]);
  });
});
