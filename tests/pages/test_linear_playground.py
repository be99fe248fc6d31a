"""The lecture's first point: without an activation a network is only linear.

A stack of linear layers fails XOR and the circle, where the same stack with ReLU learns them
(same data, same seed, same initial weights); and the decision regions replay epoch by epoch
from frames computed once during training.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from scipy.special import expit

from experiments.activation import LINEAR, resolve
from experiments.datasets import make_dataset
from experiments.mlp import predict_proba, train
from experiments.playground import REPLAY_RESOLUTION, playground_run, replay_epochs
from harness.appdriver import figures, run_page, tables
from views.replay_figures import replay_figure
from views.strings import LANGUAGES, translate

PLAYGROUND = "app_pages/playground.py"


def grid_of(array: dict) -> np.ndarray:
    """A typed Plotly JSON grid (its ``shape`` is a string such as ``"31, 31"``)."""
    values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return values.reshape([int(size) for size in str(array["shape"]).split(",")])


@pytest.mark.parametrize("dataset", ["xor", "circle"])
@pytest.mark.parametrize("seed", [0, 1])
def test_linear_stack_fails_where_relu_learns(dataset, seed):
    linear = playground_run(LINEAR, dataset=dataset, seed=seed)
    relu = playground_run("relu", dataset=dataset, seed=seed)
    assert linear.train_accuracy < 0.65, "a linear map cannot separate these classes"
    assert linear.test_accuracy < 0.65
    assert relu.train_accuracy > 0.95 and relu.test_accuracy > 0.9


def test_linear_stack_is_one_linear_map():
    """Two hidden layers without activation compute σ(x·W + b) for one W and b."""
    data = make_dataset("xor", seed=3)
    result = train(data, LINEAR, hidden=(8, 8), epochs=50, seed=3)
    net = result.network
    weight, bias = np.eye(2), np.zeros(2)
    for layer_weight, layer_bias in zip(net.weights, net.biases, strict=True):
        weight, bias = weight @ layer_weight, bias @ layer_weight + layer_bias
    expected = expit(data.x_test @ weight + bias)[:, 0]
    np.testing.assert_allclose(predict_proba(net, data.x_test, resolve(LINEAR)), expected)


def test_replay_frames_are_taken_during_training():
    run = playground_run("relu", dataset="xor", epochs=200)
    epochs = [epoch for epoch, _ in run.frames]
    assert epochs == list(replay_epochs(200)) and epochs[0] == 0 and epochs[-1] == 200
    first, last = run.frames[0][1], run.frames[-1][1]
    assert first.shape == last.shape == (REPLAY_RESOLUTION, REPLAY_RESOLUTION)
    # At the start the regions are nearly flat; at the end they split into both classes.
    assert np.ptp(last) > 0.9 > np.ptp(first) + 0.3
    coarse = run.grid[::2, ::2]  # the final 61×61 grid at every other point is the 31×31 one
    np.testing.assert_allclose(last, coarse, atol=1e-12)


def test_replay_figure_has_one_frame_per_epoch_and_opens_on_the_last():
    data = make_dataset("xor")
    labels = {"class0": "0", "class1": "1", "epoch": "epoch ", "play": "▶", "pause": "❚❚"}
    epochs = replay_epochs(100)
    for key in (LINEAR, "relu"):
        run = playground_run(key, dataset="xor", epochs=100)
        fig = json.loads(
            replay_figure(run.frames, data.x_train, data.y_train, labels=labels).to_json()
        )
        assert [frame["name"] for frame in fig["frames"]] == [str(epoch) for epoch in epochs]
        slider = fig["layout"]["sliders"][0]
        assert [step["label"] for step in slider["steps"]] == [str(epoch) for epoch in epochs]
        assert slider["active"] == len(epochs) - 1
        (heatmap,) = [trace for trace in fig["data"] if trace["type"] == "heatmap"]
        np.testing.assert_array_equal(grid_of(heatmap["z"]), np.rint(run.frames[-1][1] * 100))
        for frame in fig["frames"]:
            assert len(frame["data"]) == 1 and frame["traces"] == [0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_playground_trains_no_activation_beside_relu(lang):
    linear = translate("playground.linear", lang)
    query = {"lang": lang, "dataset": "XOR", "acts": [linear, "ReLU"], "epochs": "300"}
    at = run_page(PLAYGROUND, **query)
    assert at.multiselect(key="acts").value == [LINEAR, "relu"]
    at.button[0].click().run()
    assert not at.exception
    (table,) = tables(at)
    accuracy = {row[translate("playground.table_activation", lang)]: row for row in table}
    column = translate("playground.table_train_accuracy", lang)
    assert float(accuracy[linear][column].rstrip("%")) < 65
    assert float(accuracy["ReLU"][column].rstrip("%")) > 95
    loss, *replays = figures(at)
    assert len(replays) == 2  # one replay per activation, in columns (stacked on a phone)
    replay = replays[0]
    legend = [trace["name"] for trace in loss["data"] if trace.get("showlegend") is not False]
    assert legend == [linear, "ReLU"]
    assert len(replay["frames"]) == len(replay_epochs(300))
    assert replay["layout"]["sliders"][0]["currentvalue"]["prefix"] == translate(
        "playground.epoch", lang
    )
    captions = " ".join(caption.value for caption in at.caption)
    assert translate("playground.replay_caption", lang) in captions
