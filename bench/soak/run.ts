// Soak runner: repeat multi-process scenarios many times to catch races a single test run hides.
//   npx tsx bench/soak/run.ts <scenario...> [--runs 200] [--report FILE.md]
// A scenario is bench/soak/scenarios/<name>.ts (default export: a Scenario). Exits 1 when any run failed.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "./scenario";

interface Outcome {
  scenario: string;
  runs: number;
  failures: { run: number; message: string }[];
  seconds: number;
}

function parseArgs(argv: string[]): { names: string[]; runs: number; report?: string } {
  const names: string[] = [];
  let runs = 200;
  let report: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]);
    else if (argv[i] === "--report") report = argv[++i];
    else names.push(argv[i]);
  }
  if (!names.length || !Number.isInteger(runs) || runs < 1)
    throw new Error("usage: npx tsx bench/soak/run.ts <scenario...> [--runs N] [--report FILE.md]");
  return { names, runs, ...(report ? { report } : {}) };
}

async function load(name: string): Promise<Scenario> {
  const file = join(__dirname, "scenarios", `${name}.ts`);
  if (!/^[\w-]+$/.test(name) || !existsSync(file)) throw new Error(`no scenario "${name}" (${file})`);
  const mod = (await import(file)) as { default: Scenario | { default: Scenario } };
  // tsx may wrap a CommonJS module's default export once more.
  return "run" in mod.default ? mod.default : mod.default.default;
}

async function soak(s: Scenario, runs: number): Promise<Outcome> {
  const t0 = Date.now();
  const failures: Outcome["failures"] = [];
  await s.setup?.();
  try {
    for (let i = 0; i < runs; i++) {
      try {
        await s.run(i);
      } catch (e) {
        const message = String((e as Error)?.message ?? e).split("\n")[0];
        failures.push({ run: i, message });
        console.log(`${s.name} run ${i}: FAILED: ${message}`);
      }
      if ((i + 1) % 10 === 0) console.log(`${s.name}: ${i + 1}/${runs} runs, ${failures.length} failed`);
    }
  } finally {
    await s.teardown?.();
  }
  return { scenario: s.name, runs, failures, seconds: (Date.now() - t0) / 1000 };
}

const uptime = (): string => execFileSync("uptime", { encoding: "utf8" }).trim();

function markdown(command: string, before: string, after: string, outcomes: Outcome[], scenarios: Scenario[]): string {
  const rows = outcomes.map((o) => `| ${o.scenario} | ${o.runs} | ${o.failures.length} | ${o.seconds.toFixed(0)} s |`);
  const failed = outcomes.flatMap((o) => o.failures.map((f) => `- ${o.scenario} run ${f.run}: ${f.message}`));
  return [
    `# Soak results: ${outcomes.map((o) => o.scenario).join(", ")}`,
    "",
    `Run on ${new Date().toISOString()} (${process.platform}, node ${process.version}) with:`,
    "",
    "```",
    command,
    "```",
    "",
    ...scenarios.map((s) => `- **${s.name}**: ${s.description}`),
    "",
    "| scenario | runs | failures | time |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    "",
    `Load before: \`${before}\``,
    "",
    `Load after: \`${after}\``,
    "",
    ...(failed.length ? ["Failures:", "", ...failed, ""] : []),
  ].join("\n");
}

async function main(): Promise<void> {
  const { names, runs, report } = parseArgs(process.argv.slice(2));
  const scenarios = await Promise.all(names.map(load));
  const before = uptime();
  console.log(`before: ${before}`);
  const outcomes: Outcome[] = [];
  for (const s of scenarios) outcomes.push(await soak(s, runs));
  const after = uptime();
  console.log(`after: ${after}`);
  for (const o of outcomes)
    console.log(`${o.scenario}: ${o.runs} runs, ${o.failures.length} failed, ${o.seconds.toFixed(0)} s`);
  const command = `npx tsx bench/soak/run.ts ${process.argv.slice(2).join(" ")}`;
  if (report) writeFileSync(report, markdown(command, before, after, outcomes, scenarios));
  process.exitCode = outcomes.some((o) => o.failures.length) ? 1 : 0;
}

main().catch((e) => {
  console.error(String((e as Error)?.stack ?? e));
  process.exit(2);
});
