// The arguments for `node` that run one of the TypeScript workers in
// tests/support in a child process, the way the tsx CLI would, without the
// CLI's own Node process in front of it (0.2-0.3 s of CPU per worker).
export const workerArgs = (script: string, ...args: string[]): string[] => [
  "--conditions=react-server",
  "--import",
  "tsx",
  script,
  ...args,
];
