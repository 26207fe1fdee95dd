import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseContext, WorkflowDefinition } from '../../libs/kernel/index.js';
import {
  contextOf,
  currentStateName,
  decide,
  evolve,
  type CaseState,
} from '../../libs/workflow-engine/index.js';
import {
  GOLDEN_CASE_ID,
  isRefused,
  parseGoldenStream,
  refusalOf,
  storedEventOf,
  type GoldenLine,
} from './golden-line.js';
import { goldenFolder, releasedWorkflows } from './released-workflows.tool.js';

/**
 * Released machine versions are frozen: every golden stream recorded from a version is replayed into it and
 * every recorded command is decided again. A change that makes a released version decide one of them
 * differently (another event, payload, state, context or refusal) fails here; a rule change is a new version.
 */
const released = releasedWorkflows();

function goldenFiles(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith('.jsonl')) : [];
}

/** What deciding a command gives now: the event and state after it, or the refusal. */
function outcomeOf(
  definition: WorkflowDefinition<CaseContext>,
  state: CaseState<CaseContext> | undefined,
  line: GoldenLine,
): Record<string, unknown> {
  const request = { caseId: GOLDEN_CASE_ID, actor: line.actor, occurredAt: line.occurredAt, ...line.command };
  try {
    const decision = decide(definition, state, request);
    return {
      type: decision.eventType,
      data: decision.data,
      state: decision.toState,
      context: decision.snapshot.context,
    };
  } catch (error) {
    return { refused: refusalOf(error) };
  }
}

/** Replays the stream line by line: each command is re-decided on the case folded from the events before it. */
function replayAndRedecide(definition: WorkflowDefinition<CaseContext>, lines: readonly GoldenLine[]): void {
  let state: CaseState<CaseContext> | undefined;
  lines.forEach((line, index) => {
    const at = `line ${index + 1}: ${line.command.action} by ${line.actor.id}`;
    const recorded = isRefused(line)
      ? { refused: line.refused }
      : { type: line.type, data: line.data, state: line.state, context: line.context };
    expect({ at, ...outcomeOf(definition, state, line) }).toEqual({ at, ...recorded });
    if (isRefused(line)) return;
    // Replay folds the recorded event (not the new decision): what a stored case of this version becomes.
    state = evolve(definition, state, storedEventOf(definition, line, state ? state.revision + 1 : 0));
    expect({ at, state: currentStateName(state), context: contextOf(state) }).toEqual({
      at,
      state: line.state,
      context: line.context,
    });
  });
}

describe.each(
  released.flatMap((workflow) => workflow.versions.map((definition) => ({ workflow, definition }))),
)('golden streams of $workflow.folder v$definition.version', ({ workflow, definition }) => {
  const folder = goldenFolder(workflow.folder, definition.version);
  const files = goldenFiles(folder);

  it('has a golden stream for every scenario of the workflow', () => {
    const expected = workflow.scenarios
      .filter((scenario) => scenario.versions?.includes(definition.version) ?? true)
      .map((scenario) => `${scenario.name}.jsonl`);
    expect(files.sort()).toEqual(expected.sort());
  });

  it.each(files)('%s replays and re-decides to the recorded events', (file) => {
    replayAndRedecide(definition, parseGoldenStream(readFileSync(join(folder, file), 'utf8')));
  });
});

describe('golden folders', () => {
  it.each(released.map((workflow) => workflow.folder))(
    '%s has goldens only for released versions',
    (folder) => {
      const versions = released.find((workflow) => workflow.folder === folder)!.versions;
      const withGoldens = readdirSync(`workflows/${folder}`)
        .filter(
          (entry) =>
            /^v\d+$/.test(entry) && goldenFiles(goldenFolder(folder, Number(entry.slice(1)))).length > 0,
        )
        .sort();
      expect(withGoldens).toEqual(versions.map((definition) => `v${definition.version}`).sort());
    },
  );
});
