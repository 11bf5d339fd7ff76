/**
 * School identifiers (BRIN + vestigingsnummer) never enter the database in clear: they are replaced
 * on import by a keyed hash, so the same school always gets the same pseudonym under one secret
 * while nobody without the secret can link a pseudonym back to a school.
 */
import { createHmac } from 'node:crypto';

/** BRIN (2 digits + 2 letters/digits) followed by a 2-digit vestigingsnummer, e.g. 12AB00. */
const BRIN_VESTIGING_PATTERN = /^[0-9]{2}[A-Z0-9]{2}[0-9]{2}$/;

/** Upper case without spaces, dots or dashes, so "12ab 00" and "12AB-00" name the same location. */
export function normaliseBrinVestiging(raw: string): string | null {
  const code = raw.replace(/[\s.-]/g, '').toUpperCase();
  return BRIN_VESTIGING_PATTERN.test(code) ? code : null;
}

export function pseudonymiseSchoolId(secret: string, brinVestiging: string): string {
  const code = normaliseBrinVestiging(brinVestiging);
  if (code === null) throw new RangeError(`Geen geldige BRIN + vestiging: "${brinVestiging}"`);
  return 'S' + createHmac('sha256', secret).update(code).digest('hex').slice(0, 16).toUpperCase();
}

/**
 * Large files name the same school many times (16 scores per scan year); hashing each distinct
 * code once keeps the HMAC off the hot path. Returns null for a malformed code.
 */
export function createPseudonymiser(secret: string): (raw: string) => string | null {
  const cache = new Map<string, string | null>();
  return (raw) => {
    let id = cache.get(raw);
    if (id === undefined) {
      const code = normaliseBrinVestiging(raw);
      id = code === null ? null : pseudonymiseSchoolId(secret, code);
      if (cache.size < 500_000) cache.set(raw, id);
    }
    return id;
  };
}

/**
 * Identifies the key without revealing it, so that the database can tell whether an import uses
 * the key its schools were pseudonymised with. Domain-separated from the pseudonyms themselves.
 */
export function pseudonymKeyFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('regiodashboard:pseudoniemsleutel').digest('hex').slice(0, 32);
}
