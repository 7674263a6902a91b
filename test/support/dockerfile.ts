/**
 * Dockerfiles read with dockerfile-ast for the image tests: stages, their instructions and flags,
 * the ENV a stage inherits.
 */
import { DockerfileParser } from 'dockerfile-ast';

export interface Instruction {
  readonly keyword: string;
  /** Arguments with line continuations joined. */
  readonly args: string;
  /** `--name=value` flags (COPY --from, RUN --mount...). */
  readonly flags: Readonly<Record<string, string>>;
}
export interface Stage {
  readonly name: string;
  /** What the stage starts from: an image, or the name of an earlier stage. */
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

/** The stages of a Dockerfile's text, with the global ARG defaults substituted in FROM. */
export function parseStages(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const globalArgs = new Map<string, string>();
  const stages: Array<{ name: string; from: string; instructions: Instruction[] }> = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? '';
    const flagged = instruction as unknown as {
      getFlags?: () => Array<{ getName(): string; getValue(): string | null }>;
    };
    const flags = Object.fromEntries((flagged.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue() ?? '']));
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value] = args.split('=', 2);
      globalArgs.set(name, value ?? '');
    } else if (keyword === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      const from = image.replace(/^\$\{(\w+)\}$/, (_m, arg: string) => globalArgs.get(arg) ?? image);
      stages.push({ name: name ?? `stage-${stages.length}`, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword, args, flags });
    }
  }
  return stages;
}

/** A stage and the stages it builds on, the base image's first. */
export function chain(stages: readonly Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return [];
  return [...chain(stages, stage.from), stage];
}
/** `ENV` values a stage has, inherited ones included. */
export function envOf(stages: readonly Stage[], name: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const stage of chain(stages, name)) {
    for (const i of stage.instructions.filter((x) => x.keyword === 'ENV')) {
      for (const [, key, value] of i.args.matchAll(/(\w+)=(\S*)/g)) env.set(key, value);
    }
  }
  return env;
}
export const args = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
