// picomatch ships no types; this is the one call core makes.
declare module "picomatch/posix" {
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
