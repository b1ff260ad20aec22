// `attune predict` on its own (bin/attune.js runs it before loading dist/cli.js): TF.js and src/data only, so it
// answers 1,000 rows in well under 2 s including start-up (docs/model-search.md#predict).
import { predict } from "./commands/predict";

export function runPredict(argv: string[]): void {
  const io = {
    cwd: process.cwd(),
    out: (line: string) => process.stdout.write(line + "\n"),
    err: (line: string) => process.stderr.write(line + "\n"),
  };
  predict(io, argv).then(
    (code) => process.stdout.write("", () => process.exit(code)),
    (e) => {
      process.stderr.write(`attune: ${(e as Error)?.message ?? e}\n`);
      process.exit(1);
    },
  );
}
