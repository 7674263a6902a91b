/**
 * The part of zod the configuration schemas use, imported by name (`import * as z from './zod'`)
 * rather than as zod's `z` object: a bundler keeps only what is named here, and the synth bundle
 * leaves out the rest (error messages in forty languages, JSON Schema conversion), which was a
 * quarter of its size and of its loading time.
 */
export { array, boolean, discriminatedUnion, enum, int, literal, record, strictObject, string } from 'zod';
export type { infer, input, RefinementCtx, ZodType } from 'zod';
