/** How a CLI run of the bench is set up, besides `--parallel N`. */
export interface CliVariant {
  readonly id: "cli" | "cli-skip-checkpoints";
  /** Short name for tables and the chart. */
  readonly label: string;
  /** Extra environment of the measured `pulumi destroy` only (the `pulumi up` before it runs as usual). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The CLI as it comes, and the CLI told to save the state only at the end of the destroy
 * (`PULUMI_SKIP_CHECKPOINTS=true`) instead of after every resource operation: the engine writes
 * the whole state file before and after each step, which on a file backend makes a destroy of N
 * resources cost O(N²) and hands the deletes to the provider one checkpoint at a time.
 */
export const cliVariants: Readonly<Record<CliVariant["id"], CliVariant>> = {
  cli: { id: "cli", label: "pulumi destroy", env: {} },
  "cli-skip-checkpoints": {
    id: "cli-skip-checkpoints",
    label: "pulumi destroy, PULUMI_SKIP_CHECKPOINTS=true",
    env: { PULUMI_SKIP_CHECKPOINTS: "true" },
  },
};
