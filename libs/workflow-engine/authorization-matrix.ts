import type { WorkflowDefinition } from '../kernel/index.js';
import { machineGraph } from './xstate-adapter.js';

export interface MatrixRow {
  readonly state: string;
  readonly action: string;
  readonly roles: readonly string[];
  /** The machine's guard: a role check within the case's dealer/region, or a named rule. */
  readonly rule: string;
}

function ruleOf(guard: unknown): { rule: string; roles?: readonly string[] } {
  if (guard === undefined) return { rule: 'anyone' };
  if (typeof guard === 'string') return { rule: guard };
  const typed = guard as { type?: string; params?: { role?: string; roles?: readonly string[] } };
  const roles = typed.params?.roles ?? (typed.params?.role ? [typed.params.role] : undefined);
  if (typed.type === 'actsAs') return { rule: 'role in scope', roles: roles ?? [] };
  // A named rule that names its role (e.g. `actsInSeatAs`) shows that role, not every role of the action.
  return { rule: typed.type ?? 'guard', ...(roles !== undefined ? { roles } : {}) };
}

/**
 * Who may do what in which state, read from the machine itself (role × action × state), so the published
 * table can never disagree with what the engine enforces. Roles come from the guard when it names them,
 * otherwise from the action's declared roles with the guard's rule (e.g. `onTurn`: the signer whose turn it is).
 */
export function authorizationMatrix(definition: WorkflowDefinition): MatrixRow[] {
  const actionOf = new Map<string, string>([[definition.create.eventType, 'create']]);
  for (const [name, action] of Object.entries(definition.actions)) actionOf.set(action.eventType, name);
  const rows: MatrixRow[] = [];
  const { initial, states, machineWide } = machineGraph(definition.machine);
  for (const state of states) {
    const seen = new Set<string>();
    const own = new Set(state.transitions.map((transition) => transition.eventType));
    // An event a state does not handle itself is taken by the machine's own `on`, in every state.
    const transitions = [
      ...state.transitions,
      ...machineWide.filter((transition) => !own.has(transition.eventType)),
    ];
    for (const transition of transitions) {
      // The first transition of each event type stands for the event (later ones are its other branches).
      if (transition.eventType === undefined || seen.has(transition.eventType)) continue;
      seen.add(transition.eventType);
      const action = actionOf.get(transition.eventType) ?? transition.eventType;
      const declared =
        action === 'create' ? definition.create.roles : (definition.actions[action]?.roles ?? []);
      const { rule, roles } = ruleOf(transition.guard);
      rows.push({
        state: state.key === initial ? '(new)' : state.key,
        action,
        roles: roles ?? declared,
        rule,
      });
    }
  }
  return rows;
}

export function matrixTable(definition: WorkflowDefinition): string {
  const lines = ['| state | action | roles | rule |', '| --- | --- | --- | --- |'];
  for (const row of authorizationMatrix(definition)) {
    lines.push(`| \`${row.state}\` | \`${row.action}\` | ${row.roles.join(', ')} | ${row.rule} |`);
  }
  return lines.join('\n');
}
