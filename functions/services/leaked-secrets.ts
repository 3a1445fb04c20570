/**
 * Leaked secrets (docs/security.md, "Leaked secrets"): text clients send AIM to store
 * (answers' comments, reasons, values and links) is refused when it holds a secret, and
 * an AIM key found there, or reported to the public leak endpoint, is revoked at once.
 * Whoever holds a key's secret may revoke it: that is all either path needs to know.
 */
import type { Principal } from '../core/access/principal';
import { DomainError, type FieldPath } from '../core/errors';
import { aimKeysIn, findSecrets, invitationCodesIn, secretLabel, type SecretKind } from '../core/secrets/patterns';
import { actorOf, auditEvent } from './audit';
import type { Actor, Invitation, TokenRecord } from './entities';
import { sha256 } from './hashing';
import type { Clock, IdSource, InvitationStore, TokenStore } from './ports';

export interface LeakedSecretDeps {
  tokens: TokenStore;
  /** Invitation codes found leaked are revoked too, when given. */
  invitations?: InvitationStore;
  clock: Clock;
  ids: IdSource;
}

/** A piece of free text a request would store, and where it is in the operation's input. */
export interface TextField {
  field: FieldPath;
  text: string;
}

/** Audit operations of the two ways a key is revoked as leaked. */
export const LEAK_OPERATIONS = {
  inText: 'token.revoke.found-in-submitted-text',
  reported: 'token.revoke.leak-report',
  invitationInText: 'invitation.revoke.found-in-submitted-text',
  invitationReported: 'invitation.revoke.leak-report',
} as const;

/** The reporter's address as the audit trail names it: a SHA-256 prefix, a pseudonym that ties reports together without storing the address. */
export const reporterOf = (clientAddress: string) => sha256(`leak-report:${clientAddress}`).slice(0, 16);

/**
 * Revokes the live AIM key whose secret this is, with an audit event in the key's
 * organisation (the platform's for platform keys); false when it is no key of AIM's or
 * already revoked. The revocation and its event commit together (TokenStore.revoke).
 */
async function revokeLeakedKey(deps: LeakedSecretDeps, secret: string, actorFor: (key: TokenRecord) => Actor, operation: string): Promise<boolean> {
  const key = await deps.tokens.findByHash(sha256(secret));
  if (!key || key.revokedAt) return false;
  const at = deps.clock.now().toISOString();
  const audit = auditEvent(deps, {
    organisationId: key.organisationId,
    actor: actorFor(key),
    operation,
    target: { type: 'token', id: key.id },
    before: { revokedAt: null },
    after: { revokedAt: at },
    at,
  });
  return deps.tokens.revoke(key.organisationId, key.id, at, audit);
}

/**
 * Revokes the pending invitation whose code this is (its holder could join the
 * organisation), with an audit event in its organisation; false when it is no pending
 * invitation of AIM's (unknown, accepted, revoked or expired), or no invitation store is given.
 */
async function revokeLeakedInvitation(deps: LeakedSecretDeps, code: string, actorFor: (invitation: Invitation) => Actor, operation: string): Promise<boolean> {
  if (!deps.invitations) return false;
  const invitation = await deps.invitations.findByHash(sha256(code));
  const at = deps.clock.now().toISOString();
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= at) return false;
  const audit = auditEvent(deps, {
    organisationId: invitation.organisationId,
    actor: actorFor(invitation),
    operation,
    target: { type: 'invitation', id: invitation.id },
    before: { revokedAt: null },
    after: { revokedAt: at },
    at,
  });
  return deps.invitations.revoke(invitation.organisationId, invitation.id, at, audit);
}

/**
 * Refuses the request (400 `secret_in_text`, naming each field) when any of its texts
 * holds a secret; the AIM keys among them are revoked first, in the caller's name, so a
 * key pasted into an answer stops working in the same request. Nothing of the request
 * is stored: the caller calls this before writing.
 */
export async function refuseSecretsInText(deps: LeakedSecretDeps, principal: Principal, fields: readonly TextField[]): Promise<void> {
  const found = fields.flatMap(({ field, text }) => {
    const kinds = [...new Set(findSecrets(text).map((s) => s.kind))];
    return kinds.length ? [{ field, text, kinds }] : [];
  });
  if (!found.length) return;
  let revoked = 0;
  for (const secret of new Set(found.flatMap(({ text }) => aimKeysIn(text))))
    if (await revokeLeakedKey(deps, secret, () => actorOf(principal), LEAK_OPERATIONS.inText)) revoked++;
  let invitations = 0;
  for (const code of new Set(found.flatMap(({ text }) => invitationCodesIn(text))))
    if (await revokeLeakedInvitation(deps, code, () => actorOf(principal), LEAK_OPERATIONS.invitationInText)) invitations++;
  const named = (kinds: SecretKind[]) => kinds.map(secretLabel).join(', ');
  const revokedWhat = [
    revoked ? `the AIM key${revoked > 1 ? 's' : ''} in it ${revoked > 1 ? 'were' : 'was'} revoked, mint a new one for whoever used it` : '',
    invitations ? `the invitation${invitations > 1 ? 's' : ''} in it ${invitations > 1 ? 'were' : 'was'} revoked, invite again` : '',
  ].filter(Boolean);
  throw new DomainError(
    'secret_in_text',
    `the text holds a secret and was not saved: remove it${revokedWhat.length ? `; ${revokedWhat.join('; ')}` : ''} (and rotate any other secret shown)`,
    found.map(({ field, kinds }) => ({ field, message: `holds a secret (${named(kinds)}): remove it` })),
    { revokedKeys: revoked, revokedInvitations: invitations },
  );
}

export class LeakedSecretService {
  constructor(private readonly deps: LeakedSecretDeps) {}

  /**
   * A leak report (POST /v1/credentials/leaked, no authentication): every live AIM key
   * among the secrets is revoked, audited under its organisation with an actor that names
   * the report and the reporter's hashed address. The answer never says which were keys.
   */
  async report(secrets: readonly string[], clientAddress: string): Promise<{ received: number }> {
    const reporter = reporterOf(clientAddress);
    // Only what is shaped like an AIM key is looked up (a scanner may send the matched line): anything else cannot be one.
    for (const secret of new Set(secrets.flatMap(aimKeysIn))) {
      await revokeLeakedKey(
        this.deps,
        secret,
        // The report acts with the authority of the key it presents (its role and actor type): holding the secret is the proof.
        (key) => ({ tokenId: `leak-report:${reporter}`, label: `leak report from client ${reporter}`, role: key.role, actorType: key.actorType }),
        LEAK_OPERATIONS.reported,
      );
    }
    // An invitation code lets its holder join the organisation: a pending one reported leaked is revoked too.
    for (const code of new Set(secrets.flatMap(invitationCodesIn))) {
      await revokeLeakedInvitation(
        this.deps,
        code,
        (invitation) => ({
          tokenId: `leak-report:${reporter}`,
          label: `leak report from client ${reporter}`,
          role: invitation.role,
          actorType: invitation.actorType,
        }),
        LEAK_OPERATIONS.invitationReported,
      );
    }
    return { received: secrets.length };
  }
}
