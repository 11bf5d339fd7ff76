/** Password hashing with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Dutch problem with a new password, or null. Length over composition rules (NIST 800-63B). */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Een wachtwoord heeft minstens ${MIN_PASSWORD_LENGTH} tekens`;
  if (password.length > 200) return 'Een wachtwoord heeft hoogstens 200 tekens';
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase())) return 'Het wachtwoord mag uw e-mailnaam niet bevatten';
  return null;
}

/** A hash of a random password: verifying against it costs as much as a real check (no user enumeration by timing). */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`geen-gebruiker-${Math.random()}`);
  return dummy;
}
