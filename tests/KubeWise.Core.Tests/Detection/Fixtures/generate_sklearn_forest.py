#!/usr/bin/python3
"""Writes sklearn-isolation-forest.json: a scikit-learn IsolationForest exported tree by tree, with rows and
scikit-learn's own scores for them, so KubeWise's forest can be checked against scikit-learn without Python in CI. The training rows
are included too, so a forest KubeWise fits itself can be compared with scikit-learn's fit of the same data.

The JSON is committed and the tests (Detection/Forest/SklearnCrossCheckTests.cs) need no Python. To regenerate it,
with Debian's python3-sklearn (1.2.1 on bookworm), from the repository root:
    apt-get install -y python3-sklearn
    /usr/bin/python3 tests/KubeWise.Core.Tests/Detection/Fixtures/generate_sklearn_forest.py
The data and the forest are seeded, so the same scikit-learn writes the same file byte for byte; a different version
may grow different trees, and then the scores it writes are the new reference.

scikit-learn fits and scores in float32, so every row is made float32-exact before use: the exported float64
values then compare against the thresholds exactly as scikit-learn compared them.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

FEATURES = 8
SEED = 20261126


def make_rows(rng, count, outliers):
    scales = np.array([1.0, 0.5, 10.0, 0.01, 250.0, 3.0, 1.0, 1.0])
    centres = np.array([0.0, 2.0, 50.0, 0.2, 1000.0, -5.0, 0.0, 1.0])
    rows = rng.normal(size=(count, FEATURES)) * scales + centres
    # A coarse column (like a restart count) gives nodes whose samples share one value.
    rows[:, 6] = rng.integers(0, 3, size=count)
    if outliers:
        picked = rng.choice(count, size=outliers, replace=False)
        rows[picked] += rng.choice([-1.0, 1.0], size=(outliers, FEATURES)) * scales * rng.uniform(6, 12, size=(outliers, FEATURES))
    return rows.astype(np.float32).astype(np.float64)


def main():
    rng = np.random.default_rng(SEED)
    train = make_rows(rng, 1000, outliers=20)
    forest = IsolationForest(n_estimators=100, max_samples="auto", contamination="auto", random_state=7)
    forest.fit(train)

    probe = np.vstack([
        make_rows(rng, 150, outliers=0),
        make_rows(rng, 50, outliers=50),
        train[:20],
    ])
    trees = []
    for estimator, features in zip(forest.estimators_, forest.estimators_features_):
        tree = estimator.tree_
        leaf = tree.children_left == -1
        # Map the tree's column numbers back to the forest's (scikit-learn may train a tree on a column subset).
        feature = np.where(leaf, -1, np.asarray(features)[np.where(leaf, 0, tree.feature)])
        trees.append({
            "feature": feature.tolist(),
            "threshold": np.where(leaf, 0.0, tree.threshold).tolist(),
            "childrenLeft": tree.children_left.tolist(),
            "childrenRight": tree.children_right.tolist(),
            "nodeSamples": tree.n_node_samples.tolist(),
        })

    fixture = {
        "generator": "tests/KubeWise.Core.Tests/Detection/Fixtures/generate_sklearn_forest.py",
        "sklearnVersion": sklearn.__version__,
        "featureCount": FEATURES,
        "maxSamples": int(forest.max_samples_),
        "offset": float(forest.offset_),
        "trees": trees,
        "train": train.tolist(),
        "rows": probe.tolist(),
        "scoreSamples": forest.score_samples(probe).tolist(),
        "decisionFunction": forest.decision_function(probe).tolist(),
    }
    out = pathlib.Path(__file__).with_name("sklearn-isolation-forest.json")
    out.write_text(json.dumps(fixture, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(trees)} trees, {len(probe)} rows)")


if __name__ == "__main__":
    main()
