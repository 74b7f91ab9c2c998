/**
 * The placeholder a server sends instead of a stored secret. A field that still holds it on
 * submit means "keep the stored value"; the form shows it as an empty field marked as saved.
 */
export const MASK = "********";

export function isMasked(value: unknown, mask: string = MASK): boolean {
  return value === mask;
}
