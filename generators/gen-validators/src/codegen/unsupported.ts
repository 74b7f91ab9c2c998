/**
 * Thrown while compiling when a schema uses something the own compiler does not reproduce
 * exactly as ajv would (or something ajv itself refuses to compile): the caller falls back to ajv,
 * which compiles it or reports why not.
 */
export class Unsupported extends Error {}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}
