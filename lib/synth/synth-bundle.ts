import type { SynthesisResult } from './synthesize';

/**
 * What the launcher (launch.ts) calls in the bundled synth (`build/synth.js`, built from
 * main.ts). Declared here, beside the launcher, so that lib/synth does not import main.ts;
 * main.ts exports an object of this type, which the compiler checks against it.
 */
export interface SynthBundle {
  /** Synthesizes the configuration under `root` and writes it; returns the exit code. */
  main(root?: string, args?: readonly string[]): number;
  /** The synth's in-memory phase, for `npm run bench`. */
  synthesizeAll(root: string): SynthesisResult;
  /** The synth's writing phase, for `npm run bench`. */
  writeOutputs(root: string, result: SynthesisResult): void;
}
