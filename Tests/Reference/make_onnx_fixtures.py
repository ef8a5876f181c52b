#!/usr/bin/env python3
"""Writes the ONNX executor fixtures for Tests/FaceAnalysisTests into Tests/Reference/onnx/.

Run by hand (never at test time) with numpy, onnx and onnxruntime:
    $MASQUE_PYTHON Tests/Reference/make_onnx_fixtures.py
- ops.onnx: a small opset-11 graph with random weights that uses every operator and attribute
  variant Masque's executor runs: Conv (asymmetric pads, stride 2, grouped and dilated, no bias),
  BatchNormalization folded into a Conv and one standing alone, ConvTranspose (pads,
  output_padding), Relu, LeakyRelu, Sigmoid, Tanh, Add/Sub/Mul/Div with broadcast constants,
  Concat and Identity. Batch and spatial sizes are symbolic.
  ops_input.npy is its input X, ops_features.npy and ops_skip.npy its outputs from onnxruntime.
- ops_float_data.onnx: the same graph with the weights stored in float_data instead of raw_data;
  it must give the same outputs.
- unsupported.onnx: X -> Softmax -> Y, an operator Masque does not run.
"""
import os

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "onnx")
OPSET = 11


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(array))


def ops_model(rng, raw):
    def constant(name, shape, low=-0.5, high=0.5):
        values = rng.uniform(low, high, size=shape).astype(np.float32)
        if raw:
            return numpy_helper.from_array(values, name)
        return helper.make_tensor(name, TensorProto.FLOAT, shape, values.reshape(-1).tolist())

    initializers = [
        constant("w1", [6, 4, 3, 3]), constant("b1", [6]),
        constant("w2", [6, 2, 3, 3]),
        constant("bn2_scale", [6], 0.5, 1.5), constant("bn2_bias", [6]), constant("bn2_mean", [6]),
        constant("bn2_var", [6], 0.2, 2.0),
        constant("wt", [6, 3, 3, 3]), constant("bt", [3]),
        constant("bn3_scale", [3], 0.5, 1.5), constant("bn3_bias", [3]), constant("bn3_mean", [3]),
        constant("bn3_var", [3], 0.2, 2.0),
        constant("gain", [1, 3, 1, 1], 0.5, 2.0), constant("two", [], 2.0, 2.0),
    ]
    nodes = [
        helper.make_node("Conv", ["X", "w1", "b1"], ["c1"], name="conv_asymmetric", pads=[1, 0, 2, 1],
                         strides=[2, 2], kernel_shape=[3, 3]),
        helper.make_node("LeakyRelu", ["c1"], ["r1"], name="leaky", alpha=0.2),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="conv_grouped", group=3, dilations=[2, 2],
                         pads=[2, 2, 2, 2]),
        helper.make_node("BatchNormalization", ["c2", "bn2_scale", "bn2_bias", "bn2_mean", "bn2_var"], ["b2"],
                         name="bn_folded", epsilon=1e-3),
        helper.make_node("Add", ["b2", "r1"], ["skip"], name="add"),
        helper.make_node("ConvTranspose", ["skip", "wt", "bt"], ["t"], name="deconv", strides=[2, 2],
                         pads=[1, 0, 0, 1], output_padding=[1, 1]),
        helper.make_node("Sigmoid", ["t"], ["s"], name="sigmoid"),
        helper.make_node("BatchNormalization", ["s", "bn3_scale", "bn3_bias", "bn3_mean", "bn3_var"], ["bs"],
                         name="bn_alone"),
        helper.make_node("Mul", ["bs", "gain"], ["m"], name="mul"),
        helper.make_node("Div", ["m", "two"], ["d"], name="div"),
        helper.make_node("Tanh", ["t"], ["th"], name="tanh"),
        helper.make_node("Sub", ["d", "th"], ["sub"], name="sub"),
        helper.make_node("Concat", ["sub", "t"], ["cat"], name="concat", axis=-3),
        helper.make_node("Relu", ["cat"], ["relu"], name="relu"),
        helper.make_node("Identity", ["relu"], ["features"], name="identity"),
    ]
    graph = helper.make_graph(
        nodes, "ops",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 4, "H", "W"])],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 6, "h2", "w2"]),
         helper.make_tensor_value_info("skip", TensorProto.FLOAT, ["N", 6, "h1", "w1"])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="masque-fixtures")
    model.ir_version = 6
    onnx.checker.check_model(model)
    return model


def unsupported_model():
    graph = helper.make_graph(
        [helper.make_node("Softmax", ["X"], ["Y"], name="softmax", axis=1)], "unsupported",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="masque-fixtures")
    model.ir_version = 6
    onnx.checker.check_model(model)
    return model


def main():
    os.makedirs(OUT, exist_ok=True)
    model = ops_model(np.random.default_rng(20250611), raw=True)
    onnx.save(model, os.path.join(OUT, "ops.onnx"))
    onnx.save(ops_model(np.random.default_rng(20250611), raw=False), os.path.join(OUT, "ops_float_data.onnx"))
    onnx.save(unsupported_model(), os.path.join(OUT, "unsupported.onnx"))

    x = np.random.default_rng(7).normal(size=(2, 4, 13, 10)).astype(np.float32)
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    features, skip = session.run(["features", "skip"], {"X": x})
    save("ops_input", x)
    save("ops_features", features)
    save("ops_skip", skip)
    print("features", features.shape, "skip", skip.shape)


if __name__ == "__main__":
    main()
