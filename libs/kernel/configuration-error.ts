/**
 * A setting the process cannot start with. Every problem found is named at once, each with the variable
 * it comes from; the processes exit with EX_CONFIG (78) on it.
 */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
