import { strict as assert } from "node:assert";
import { trialTable } from "../../src/cli/commands/show";
import { formatDuration, formatLiteral, formatNumber, MISSING } from "../../src/core/format";
import type { Trial } from "../../src/core/types";
import { trialLook } from "../../src/extension/model/treeModel";
import { trialRow } from "../../src/extension/model/studyView";
import { buildColumns } from "../../webview/model/table";

describe("format: numbers", () => {
  it("keeps four significant digits but every integer digit", () => {
    assert.equal(formatNumber(123456.7), "123457");
    assert.equal(formatNumber(1234.567), "1235");
    assert.equal(formatNumber(12.3456), "12.35");
    assert.equal(formatNumber(0.93125), "0.9313");
    assert.equal(formatNumber(0.0012346), "0.001235");
    assert.equal(formatNumber(999.96), "1000");
    assert.equal(formatNumber(999999.7), "1000000");
  });
  it("shows integers exactly below 1e9", () => {
    assert.equal(formatNumber(42), "42");
    assert.equal(formatNumber(123456789), "123456789");
    assert.equal(formatNumber(-7), "-7");
    assert.equal(formatNumber(0), "0");
    assert.equal(formatNumber(-0), "0");
  });
  it("uses short exponent form for tiny and huge magnitudes", () => {
    assert.equal(formatNumber(0.000012345), "1.23e-5");
    assert.equal(formatNumber(2.5e-5), "2.5e-5");
    assert.equal(formatNumber(1e-7), "1e-7");
    assert.equal(formatNumber(0.00099996), "1e-3");
    assert.equal(formatNumber(1e9), "1e9");
    assert.equal(formatNumber(1234567890123), "1.23e12");
    assert.equal(formatNumber(999999999.7), "1e9");
    assert.equal(formatNumber(Number.MIN_VALUE), "4.94e-324");
  });
  it("handles negatives like positives", () => {
    assert.equal(formatNumber(-123456.7), "-123457");
    assert.equal(formatNumber(-0.93125), "-0.9313");
    assert.equal(formatNumber(-2.5e-4), "-2.5e-4");
    assert.equal(formatNumber(-3e10), "-3e10");
  });
  it("says NaN, infinities and missing values plainly", () => {
    assert.equal(formatNumber(NaN), "NaN");
    assert.equal(formatNumber(Infinity), "∞");
    assert.equal(formatNumber(-Infinity), "-∞");
    assert.equal(formatNumber(undefined), MISSING);
    assert.equal(formatNumber(null, ""), "");
  });
});

describe("format: literals", () => {
  it("formats parameter values, quoting strings only when asked", () => {
    assert.equal(formatLiteral(0.000123456), "1.23e-4");
    assert.equal(formatLiteral("adam"), "adam");
    assert.equal(formatLiteral("adam", { quote: true }), '"adam"');
    assert.equal(formatLiteral(true), "true");
    assert.equal(formatLiteral(null), "null");
    assert.equal(formatLiteral(undefined), MISSING);
    assert.equal(formatLiteral(undefined, { missing: "" }), "");
  });
});

describe("format: durations", () => {
  it("rounds before it splits units, so no 60s or 60m ever shows", () => {
    assert.equal(formatDuration(59.95), "1m 00s");
    assert.equal(formatDuration(59.4), "59s");
    assert.equal(formatDuration(119.6), "2m 00s");
    assert.equal(formatDuration(125), "2m 05s");
    assert.equal(formatDuration(3599.4), "59m 59s");
    assert.equal(formatDuration(3599.6), "1h 00m");
    assert.equal(formatDuration(7170), "2h 00m");
  });
  it("shows short durations with a decimal and very short ones in ms", () => {
    assert.equal(formatDuration(0), "0ms");
    assert.equal(formatDuration(0.0404), "40ms");
    assert.equal(formatDuration(0.0996), "0.1s");
    assert.equal(formatDuration(4.25), "4.3s");
    assert.equal(formatDuration(9.94), "9.9s");
    assert.equal(formatDuration(9.96), "10s");
  });
  it("counts hours past a day", () => {
    assert.equal(formatDuration(3725), "1h 02m");
    assert.equal(formatDuration(7300), "2h 02m");
    assert.equal(formatDuration(100 * 3600 + 59 * 60 + 40), "101h 00m");
  });
  it("shows missing for negative, NaN, infinite and undefined durations", () => {
    for (const x of [-1, NaN, Infinity, undefined]) assert.equal(formatDuration(x), MISSING);
    assert.equal(formatDuration(undefined, ""), "");
  });
});

describe("format: one rendering everywhere", () => {
  it("the CLI table, the VS Code tree and the panel show a value and a duration the same way", () => {
    const t: Trial = {
      number: 3,
      state: "complete",
      params: { lr: 0.000123456, opt: "adam" },
      value: 123456.7,
      intermediate: [[1, 123456.7]],
      startedAt: 1_000_000,
      finishedAt: 1_000_000 + 119_600,
    };
    const cli = trialTable([t]).split("\n")[2];
    const tree = trialLook(t, true).description ?? "";
    const cols = buildColumns({ params: [], metric: "loss", direction: "minimize" });
    const panel = (key: string) => cols.find((c) => c.key === key)!.text(trialRow(t), 0);
    for (const shown of [cli, tree]) {
      assert.ok(shown.includes("123457"), shown);
      assert.ok(shown.includes("2m 00s"), shown);
    }
    assert.equal(panel("value"), "123457");
    assert.equal(panel("duration"), "2m 00s");
    assert.ok(cli.includes("1.23e-4") && cli.includes("adam"), cli);
  });
});
