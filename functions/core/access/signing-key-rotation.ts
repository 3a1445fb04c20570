/**
 * Rotation of agents' token-signing key in AWS (docs/security.md, "Signing key"): a pointer
 * names the key that signs (`current`) and the one replaced before it (`previous`), which stays
 * published until every token it signed has expired. Pure: no KMS, no clock.
 */
import { z } from 'zod';

/** The tag every key the rotation creates carries (its value: the stack's name); only such keys are ever deleted. */
export const SIGNING_KEY_TAG = 'aim:agent-signing-key';

const keyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, 'must be a KMS key ARN');

export const SigningKeyPointerSchema = z.strictObject({
  current: keyArn,
  previous: keyArn.nullable(),
  rotatedAt: z.iso.datetime().nullable(),
});
export type SigningKeyPointer = z.infer<typeof SigningKeyPointerSchema>;

export interface SigningKeyRotation {
  pointer: SigningKeyPointer;
  /** The key to schedule for deletion: the one that was `previous` before, if the rotation created it. */
  retire: string | null;
}

/**
 * The pointer after `created` became the signing key. The old current stays as previous (its
 * tokens live 10 minutes, far less than the days between rotations); the old previous is retired,
 * except the key the stack created (`initialKey`), which the rotation never deletes.
 */
export function rotateSigningKey(pointer: SigningKeyPointer, created: string, now: string, initialKey: string): SigningKeyRotation {
  const old = pointer.previous;
  const retire = old && old !== initialKey && old !== pointer.current && old !== created ? old : null;
  return { pointer: { current: created, previous: pointer.current, rotatedAt: now }, retire };
}

/** A retried run within this time of the last rotation rotates nothing: the key it made previous may still verify tokens. */
export const MIN_ROTATION_INTERVAL_MS = 60 * 60 * 1000;

/** Whether a run at `now` should rotate (not when the last rotation is under an hour old, e.g. a retry). */
export function rotationDue(pointer: SigningKeyPointer, now: string): boolean {
  return !pointer.rotatedAt || Date.parse(now) - Date.parse(pointer.rotatedAt) >= MIN_ROTATION_INTERVAL_MS;
}
