// Why a trial is paused: freeze-thaw records its prediction on paused trials, and the views say it in words.
import { strict as assert } from "node:assert";
import { forecastOf, pauseText } from "../../src/core/pauses";
import { emptyState, applyEvent } from "../../src/core/events";
import type { Trial } from "../../src/core/types";
import { drive } from "./segmentDrive";

const paused = (attrs?: Record<string, unknown>): Trial => ({
  number: 4,
  state: "paused",
  params: {},
  intermediate: [
    [1, 0.8],
    [2, 0.85],
    [3, 0.88],
  ],
  ...(attrs ? { attrs } : {}),
});

describe("paused trials say why (freeze-thaw forecasts)", () => {
  it("records a forecast on paused trials once a best exists, and says it in words", () => {
    // A forecast is made when the scheduler next decides, i.e. at the ask after a trial paused.
    const texts: string[] = [];
    drive("freeze-thaw", 60, undefined, undefined, (trials) => {
      for (const t of trials) {
        const f = forecastOf(t);
        if (t.state !== "paused" || f?.step !== t.intermediate.at(-1)![0]) continue;
        assert.equal(f.at, 27);
        if (f.best !== undefined) assert.ok(f.chance! >= 0 && f.chance! <= 1);
        texts.push(pauseText(t));
      }
    });
    assert.ok(texts.length > 0, "no paused trial has a fresh forecast");
    for (const x of texts)
      assert.match(x, /^paused at step \d+: predicted [\d.]+ at step 27(, (below|above) best [\d.]+)?$/);
  });

  it("a dropped trial keeps the prediction it was dropped on", () => {
    const { study } = drive("freeze-thaw", 500, 16);
    const dropped = study.trials().filter((t) => t.state === "pruned" && forecastOf(t));
    assert.ok(dropped.length > 0, "freeze-thaw dropped no trial with a forecast");
    for (const t of dropped)
      assert.match(pauseText(t), /^dropped at step \d+: predicted .* chance to beat best [\d.]+$/, pauseText(t));
  });

  it("reads the forecast from the trial's attributes, old studies without it too", () => {
    assert.equal(pauseText(paused()), "paused at step 3");
    assert.equal(
      pauseText(paused({ forecast: { step: 3, at: 27, mean: 0.912, sd: 0.01, best: 0.934, chance: 0.02 } })),
      "paused at step 3: predicted 0.912 at step 27, below best 0.934",
    );
    assert.equal(
      pauseText(paused({ forecast: { step: 3, at: 27, mean: 0.95, sd: 0.01, best: 0.934 } })),
      "paused at step 3: predicted 0.95 at step 27, above best 0.934",
    );
    // No best yet: only the prediction. A forecast from an earlier step is stale.
    assert.equal(
      pauseText(paused({ forecast: { step: 3, at: 27, mean: 0.9, sd: 0.01 } })),
      "paused at step 3: predicted 0.9 at step 27",
    );
    assert.equal(pauseText(paused({ forecast: { step: 2, at: 27, mean: 0.9, sd: 0.01 } })), "paused at step 3");
    // Foreign shapes are ignored, never thrown on.
    assert.equal(pauseText(paused({ forecast: "soon" })), "paused at step 3");
    assert.equal(pauseText(paused({ forecast: { step: "3", at: 27, mean: 0.9 } })), "paused at step 3");
    assert.equal(
      pauseText({
        ...paused({ forecast: { step: 3, at: 27, mean: 0.8, sd: 0.01, best: 0.934, chance: 0.0004 } }),
        state: "pruned",
      }),
      "dropped at step 3: predicted 0.8 at step 27, < 0.1% chance to beat best 0.934",
    );
    assert.equal(pauseText({ ...paused(), state: "complete" }), "");
    assert.equal(pauseText({ ...paused(), state: "pruned" }), "", "a pruner's stop has no forecast to tell");
  });

  it("the forecast is a meta event: a journal replays it onto the trial", () => {
    const s = emptyState();
    applyEvent(s, { op: "trial", uid: "h:1:a", params: {}, t: 1 });
    applyEvent(s, { op: "report", trial: 0, step: 1, value: 0.5, t: 2 });
    applyEvent(s, { op: "finish", trial: 0, state: "paused", value: 0.5, t: 3 });
    applyEvent(s, { op: "meta", trial: 0, attrs: { forecast: { step: 1, at: 9, mean: 0.7, sd: 0.1 } }, t: 4 });
    assert.equal(pauseText(s.trials[0]), "paused at step 1: predicted 0.7 at step 9");
  });
});
