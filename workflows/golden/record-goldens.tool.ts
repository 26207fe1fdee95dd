import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseContext, WorkflowDefinition } from '../../libs/kernel/index.js';
import { decide, evolve, type CaseState } from '../../libs/workflow-engine/index.js';
import {
  formatGoldenStream,
  GOLDEN_CASE_ID,
  refusalOf,
  storedEventOf,
  type GoldenLine,
  type RecordedLine,
} from './golden-line.js';
import { timesOf, type GoldenScenario } from './golden-scenario.js';
import { goldenFolder, releasedWorkflows } from './released-workflows.tool.js';

/**
 * Records golden event streams from the code as it is: for every released version, each scenario's
 * commands go through the engine's pure decider and the resulting events (or refusals) are written as
 * JSON Lines. An existing golden file is never rewritten: released decisions never change, so a golden
 * is recorded once, when its version (or scenario) is new.
 *
 *   npx tsc -p tsconfig.build.json && node dist/workflows/golden/record-goldens.tool.js
 */
function record(definition: WorkflowDefinition<CaseContext>, scenario: GoldenScenario): GoldenLine[] {
  const times = timesOf(scenario.commands);
  const lines: GoldenLine[] = [];
  let state: CaseState<CaseContext> | undefined;
  scenario.commands.forEach((command, index) => {
    const occurredAt = times[index]!;
    const asked = {
      action: command.action,
      data: command.data ?? {},
      ...(command.referenced !== undefined ? { referenced: command.referenced } : {}),
    };
    try {
      const decision = decide(definition, state, {
        caseId: GOLDEN_CASE_ID,
        actor: command.actor,
        occurredAt,
        ...asked,
      });
      const line: RecordedLine = {
        type: decision.eventType,
        data: decision.data,
        actor: command.actor,
        occurredAt,
        command: asked,
        state: decision.toState,
        context: decision.snapshot.context as Record<string, unknown>,
      };
      state = evolve(definition, state, storedEventOf(definition, line, state ? state.revision + 1 : 0));
      lines.push(line);
    } catch (error) {
      lines.push({ refused: refusalOf(error), actor: command.actor, occurredAt, command: asked });
    }
  });
  return lines;
}

for (const workflow of releasedWorkflows()) {
  for (const definition of workflow.versions) {
    const folder = goldenFolder(workflow.folder, definition.version);
    for (const scenario of workflow.scenarios) {
      if (scenario.versions !== undefined && !scenario.versions.includes(definition.version)) continue;
      const file = join(folder, `${scenario.name}.jsonl`);
      if (existsSync(file)) {
        console.log(`kept     ${file}`);
        continue;
      }
      const lines = record(definition, scenario);
      mkdirSync(folder, { recursive: true });
      // JSON.parse(JSON.stringify(…)) drops what a stored event drops (undefined fields).
      writeFileSync(file, formatGoldenStream(JSON.parse(JSON.stringify(lines)) as GoldenLine[]));
      const last = [...lines].reverse().find((line): line is RecordedLine => 'state' in line);
      const refused = lines.filter((line) => 'refused' in line).length;
      console.log(`recorded ${file}: ${lines.length} commands, ${refused} refused, ends ${last?.state}`);
    }
  }
}
