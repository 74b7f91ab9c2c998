declare module "randexp" {
  export default class RandExp {
    constructor(pattern: RegExp | string, flags?: string);
    max: number;
    defaultRange: { subtract(from: number, to: number): void; add(from: number, to: number): void };
    randInt: (from: number, to: number) => number;
    gen(): string;
  }
}
