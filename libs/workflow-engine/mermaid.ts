import type { AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../kernel/index.js';

interface TransitionLike {
  readonly target?: readonly { readonly key: string }[];
  readonly guard?: unknown;
}

interface StateNodeLike {
  readonly key: string;
  readonly transitions: Map<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[];
}

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
  const machine = definition.machine as AnyStateMachine;
  const actionOf = new Map<string, string>([[definition.create.eventType, 'create']]);
  for (const [name, action] of Object.entries(definition.actions)) actionOf.set(action.eventType, name);
  const states = Object.values(machine.root.states) as unknown as StateNodeLike[];
  const initial = machine.root.config.initial as string;
  const lines = ['stateDiagram-v2'];
  for (const state of states) {
    if (state.key === initial) {
      for (const transitions of state.transitions.values()) {
        for (const transition of transitions) {
          for (const target of transition.target ?? []) lines.push(`  [*] --> ${target.key}: create`);
        }
      }
      continue;
    }
    for (const [eventType, transitions] of state.transitions) {
      const action = actionOf.get(eventType) ?? eventType;
      const seen = new Set<string>();
      for (const transition of transitions) {
        const target = transition.target?.[0]?.key ?? state.key;
        const line = `  ${state.key} --> ${target}: ${action}`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
    }
    for (const transition of state.always ?? []) {
      const target = transition.target?.[0]?.key;
      if (target === undefined) continue;
      const condition = guardLabel(transition.guard);
      lines.push(`  ${state.key} --> ${target}: ${condition ? `[${condition}]` : '[otherwise]'}`);
    }
  }
  for (const final of definition.finalStates) lines.push(`  ${final} --> [*]`);
  return lines.join('\n');
}
