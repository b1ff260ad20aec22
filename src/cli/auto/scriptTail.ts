// The end of every train.ts \`attune auto\` writes (tableScript.ts, imageScript.ts): fit, save the model, report errors.
export const FIT_AND_SAVE = `  await model.fit(set.train.x, set.train.y, {
    epochs,
    batchSize,
    validationData: [set.val.x, set.val.y],
    shuffle: true,
    verbose: 0,
  });
  if (final) {
    await data.saveModel(tf, model, set.preprocessing, join(__dirname, "model"));
    console.log(\`saved \${join(__dirname, "model")}\`);
  } else if (process.env.ATTUNE_CHECKPOINT_DIR) {
    // A trial keeps its model with its checkpoint: \`attune auto\` uses the best one when time is too short to retrain.
    await data.saveModel(tf, model, set.preprocessing, join(process.env.ATTUNE_CHECKPOINT_DIR, "model"));
  }
}

main().catch((e) => {
  console.error(e instanceof data.DataError ? \`attune: \${e.message}\` : e);
  process.exit(1);
});
`;
