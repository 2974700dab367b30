#!/usr/bin/python3
"""Makes the ONNX test models of tests/NetGen.Onnx.Tests/Models (and its README table and models.json).

Run from anywhere with Debian's python3-torch (1.13) and python3-onnx (1.12):

    /usr/bin/python3 tools/onnx/make_models.py

Every model is a small PyTorch MLP, nn.Sequential(Linear, act, ..., Linear[, Sigmoid | Softmax(dim=1)]), with
weights from a fixed seed, exported by torch.onnx.export. The models are checked in; the tests never run Python.

The two forms PyTorch writes:
  * "gemm":   nn.Linear on a rank-2 input. torch.onnx exports F.linear (aten::addmm) as one Gemm node per layer,
              transB=1, the weight initializer stored [out, in] as nn.Linear holds it.
  * "matmul": the same layers written out as `x @ W.T + b` (ExplicitLinear below). aten::matmul exports as MatMul and
              the + as Add; constant folding (on by default) turns W.T into a transposed initializer, stored
              [in, out] and named like "onnx::MatMul_12". (nn.Linear on a rank-3 input would also give MatMul + Add,
              but then the model's input and output are rank 3; the explicit module keeps them [batch, features].)

Refusal models are exported the same way and then, where PyTorch cannot produce the defect, edited with the onnx
package (each edit is described in its "purpose" and done in one function below).
"""
import io
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "NetGen.Onnx.Tests", "Models"))


class ExplicitLinear(torch.nn.Module):
    """y = x @ W.T + b: the same parameters as nn.Linear, exported as MatMul + Add instead of Gemm."""

    def __init__(self, inputs, outputs):
        super().__init__()
        reference = torch.nn.Linear(inputs, outputs)  # same initialization as nn.Linear
        self.weight = torch.nn.Parameter(reference.weight.detach().clone())
        self.bias = torch.nn.Parameter(reference.bias.detach().clone())

    def forward(self, x):
        return x @ self.weight.T + self.bias


class AddmmLinear(torch.nn.Module):
    """y = addmm(b, x, W) with W held [in, out]: exported as a Gemm without transB (transB = 0)."""

    def __init__(self, inputs, outputs):
        super().__init__()
        reference = torch.nn.Linear(inputs, outputs)
        self.weight = torch.nn.Parameter(reference.weight.detach().T.contiguous().clone())
        self.bias = torch.nn.Parameter(reference.bias.detach().clone())

    def forward(self, x):
        return torch.addmm(self.bias, x, self.weight)


ACTIVATIONS = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU,
               "leakyrelu": lambda: torch.nn.LeakyReLU(0.1)}


def build(sizes, act, head, form, seed, flatten=False):
    torch.manual_seed(seed)
    linear = {"matmul": ExplicitLinear, "gemm_transb0": AddmmLinear}.get(form, torch.nn.Linear)
    layers = [torch.nn.Flatten()] if flatten else []
    for l in range(len(sizes) - 1):
        layers.append(linear(sizes[l], sizes[l + 1]))
        if l < len(sizes) - 2:
            layers.append(ACTIVATIONS[act]())
    if head == "sigmoid":
        layers.append(torch.nn.Sigmoid())
    elif head == "softmax":
        layers.append(torch.nn.Softmax(dim=1))
    model = torch.nn.Sequential(*layers).eval()
    with torch.no_grad():  # biases of a visible size, so that a dropped bias cannot pass unnoticed
        for p in model.parameters():
            if p.dim() == 1:
                p.uniform_(-0.5, 0.5)
    return model


def export(model, example, opset, dynamic, keep_initializers_as_inputs=False):
    buffer = io.BytesIO()
    torch.onnx.export(model, example, buffer, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None,
                      keep_initializers_as_inputs=keep_initializers_as_inputs, do_constant_folding=True)
    return onnx.load_from_string(buffer.getvalue())


# Edits for the encodings and defects PyTorch does not write by itself.

def to_float_data(model):
    """Every initializer re-encoded from raw_data into the packed float_data field (both are valid ONNX)."""
    for t in model.graph.initializer:
        values = numpy_helper.to_array(t).astype(np.float32).ravel()
        t.ClearField("raw_data")
        t.float_data.extend(values.tolist())
    return model


def drop_initializer(model, name):
    """The initializer `name` deleted; the model (exported with keep_initializers_as_inputs) still lists it as a
    graph input, so its value would have to be fed at run time: a weight the file does not carry."""
    kept = [t for t in model.graph.initializer if t.name != name]
    assert len(kept) == len(model.graph.initializer) - 1, name
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    return model


def widen_weight(model, name, extra_columns):
    """The [out, in] weight `name` replaced by [out, in + extra] (seeded values): its layer then takes more inputs
    than the layer before it gives."""
    for i, t in enumerate(model.graph.initializer):
        if t.name == name:
            w = numpy_helper.to_array(t)
            rng = np.random.default_rng(5)
            wider = np.concatenate([w, rng.uniform(-1, 1, (w.shape[0], extra_columns)).astype(np.float32)], axis=1)
            model.graph.initializer[i].CopyFrom(numpy_helper.from_array(wider, name))
            return model
    raise KeyError(name)


def set_gemm_alpha(model, alpha):
    """alpha of the first Gemm set to `alpha`: Y = alpha * A B^T + beta * C, a scaling NetGen has no place for."""
    node = next(n for n in model.graph.node if n.op_type == "Gemm")
    for a in node.attribute:
        if a.name == "alpha":
            a.f = alpha
            return model
    node.attribute.append(helper.make_attribute("alpha", alpha))
    return model


# name, layer sizes, hidden activation, head, form, opset, dynamic batch, purpose, options
ACCEPTED = [
    ("gemm_2_4_1_sigmoid_sigmoid_op11_dyn", [2, 4, 1], "sigmoid", "sigmoid", "gemm", 11, True,
     "the lecture's network, Gemm form, opset 11", {}),
    ("gemm_2_4_1_sigmoid_sigmoid_op17_fixed", [2, 4, 1], "sigmoid", "sigmoid", "gemm", 17, False,
     "fixed batch dimension, opset 17", {}),
    ("gemm_4_8_3_tanh_softmax_op17_dyn", [4, 8, 3], "tanh", "softmax", "gemm", 17, True,
     "tanh hidden units, softmax head (opset 13+ Softmax semantics)", {}),
    ("gemm_4_8_3_tanh_softmax_op11_fixed", [4, 8, 3], "tanh", "softmax", "gemm", 11, False,
     "softmax head under opset 11 (axis=1 on rank 2)", {}),
    ("gemm_30_16_1_relu_linear_op17_fixed", [30, 16, 1], "relu", "linear", "gemm", 17, False,
     "ReLU hidden units, linear head", {}),
    ("gemm_3_5_4_2_relu_softmax_op11_dyn", [3, 5, 4, 2], "relu", "softmax", "gemm", 11, True,
     "two hidden layers", {}),
    ("gemm_3_5_4_2_tanh_sigmoid_op17_fixed", [3, 5, 4, 2], "tanh", "sigmoid", "gemm", 17, False,
     "two hidden layers, tanh, sigmoid head", {}),
    ("gemm_4_6_5_4_3_sigmoid_linear_op11_dyn", [4, 6, 5, 4, 3], "sigmoid", "linear", "gemm", 11, True,
     "three hidden layers", {}),
    ("gemm_2_4_1_tanh_linear_op11_dyn_inputs", [2, 4, 1], "tanh", "linear", "gemm", 11, True,
     "initializers also listed as graph inputs (keep_initializers_as_inputs=True)",
     {"keep_initializers_as_inputs": True}),
    ("gemm_3_5_2_relu_sigmoid_op13_dyn_floatdata", [3, 5, 2], "relu", "sigmoid", "gemm", 13, True,
     "tensors in float_data instead of raw_data", {"float_data": True}),
    ("gemm_6_5_2_sigmoid_softmax_op11_dyn_flatten", [6, 5, 2], "sigmoid", "softmax", "gemm", 11, True,
     "nn.Flatten in front: input [batch, 2, 3] through a Flatten node", {"flatten": (2, 3)}),
    ("gemm_784_128_10_relu_softmax_op17_dyn", [784, 128, 10], "relu", "softmax", "gemm", 17, True,
     "the one large model (MNIST-sized)", {}),
    ("gemm_transb0_3_4_2_tanh_softmax_op13_dyn", [3, 4, 2], "tanh", "softmax", "gemm_transb0", 13, True,
     "Gemm with transB = 0 (torch.addmm on a weight held [in, out])", {}),
    ("matmul_2_4_1_sigmoid_sigmoid_op11_dyn", [2, 4, 1], "sigmoid", "sigmoid", "matmul", 11, True,
     "MatMul + Add form, opset 11", {}),
    ("matmul_4_8_3_relu_softmax_op17_fixed", [4, 8, 3], "relu", "softmax", "matmul", 17, False,
     "MatMul + Add, fixed batch, opset 17", {}),
    ("matmul_30_16_1_tanh_linear_op11_fixed", [30, 16, 1], "tanh", "linear", "matmul", 11, False,
     "MatMul + Add, tanh, linear head", {}),
    ("matmul_3_5_4_2_sigmoid_softmax_op17_dyn", [3, 5, 4, 2], "sigmoid", "softmax", "matmul", 17, True,
     "MatMul + Add, two hidden layers", {}),
    ("matmul_4_6_5_4_3_relu_sigmoid_op17_dyn", [4, 6, 5, 4, 3], "relu", "sigmoid", "matmul", 17, True,
     "MatMul + Add, three hidden layers", {}),
    ("matmul_3_5_4_2_tanh_linear_op11_fixed_floatdata", [3, 5, 4, 2], "tanh", "linear", "matmul", 11, False,
     "MatMul + Add with float_data tensors", {"float_data": True}),
]

# name, sizes, act, head, form, opset, dynamic, purpose, options (with "edit"), the reason NetGen refuses it
REFUSED = [
    ("refuse_leakyrelu", [2, 4, 1], "leakyrelu", "sigmoid", "gemm", 17, True,
     "hidden LeakyRelu: an operator NetGen does not compile", {}),
    ("refuse_float64", [2, 4, 1], "sigmoid", "sigmoid", "gemm", 17, True,
     "a float64 model (model.double()): tensors not float", {"double": True}),
    ("refuse_missing_initializer", [2, 4, 1], "sigmoid", "sigmoid", "gemm", 11, True,
     "layer 2's weight a graph input with no initializer", {"keep_initializers_as_inputs": True,
                                                            "edit": ("drop_initializer", "2.weight")}),
    ("refuse_layer_size", [3, 5, 4, 2], "relu", "softmax", "gemm", 17, True,
     "layer 2's weight widened to [4, 6]: takes 6 inputs where layer 1 gives 5", {"edit": ("widen_weight", "2.weight", 1)}),
    ("refuse_gemm_alpha", [2, 4, 1], "tanh", "linear", "gemm", 17, True,
     "first Gemm has alpha = 0.5", {"edit": ("set_gemm_alpha", 0.5)}),
]

FORM_NAMES = {"gemm": "Gemm", "matmul": "MatMul + Add", "gemm_transb0": "Gemm, transB = 0"}

EDITS = {"drop_initializer": drop_initializer, "widen_weight": widen_weight, "set_gemm_alpha": set_gemm_alpha}


def make(seed, name, sizes, act, head, form, opset, dynamic, options):
    flatten = options.get("flatten")
    model = build(sizes, act, head, form, seed, flatten=flatten is not None)
    example = torch.rand((3,) + tuple(flatten) if flatten else (3, sizes[0]))
    if options.get("double"):
        model = model.double()
        example = example.double()
    proto = export(model, example, opset, dynamic, options.get("keep_initializers_as_inputs", False))
    if options.get("float_data"):
        proto = to_float_data(proto)
    edit = options.get("edit")
    if edit:
        proto = EDITS[edit[0]](proto, *edit[1:])
    else:
        onnx.checker.check_model(proto)
    proto.producer_name = "pytorch"  # as exported; kept explicit so that the edit step cannot change it
    return proto


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    rows = []
    for seed, (name, sizes, act, head, form, opset, dynamic, purpose, options) in enumerate(ACCEPTED + REFUSED, 1):
        proto = make(seed, name, sizes, act, head, form, opset, dynamic, options)
        path = os.path.join(OUT, name + ".onnx")
        with open(path, "wb") as f:
            f.write(proto.SerializeToString())
        refused = name.startswith("refuse_")
        entry = {"file": name + ".onnx", "layers": sizes, "activation": act, "head": head, "form": form,
                 "opset": opset, "batch": "dynamic" if dynamic else "fixed (3)", "purpose": purpose,
                 "expect": "refuse" if refused else "accept", "seed": seed}
        if flatten := options.get("flatten"):
            entry["input_shape"] = list(flatten)
        manifest.append(entry)
        rows.append("| `{}` | {} | {} | {} | {} | {} | {} | {}{} |".format(
            entry["file"], "-".join(map(str, sizes)), act, head, FORM_NAMES[form],
            opset, entry["batch"], "**refused:** " if refused else "", purpose))
        print(name, os.path.getsize(path), "bytes")
    with open(os.path.join(OUT, "models.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README_HEAD.format(torch=torch.__version__, onnx=onnx.__version__))
        f.write("\n".join(rows) + "\n")


README_HEAD = """# ONNX test models

Made by `tools/onnx/make_models.py` (PyTorch {torch}, onnx {onnx}, Debian's `python3-torch` and `python3-onnx`) with
fixed seeds; checked in so that the tests never need Python. Rerunning the script rewrites every file here, this README
and `models.json` (the same table, read by the tests). Input `input`, output `output`; the batch dimension is the
symbolic `batch` or fixed at 3. Gemm form: one `Gemm` per layer (transB = 1) from `nn.Linear`; MatMul + Add form: the
same layers written as `x @ W.T + b`, which PyTorch exports as `MatMul` (weight initializer stored transposed,
[in, out]) then `Add`. Every accepted model passes `onnx.checker`; the refused ones are edited after export where
PyTorch cannot write the defect (see the script).

| file | layers | activation | head | form | opset | batch dim | what it is for |
| --- | --- | --- | --- | --- | --- | --- | --- |
"""

if __name__ == "__main__":
    sys.exit(main())
