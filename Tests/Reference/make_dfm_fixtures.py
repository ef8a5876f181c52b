#!/usr/bin/env python3
"""`.dfm` files as DFL's exporter lays them out (dfl-reference.md §9), built with the `onnx` package
from the random weights of make_saehd_fixtures.py (Tests/Reference/saehd/liae-ud) and
make_amp_fixtures.py (Tests/Reference/amp), so their expected outputs are those scripts' NumPy
outputs (src_dst, src_dstm, dst_dstm; AMP's at each morph value).

The graph follows what tf2onnx writes for DFL's NCHW leras graph, independently of Masque's own
exporter: an NHWC input `in_face:0` transposed to NCHW; convolutions with explicit symmetric
pads; leaky ReLUs; leras' NCHW depth_to_space as Reshape (6-D) → Transpose → Reshape; Dense as
MatMul + Add; pixel norm as Mul, ReduceMean, Add, Sqrt, Reciprocal, Mul; reshape_4D as Reshape;
outputs transposed back to NHWC and named with Identity nodes, in DFL's order. The AMP file pads
explicitly before VALID convolutions (leras' tf.pad) and cuts the codes as tf2onnx converts
`tf.slice` by `tf.cast(inter_dims * morph_value[0], int32)`: Slice + Squeeze of the morph value,
Mul, Cast to INT32 and INT64, Unsqueeze, and Slice with tensor starts and ends.

Writes Tests/Reference/dfm/reference_SAEHD_model.dfm and reference_AMP_model.dfm. Run by hand:
$MASQUE_PYTHON Tests/Reference/make_dfm_fixtures.py (numpy, onnx).
"""
import os
import pickle

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "saehd", "liae-ud")
OUT = os.path.join(HERE, "dfm")
RES, AE, E, D, M = 64, 8, 4, 4, 4


class Graph:
    def __init__(self):
        self.nodes, self.inits, self.count = [], [], 0

    def name(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def const(self, array):
        name = self.name("const")
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, inputs, output=None, **attrs):
        out = output or self.name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=self.name(op_type), **attrs))
        return out


def load(part, folder=WEIGHTS, model="SAEHD"):
    with open(os.path.join(folder, f"fixture_{model}_{part}.npy"), "rb") as f:
        return pickle.load(f)


def save(g, name, inputs, outputs, path):
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)], producer_name="tf2onnx-like reference")
    model.ir_version = 7
    onnx.checker.check_model(model)
    os.makedirs(OUT, exist_ok=True)
    onnx.save(model, path)
    print("wrote", path)


def amp():
    """AMP (§6.1) with RES 64, AE 8, INTER 12, E 4, D 4, M 4 as make_amp_fixtures.py."""
    inter_dims = 12
    g = Graph()
    folder = os.path.join(HERE, "amp")
    enc, isrc, idst, dec = (load(p, folder, "AMP") for p in ("encoder", "inter_src", "inter_dst", "decoder"))

    def conv(w, name, x, stride=1):
        kernel = w[f"{name}/weight:0"]
        pad = kernel.shape[0] // 2
        if pad:
            x = g.op("Pad", [x, g.const(np.array([0, 0, pad, pad, 0, 0, pad, pad], np.int64)), g.const(np.float32(0))], mode="constant")
        y = g.op("Conv", [x, g.const(kernel.transpose(3, 2, 0, 1).copy())], kernel_shape=list(kernel.shape[:2]), strides=[stride, stride])
        return g.op("Add", [y, g.const(w[f"{name}/bias:0"].reshape(1, -1, 1, 1))])

    def lrelu(x, alpha):
        return g.op("LeakyRelu", [x], alpha=alpha)

    def d2s(x, channels, side):
        oc = channels // 4
        x = g.op("Reshape", [x, g.const(np.array([-1, 2, 2, oc, side, side], np.int64))])
        x = g.op("Transpose", [x], perm=[0, 3, 4, 1, 5, 2])
        return g.op("Reshape", [x, g.const(np.array([-1, oc, 2 * side, 2 * side], np.int64))])

    def upscale(w, name, x, cout, side):
        return d2s(lrelu(conv(w, f"{name}/conv1", x), 0.1), 4 * cout, side)

    def res(w, name, x):
        y = lrelu(conv(w, f"{name}/conv1", x), 0.2)
        return lrelu(g.op("Add", [x, conv(w, f"{name}/conv2", y)]), 0.2)

    def dense(w, name, x):
        return g.op("Add", [g.op("MatMul", [x, g.const(w[f"{name}/weight:0"])]), g.const(w[f"{name}/bias:0"])])

    x = g.op("Transpose", ["in_face:0"], perm=[0, 3, 1, 2])
    x = res(enc, "res1", lrelu(conv(enc, "down1/conv1", x, stride=2), 0.1))
    for name in ("down2", "down3", "down4", "down5"):
        x = lrelu(conv(enc, f"{name}/conv1", x, stride=2), 0.1)
    x = res(enc, "res5", x)
    x = g.op("Reshape", [x, g.const(np.array([-1, 8 * E * 2 * 2], np.int64))])
    mean = g.op("ReduceMean", [g.op("Mul", [x, x])], axes=[1], keepdims=1)
    x = g.op("Mul", [x, g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [mean, g.const(np.float32(1e-6))])])])])
    code = dense(enc, "dense1", x)
    source = g.op("Reshape", [dense(isrc, "dense2", code), g.const(np.array([-1, inter_dims, 2, 2], np.int64))])
    own = g.op("Reshape", [dense(idst, "dense2", code), g.const(np.array([-1, inter_dims, 2, 2], np.int64))])
    first = g.op("Squeeze", [g.op("Slice", ["morph_value:0", g.const(np.array([0], np.int64)), g.const(np.array([1], np.int64))])], axes=[0])
    k32 = g.op("Cast", [g.op("Mul", [first, g.const(np.float32(inter_dims))])], to=TensorProto.INT32)
    k = g.op("Unsqueeze", [g.op("Cast", [k32], to=TensorProto.INT64)], axes=[0])
    axis1 = g.const(np.array([1], np.int64))
    head = g.op("Slice", [source, g.const(np.array([0], np.int64)), k, axis1])
    tail = g.op("Slice", [own, k, g.const(np.array([np.iinfo(np.int64).max], np.int64)), axis1])
    swap = g.op("Concat", [head, tail], axis=1)

    def decoder(z):
        y, side = z, 2
        for i, ch in enumerate([8 * D, 8 * D, 4 * D, 2 * D]):
            y = res(dec, f"res{i}", upscale(dec, f"upscale{i}", y, ch, side)); side *= 2
        y = g.op("Concat", [conv(dec, n, y) for n in ("out_conv", "out_conv1", "out_conv2", "out_conv3")], axis=1)
        face = g.op("Sigmoid", [d2s(y, 12, side)])
        m, side = z, 2
        for i, ch in enumerate([8 * M, 8 * M, 4 * M, 2 * M, M]):
            m = upscale(dec, f"upscalem{i}", m, ch, side); side *= 2
        return face, g.op("Sigmoid", [conv(dec, "out_convm", m)])

    face, face_mask = decoder(swap)
    _, dst_mask = decoder(own)
    outputs = []
    for name, value, channels in (("out_face_mask:0", dst_mask, 1), ("out_celeb_face:0", face, 3), ("out_celeb_face_mask:0", face_mask, 1)):
        g.op("Identity", [g.op("Transpose", [value], perm=[0, 2, 3, 1])], output=name)
        outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["unk__1", RES, RES, channels]))
    inputs = [helper.make_tensor_value_info("in_face:0", TensorProto.FLOAT, ["unk__0", RES, RES, 3]),
              helper.make_tensor_value_info("morph_value:0", TensorProto.FLOAT, [1])]
    save(g, "AMP", inputs, outputs, os.path.join(OUT, "reference_AMP_model.dfm"))


def main():
    g = Graph()
    enc, ab, b, dec = load("encoder"), load("inter_AB"), load("inter_B"), load("decoder")

    def conv(w, name, x, stride=1):
        kernel = w[f"{name}/weight:0"]                       # HWIO → OIHW
        pad = (kernel.shape[0] - 1 + 1) // 2
        return g.op("Conv", [x, g.const(kernel.transpose(3, 2, 0, 1).copy()), g.const(w[f"{name}/bias:0"])],
                    kernel_shape=list(kernel.shape[:2]), strides=[stride, stride], pads=[pad] * 4)

    def lrelu(x, alpha):
        return g.op("LeakyRelu", [x], alpha=alpha)

    def d2s(x, channels, side):
        """leras depth_to_space in NCHW: reshape (-1, 2, 2, oc, h, w), transpose (0, 3, 4, 1, 5, 2), reshape."""
        oc = channels // 4
        x = g.op("Reshape", [x, g.const(np.array([-1, 2, 2, oc, side, side], np.int64))])
        x = g.op("Transpose", [x], perm=[0, 3, 4, 1, 5, 2])
        return g.op("Reshape", [x, g.const(np.array([-1, oc, 2 * side, 2 * side], np.int64))])

    def upscale(w, name, x, cout, side):
        return d2s(lrelu(conv(w, f"{name}/conv1", x), 0.1), 4 * cout, side)

    def res(w, name, x):
        y = lrelu(conv(w, f"{name}/conv1", x), 0.2)
        return lrelu(g.op("Add", [x, conv(w, f"{name}/conv2", y)]), 0.2)

    def dense(w, name, x):
        return g.op("Add", [g.op("MatMul", [x, g.const(w[f"{name}/weight:0"])]), g.const(w[f"{name}/bias:0"])])

    x = g.op("Transpose", ["in_face:0"], perm=[0, 3, 1, 2])
    for i in range(4):
        x = lrelu(conv(enc, f"down1/downs_{i}/conv1", x, stride=2), 0.1)
    x = g.op("Reshape", [x, g.const(np.array([-1, 8 * E * 4 * 4], np.int64))])
    mean = g.op("ReduceMean", [g.op("Mul", [x, x])], axes=[1], keepdims=1)
    x = g.op("Mul", [x, g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [mean, g.const(np.float32(1e-6))])])])])

    def inter(w):
        y = dense(w, "dense2", dense(w, "dense1", x))
        y = g.op("Reshape", [y, g.const(np.array([-1, 2 * AE, 2, 2], np.int64))])
        return upscale(w, "upscale1", y, 2 * AE, 2)

    code_ab, code_b = inter(ab), inter(b)

    def decoder(z):
        y, side = z, 4
        for i, ch in enumerate([8 * D, 4 * D, 2 * D]):
            y = res(dec, f"res{i}", upscale(dec, f"upscale{i}", y, ch, side)); side *= 2
        y = g.op("Concat", [conv(dec, n, y) for n in ("out_conv", "out_conv1", "out_conv2", "out_conv3")], axis=1)
        face = g.op("Sigmoid", [d2s(y, 12, side)])
        m, side = z, 4
        for i, ch in enumerate([8 * M, 4 * M, 2 * M, M]):
            m = upscale(dec, f"upscalem{i}", m, ch, side); side *= 2
        return face, g.op("Sigmoid", [conv(dec, "out_convm", m)])

    face, face_mask = decoder(g.op("Concat", [code_ab, code_ab], axis=1))
    _, dst_mask = decoder(g.op("Concat", [code_b, code_ab], axis=1))
    outputs = []
    for name, value, channels in (("out_face_mask:0", dst_mask, 1), ("out_celeb_face:0", face, 3), ("out_celeb_face_mask:0", face_mask, 1)):
        g.op("Identity", [g.op("Transpose", [value], perm=[0, 2, 3, 1])], output=name)
        outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["unk__1", RES, RES, channels]))
    inputs = [helper.make_tensor_value_info("in_face:0", TensorProto.FLOAT, ["unk__0", RES, RES, 3])]
    save(g, "SAEHD", inputs, outputs, os.path.join(OUT, "reference_SAEHD_model.dfm"))
    amp()


if __name__ == "__main__":
    main()
