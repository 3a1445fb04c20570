/**
 * Demo data calibration: the share of organisations answering at the low end of each
 * domain, taken from the published figures collected in the domain brief
 * (/work/shared/domain/agent-identity-brief.md, section 3). They are self-reported,
 * mostly vendor-commissioned surveys: good enough to make demo cohorts look plausible,
 * never to be read as real benchmark figures (the data is marked synthetic).
 */
export const LOW_SHARE: Record<string, { share: number; source: string }> = {
  'identity-separation': {
    share: 0.68,
    source: "CSA/Aembit, Identity and Access Gaps in the Age of Autonomous AI (n=228, Jan 2026): 68% can't clearly tell agent actions from human actions",
  },
  'access-scoping': { share: 0.74, source: 'CSA/Aembit (Jan 2026): 74% say agents get more access than they need' },
  auditing: { share: 0.48, source: "SailPoint (2025): 52% can track and audit agents' data, so 48% cannot" },
  'inventory-ownership': { share: 0.79, source: 'CSA/Token Security, Autonomous but Not Controlled (n=418, Jan 2026): 21% have formal decommissioning' },
  'credential-lifecycle': { share: 0.43, source: 'CSA/Aembit (Jan 2026): 43% of agents use shared service accounts' },
  'human-oversight': { share: 0.57, source: 'Arkose Labs (2026, n=300): 57% have no formal agent controls' },
  'runtime-containment': { share: 0.84, source: 'CSA/Token Security (Jan 2026): 16% monitor agents continuously' },
};

/** Domains the brief gives no figure for are split evenly. */
export const lowShareOf = (domain: string) => LOW_SHARE[domain]?.share ?? 0.5;
