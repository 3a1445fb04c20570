/**
 * Calibration of the synthetic population (the demo data and the reference population,
 * docs/benchmarks.md): what it is made to resemble. Each target
 * names the published figure that measures it, taken from the domain brief
 * (/work/shared/domain/agent-identity-brief.md, section 3). The figures count
 * organisations (survey respondents), self-reported and mostly vendor-commissioned: good
 * enough to make synthetic cohorts plausible, never to be read as real benchmark figures
 * (the data is marked synthetic, or reference). A domain no figure measures is marked as an assumption.
 */
export interface LowShareTarget {
  /** Share of organisations whose domain score is below 2.5 (at most "Emerging"). */
  share: number;
  /** `figure`: a survey figure measures this domain; `assumption`: none does, see `source`. */
  basis: 'figure' | 'assumption';
  source: string;
}

/**
 * No figure measures these domains; the cross-domain one stands in: 57% of organisations
 * have no formal agent controls (Arkose Labs 2026, n=300), in line with SailPoint 2025
 * (44% have agent policies, so 56% have none).
 */
const NO_FORMAL_CONTROLS = 0.57;
const assumed = (why: string): LowShareTarget => ({
  share: NO_FORMAL_CONTROLS,
  basis: 'assumption',
  source: `assumption: ${why}; the cross-domain figure stands in (Arkose Labs 2026, n=300: 57% have no formal agent controls)`,
});

export const LOW_SHARE: Record<string, LowShareTarget> = {
  // Attribution is part of this domain (brief, D1).
  'identity-separation': {
    share: 0.68,
    basis: 'figure',
    source:
      "CSA/Aembit, Identity and Access Gaps in the Age of Autonomous AI (n=228, Jan 2026): 68% of organisations can't clearly tell agent actions from human actions",
  },
  // Corroborated by the same survey: only 22% apply access frameworks to agents "very consistently".
  'access-scoping': { share: 0.74, basis: 'figure', source: 'CSA/Aembit (Jan 2026): 74% of organisations say agents get more access than they need' },
  auditing: { share: 0.48, basis: 'figure', source: "SailPoint (2025): 52% of organisations can track and audit agents' data, so 48% cannot" },
  // Formal decommissioning is a "Defined" practice of this domain (agent-decommissioning, level 3).
  'inventory-ownership': {
    share: 0.79,
    basis: 'figure',
    source: 'CSA/Token Security, Autonomous but Not Controlled (n=418, Jan 2026): 21% of organisations have formal decommissioning',
  },
  // CSA/Aembit's 43% (organisations that use shared service accounts for agents) is about identity separation, not this domain.
  'credential-lifecycle': assumed('no survey measures credential lifetime, rotation or revocation for agents'),
  'human-oversight': assumed('no survey measures approval of agent actions'),
  // CSA/Token Security's 16% who monitor continuously measures one practice at level 4 and above: QUESTION_TARGETS.
  'runtime-containment': assumed('no survey measures containment as a whole'),
};

/** Share of organisations answering a question at `atLeast` or above, where a figure measures one practice. */
export const QUESTION_TARGETS: { question: string; atLeast: number; share: number; source: string }[] = [
  {
    question: 'behaviour-monitoring',
    atLeast: 4,
    share: 0.16,
    source: 'CSA/Token Security (Jan 2026): 16% of organisations monitor agents continuously (automated detection and above)',
  },
];

/** Domains of other questionnaires (or new ones) take the cross-domain assumption. */
export const lowShareOf = (domain: string) => LOW_SHARE[domain]?.share ?? NO_FORMAL_CONTROLS;

/**
 * How strongly each domain follows the organisation's latent maturity (a loading in
 * [0, 1)). An assumption, since no survey publishes how its figures co-vary: an
 * organisation weak in one area tends to be weak in the others, yet its domains still
 * differ. With 0.75, domain scores correlate at about 0.4 (scripts/demo/answers.test.ts checks it).
 */
export const LATENT_LOADING = 0.75;

/**
 * How far above "Defined" the answers of a strong domain go: positions in its top three
 * fifths are drawn as u^HIGH_SKEW, so level 3 is the most common, level 5 rare (about 7%
 * of answers). Fitted so that about 16% answer behaviour monitoring at level 4 or above
 * (QUESTION_TARGETS), which keeps overall level 5 practically absent (target: at most 1%
 * of organisations): level 5 means decided per request, automated and continuously
 * verified in every domain, while only 16% monitor continuously in the one practice asked.
 */
export const HIGH_SKEW = 4.5;
