// picomatch ships no types; this is what core uses. The posix build: entry paths use "/" everywhere.
declare module "picomatch/posix.js" {
  interface PicomatchOptions {
    dot?: boolean;
    posix?: boolean;
    strictSlashes?: boolean;
  }
  interface Scan {
    isGlob: boolean;
  }
  interface Picomatch {
    (glob: string | string[], options?: PicomatchOptions): (path: string) => boolean;
    scan(glob: string): Scan;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
