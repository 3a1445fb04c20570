import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readJsonFile, serialWriter } from './json-files';
import { hashPassword, passwordMatches, unusablePasswordHash } from './passwords';

export interface Account {
  subject: string;
  email: string;
  name: string;
}

interface StoredAccount extends Account {
  passwordHash: string;
  createdAt: string;
}

export type AccountField = 'name' | 'email' | 'password';

/** Input refused, with one message per field, for the sign-up page to show next to the field. */
export class AccountInputError extends Error {
  constructor(readonly fieldErrors: Partial<Record<AccountField, string>>) {
    super(Object.values(fieldErrors).join(' '));
    this.name = 'AccountInputError';
  }
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MAX_LENGTH = 120;
const EMAIL_MAX_LENGTH = 254;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function validate(input: { email: string; password: string; name: string }): Partial<Record<AccountField, string>> {
  const errors: Partial<Record<AccountField, string>> = {};
  const name = input.name.trim();
  if (name.length === 0) errors.name = 'Enter your name.';
  else if (name.length > NAME_MAX_LENGTH) errors.name = `Use at most ${NAME_MAX_LENGTH} characters for your name.`;
  const email = normaliseEmail(input.email);
  if (email.length === 0) errors.email = 'Enter your email address.';
  else if (email.length > EMAIL_MAX_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email address like name@example.com.';
  if (input.password.length < PASSWORD_MIN_LENGTH) errors.password = `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`;
  else if (input.password.length > PASSWORD_MAX_LENGTH) errors.password = `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`;
  return errors;
}

export interface AccountStore {
  create(input: { email: string; password: string; name: string }): Promise<{ subject: string }>;
  findByEmail(email: string): Promise<Account | undefined>;
  findBySubject(subject: string): Promise<Account | undefined>;
  /** The account when the password is right, else undefined (same time taken for an unknown email). */
  verifyPassword(email: string, password: string): Promise<Account | undefined>;
}

function publicView({ subject, email, name }: StoredAccount): Account {
  return { subject, email, name };
}

/** Accounts in `<directory>/accounts.json` when a directory is given, in memory otherwise. */
export async function openAccountStore(directory: string | undefined): Promise<AccountStore> {
  const file = directory ? join(directory, 'accounts.json') : undefined;
  const stored = file ? ((await readJsonFile<{ accounts: StoredAccount[] }>(file))?.accounts ?? []) : [];
  const byEmail = new Map(stored.map((account) => [account.email, account]));
  const write = file ? serialWriter(file) : undefined;

  return {
    async create(input) {
      const errors = validate(input);
      const email = normaliseEmail(input.email);
      if (!errors.email && byEmail.has(email)) errors.email = 'An account with this email already exists. Sign in instead.';
      if (Object.keys(errors).length > 0) throw new AccountInputError(errors);
      const passwordHash = await hashPassword(input.password);
      // Checked again: another sign-up for the same email may have finished while hashing.
      if (byEmail.has(email)) throw new AccountInputError({ email: 'An account with this email already exists. Sign in instead.' });
      const account: StoredAccount = { subject: randomUUID(), email, name: input.name.trim(), passwordHash, createdAt: new Date().toISOString() };
      byEmail.set(email, account);
      try {
        await write?.({ accounts: [...byEmail.values()] });
      } catch (error) {
        byEmail.delete(email);
        throw error;
      }
      return { subject: account.subject };
    },
    async findByEmail(email) {
      const account = byEmail.get(normaliseEmail(email));
      return account && publicView(account);
    },
    async findBySubject(subject) {
      for (const account of byEmail.values()) if (account.subject === subject) return publicView(account);
      return undefined;
    },
    async verifyPassword(email, password) {
      const account = byEmail.get(normaliseEmail(email));
      const matches = await passwordMatches(password.slice(0, PASSWORD_MAX_LENGTH + 1), account?.passwordHash ?? (await unusablePasswordHash()));
      return account && matches ? publicView(account) : undefined;
    },
  };
}
