import type { WorkflowDefinition } from '../kernel/index.js';
import { machineGraph } from './xstate-adapter.js';

function guardLabel(guard: unknown): string | undefined {
  if (typeof guard === 'string') return guard;
  if (guard !== null && typeof guard === 'object' && 'type' in guard) {
    const typed = guard as { type: string; params?: { roles?: readonly string[] } };
    return typed.params?.roles ? typed.params.roles.join(' or ') : typed.type;
  }
  return undefined;
}

/**
 * A Mermaid `stateDiagram-v2` generated from the machine itself, so the docs can never drift from the
 * code: edges are labelled with the HTTP action names (and who may take them), `always` branches with
 * their condition, the entry state and the final states with `[*]`.
 */
export function toMermaid(definition: WorkflowDefinition): string {
  const actionOf = new Map<string, string>([[definition.create.eventType, 'create']]);
  for (const [name, action] of Object.entries(definition.actions)) actionOf.set(action.eventType, name);
  const { initial, states } = machineGraph(definition.machine);
  const lines = ['stateDiagram-v2'];
  for (const state of states) {
    if (state.key === initial) {
      for (const transition of state.transitions) {
        if (transition.eventType === undefined) continue;
        for (const target of transition.targets) lines.push(`  [*] --> ${target}: create`);
      }
      continue;
    }
    const seen = new Set<string>();
    for (const transition of state.transitions) {
      if (transition.eventType === undefined) continue;
      const action = actionOf.get(transition.eventType) ?? transition.eventType;
      const target = transition.targets[0] ?? state.key;
      const line = `  ${state.key} --> ${target}: ${action}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
    for (const transition of state.transitions) {
      if (transition.eventType !== undefined) continue;
      const target = transition.targets[0];
      if (target === undefined) continue;
      const condition = guardLabel(transition.guard);
      lines.push(`  ${state.key} --> ${target}: ${condition ? `[${condition}]` : '[otherwise]'}`);
    }
  }
  for (const final of definition.finalStates) lines.push(`  ${final} --> [*]`);
  return lines.join('\n');
}
