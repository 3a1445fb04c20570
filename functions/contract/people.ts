/**
 * People: `(issuer, subject)` from an OpenID Provider, their memberships of organisations,
 * and the signed-in session the web app reads (docs/security.md, "People").
 */
import { z } from 'zod';
import { OrganisationRole, Role } from '../core/access/principal';
import { DisplayName } from '../core/display-text';

export const PersonSchema = z
  .object({
    id: z.string().describe('stable id of the person: derived from issuer and subject'),
    issuer: z.string().describe("the OpenID Provider's issuer identifier"),
    subject: z.string().describe('the `sub` claim: who the person is at that provider'),
    name: z.string().describe('the display name the provider gave (or the email)'),
    email: z.string().nullable(),
    createdAt: z.string(),
    lastSignInAt: z.string().nullable(),
  })
  .meta({ id: 'Person' });

export const MembershipSchema = z
  .object({
    personId: z.string(),
    organisationId: z.string().nullable().describe('null for a platform role (analyst, admin)'),
    organisationName: z.string().nullable(),
    role: Role,
    grantedBy: z.string().nullable().describe('id of the person or key that granted it; null when the person registered the organisation'),
    createdAt: z.string(),
    scopeId: z.string().optional().describe('the scope the member is restricted to (issue 19, docs/plan.md "Scopes"); absent: the whole organisation'),
  })
  .meta({ id: 'Membership' });

export const MemberSchema = z
  .object({
    person: PersonSchema.pick({ id: true, issuer: true, subject: true, name: true, email: true, lastSignInAt: true }),
    role: OrganisationRole,
    grantedBy: z.string().nullable(),
    createdAt: z.string(),
    scopeId: z.string().nullable().describe('the scope the member is restricted to; null: the whole organisation'),
  })
  .meta({ id: 'Member' });

export const SignedInSessionSchema = z
  .object({
    person: PersonSchema,
    memberships: z.array(MembershipSchema).describe("the person's organisations and platform roles"),
    active: MembershipSchema.nullable().describe('the membership requests act under; null until the person belongs somewhere'),
    csrfToken: z.string().describe('send it as the X-AIM-CSRF header with every state-changing request made with this session'),
    expiresAt: z.string().describe('the absolute end of the session (AIM_SESSION_MAX_HOURS after sign-in)'),
    idleExpiresAt: z.string().describe('when the session ends unless used again (AIM_SESSION_IDLE_MINUTES)'),
  })
  .meta({ id: 'SignedInSession' });

export const SelectMembershipRequest = z.strictObject({
  organisationId: z.string().min(1).max(80).nullable().describe('the organisation to act for; null for the platform role'),
});

export const ChangeMemberRoleRequest = z.strictObject({ role: OrganisationRole });

export const GrantMembershipRequest = z.strictObject({
  issuer: z.url().max(500),
  subject: z.string().min(1).max(255),
  organisationId: z.string().min(1).max(80).nullable().describe('null grants a platform role'),
  role: Role,
  name: DisplayName(120).optional().describe('shown until the person first signs in'),
  reason: z.string().trim().min(3).max(500).describe('why (recorded in the audit trail)'),
});

/** What a signed-in person holding an invitation code sees before accepting it (POST /v1/invitations/preview). */
export const InvitationPreviewSchema = z
  .object({
    organisationName: z.string().describe('the organisation the invitation is to'),
    invitedBy: z.string().describe('the name of the person who invited (or the label of the owner key that did)'),
    role: OrganisationRole.describe('the role the person joins with'),
    expiresAt: z.string().describe('when the invitation stops working'),
    alreadyMember: z.boolean().describe('the signed-in person belongs to that organisation already (accepting would answer 409 already_member)'),
  })
  .meta({ id: 'InvitationPreview' });

export const SignInQuery = z.strictObject({
  returnTo: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[^\s]*$/, 'a path on this site, starting with a single /')
    .optional()
    .describe('where the web app continues after signing in'),
  screen: z.enum(['signin', 'signup']).optional().describe('signup asks the provider for its account-creation page (prompt=create)'),
});

export const SignOutResultSchema = z
  .object({ endSessionUrl: z.string().nullable().describe("the provider's end-session address, to end the person's sign-in there too") })
  .meta({ id: 'SignOutResult' });

export type Person = z.infer<typeof PersonSchema>;
export type Membership = z.infer<typeof MembershipSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type SignedInSession = z.infer<typeof SignedInSessionSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
