/** A person is `(issuer, subject)`: the same subject at another provider is someone else. */
import { sha256 } from './hashing';

export const personIdOf = (issuer: string, subject: string) => `p_${sha256(`${issuer}\n${subject}`).slice(0, 32)}`;
