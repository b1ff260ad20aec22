// `attune auto --strategy oneshot` (docs/model-search.md#one-shot-search): one weight-sharing supernet over the
// choices of auto's train.ts, trained once in this process (DARTS, first order), the architecture derived from α
// with the collapse guard, ranked against candidates drawn from α by their scores with inherited weights, written
// into train.ts, and retrained stand-alone through auto's own final step (a child process, as a trial runs).
import { profileImages } from "../../data/images";
import { loadImages, loadTable, type LoadedData } from "../../data";
import { deriveArchitecture, namedPicks, sampleCandidates, type Picks } from "../../core/oneshot";
import { Rng } from "../../core/rng";
import type { Literal } from "../../core/types";
import type { DataPlan } from "./describe";
import { imageSizes } from "./imageScript";
import { imageSupernet, tableSupernet, type Supernet, type Tf } from "./supernet";
import { score, trainAlone, trainSupernet, type Split } from "./oneshotTrain";
import { loadTrainingTf } from "./trainingTf";

export interface OneshotInput {
  data: string;
  plan: DataPlan;
  validation: number;
  seed: number;
  /** Candidates ranked by inherited weights (the α argmax first). */
  candidates: number;
  /** When the supernet must stop training (ms since the epoch). */
  deadline?: number;
  /** When the whole command should be done (--time): the learning-rate step stops trying rates that would not fit. */
  end?: number;
  backend?: string;
  cwd: string;
  log(line: string): void;
}

export interface OneshotResult {
  /** train.ts values for the chosen architecture. */
  values: Record<string, Literal>;
  estimate: number;
  summary: object;
}

/** The train.ts literals auto writes (tableScript.ts, imageScript.ts) that the supernet trains with. */
export const IMAGE = {
  dropout: 0.25,
  learningRate: 0.002,
  batchSize: 64,
  epochs: 8,
  retrainEpochs: 9,
  /** Epochs each learning rate is tried for: a third of the retraining's ranks the rates at a third of the cost. */
  rateEpochs: 3,
  /** Learning rates the pick is trained alone with (within train.ts's range) before it is retrained. */
  rates: [0.002, 0.005, 0.01],
};
export const TABLE = {
  dropout: 0.1,
  learningRate: 0.003,
  batchSize: 32,
  epochs: 30,
  retrainEpochs: 30,
  rateEpochs: 10,
  rates: [0.001, 0.003, 0.01],
};

/** The one training setting the supernet cannot share: the learning rate for the pick, by its validation loss
 * trained alone (fresh weights, the training part, a third of the retraining's epochs) — the script's literal
 * without `rates`. */
async function pickRate(
  tf: Tf,
  fresh: (seed: number) => Supernet,
  data: Split,
  picks: Picks,
  rates: number[],
  o: { learningRate: number; batchSize: number; epochs: number; retrainEpochs: number; seed: number; end?: number },
): Promise<{ best: number; tried: { learningRate: number; score: number }[] }> {
  const tried: { learningRate: number; score: number }[] = [];
  let took = 0;
  for (const learningRate of rates) {
    // Room for this run and the retraining after it (every row instead of the training part: 1.25 × the epochs).
    const retraining = (1.25 * o.retrainEpochs) / o.epochs;
    if (o.end !== undefined && Date.now() + (1 + retraining) * took > o.end) break;
    const t0 = Date.now();
    const net = fresh(o.seed + 2);
    // By validation loss, not accuracy: a few hundred images often tie on accuracy.
    tried.push({ learningRate, score: await trainAlone(tf, net, data, picks, { ...o, learningRate, by: "loss" }) });
    net.weights.forEach((w) => w.dispose());
    took = Date.now() - t0;
  }
  const best = tried.reduce((a, b) => (b.score > a.score ? b : a), tried[0]);
  return { best: best?.learningRate ?? o.learningRate, tried };
}

export async function searchOneshot(i: OneshotInput): Promise<OneshotResult> {
  const { tf, backend } = await loadTrainingTf([i.cwd], i.backend);
  const images = i.plan.kind === "images";
  const h = images ? IMAGE : TABLE;
  const { net, data, loaded, fresh, imageSize } = build(tf, i, images, h.dropout);
  i.log(`one-shot: ${loaded.summary}; a supernet of ${net.space.length} choices on ${backend}`);
  const warmup = Math.round(h.epochs / 3);
  const trained = await trainSupernet(tf, net, data, {
    epochs: h.epochs,
    warmup,
    batchSize: h.batchSize,
    learningRate: h.learningRate,
    alphaLearningRate: 0.05,
    seed: i.seed,
    ...(i.deadline !== undefined ? { deadline: i.deadline } : {}),
    onEpoch: (e) =>
      i.log(
        `supernet epoch ${e.epoch}/${h.epochs}: loss ${e.loss.toFixed(4)}, ${e.seconds.toFixed(1)} s` +
          (!e.searching
            ? " (warm-up: weights only)"
            : `; α picks ${show(net, deriveArchitecture(net.space, e.alpha).picks)}`),
      ),
  });
  const derived = deriveArchitecture(net.space, trained.alpha);
  if (derived.replaced.length)
    i.log(`collapse guard: ${derived.replaced.join(", ")} took a parameterized option instead of a parameter-free one`);
  const rng = Rng.derive(i.seed, "oneshot-candidates");
  const pool = [derived.picks, ...sampleCandidates(net.space, i.candidates, rng, trained.alpha)];
  const seen = new Set<string>();
  const ranked = pool
    .filter((p) => !seen.has(p.join()) && seen.add(p.join()))
    .slice(0, Math.max(1, i.candidates))
    .map((picks) => ({ picks, estimate: score(tf, net, data, picks) }));
  const best = ranked.reduce((a, b) => (b.estimate > a.estimate ? b : a));
  i.log(
    `ranked ${ranked.length} candidate(s) by inherited weights: ${show(net, best.picks)} scores ` +
      `${best.estimate.toFixed(4)}${best === ranked[0] ? " (the α argmax)" : ` (the α argmax: ${ranked[0].estimate.toFixed(4)})`}`,
  );
  const rates = i.deadline !== undefined && Date.now() > i.deadline ? [] : images ? IMAGE.rates : TABLE.rates;
  const rateOptions = { ...h, epochs: h.rateEpochs, seed: i.seed, ...(i.end !== undefined ? { end: i.end } : {}) };
  const rate = await pickRate(tf, fresh, data, best.picks, rates, rateOptions);
  if (rate.tried.length)
    i.log(
      `learning rate for the retraining: ${rate.best}, by the pick trained alone on the training part ` +
        `(${rate.tried.map((r) => `${r.learningRate}: ${r.score.toFixed(4)}`).join(", ")})`,
    );
  const values = {
    ...(images ? imageValues(net, best.picks) : tableValues(net, best.picks)),
    ...(imageSize !== undefined ? { imageSize } : {}),
    learningRate: rate.best,
    epochs: h.retrainEpochs,
  };
  const summary = {
    backend,
    epochs: trained.epochs,
    warmup: trained.warmup,
    alpha: Object.fromEntries(
      net.space.map((c, k) => [
        c.name,
        Object.fromEntries(c.options.map((opt, j) => [opt, round(derived.weights[k][j])])),
      ]),
    ),
    argmax: namedPicks(net.space, derived.picks),
    guarded: derived.replaced,
    candidates: ranked.map((r) => ({ ...namedPicks(net.space, r.picks), estimate: round(r.estimate) })),
    learningRates: rate.tried.map((r) => ({ ...r, score: round(r.score) })),
  };
  net.weights.forEach((w) => w.dispose());
  disposeData(data);
  return { values, estimate: round(best.estimate), summary };
}

/** The data loaded as auto's train.ts loads it (the same split), and the supernet for it. */
export function build(
  tf: Tf,
  i: Pick<OneshotInput, "data" | "plan" | "validation" | "seed">,
  images: boolean,
  dropout: number,
) {
  const o = { validation: i.validation, seed: i.seed };
  let loaded: LoadedData;
  let fresh: (seed: number) => Supernet;
  /** train.ts's imageSize, where it is a choice. */
  let imageSize: number | undefined;
  if (images) {
    const p = profileImages(i.data);
    // The smaller of train.ts's sizes (¾ of the images' own from 16 pixels up): the supernet costs several networks.
    const sizes = imageSizes(Math.max(p.width, p.height));
    const size = sizes[0];
    if (sizes.length > 1) imageSize = size;
    loaded = loadImages(tf, i.data, { size, channels: p.channels, ...o });
    fresh = (seed) => imageSupernet(tf, size, p.channels, loaded.outputs, { seed, dropout });
  } else {
    const task = i.plan.task;
    loaded = loadTable(tf, i.data, { target: i.plan.target, task, encoding: "onehot", ...o });
    fresh = (seed) => tableSupernet(tf, loaded.inputs[0].width, loaded.outputs, { seed, dropout });
  }
  const net = fresh(i.seed + 1);
  const data: Split = {
    trainX: loaded.train.x as never,
    trainY: loaded.train.y as never,
    valX: loaded.val.x as never,
    valY: loaded.val.y as never,
    classify: i.plan.task === "classification",
  };
  return { net, data, loaded, fresh, imageSize };
}

function disposeData(d: Split) {
  for (const t of [d.trainX, d.trainY, d.valX, d.valY]) t.dispose();
}

export function imageValues(net: Supernet, picks: Picks): Record<string, Literal> {
  const n = namedPicks(net.space, picks);
  const filters = [n.filters1 as number, ...(n.filters2 === "none" ? [] : [n.filters2 as number])];
  return { filters, kernel: n.kernel, pooling: n.pooling, denseUnits: n.denseUnits };
}

export function tableValues(net: Supernet, picks: Picks): Record<string, Literal> {
  const n = namedPicks(net.space, picks);
  const units = [n.units1, n.units2, n.units3].filter((u) => u !== "none") as number[];
  return { units };
}

function show(net: Supernet, picks: Picks): string {
  return Object.entries(namedPicks(net.space, picks))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
