#!/usr/bin/python3
"""Trains the network of samples/OnnxCancer in PyTorch and exports it as samples/OnnxCancer/cancer.onnx.

A 30-16-8-2 network, ReLU hidden units and a softmax over (malignant, benign), on the training rows of
samples/BreastCancer/breast_cancer.csv (its is_test column splits it: 455 training rows, 114 test rows). The
features are standardized with the training rows' mean and standard deviation, and that standardization is then
folded into the first layer (W1' = W1 / s, b1' = b1 - W1' m), so the exported model takes the raw measurements.
Exported with torch.onnx.export (opset 17, symbolic batch): Gemm per nn.Linear, Relu, Softmax(axis 1).

Debian's python3-torch (1.13) and python3-onnx; run from anywhere: /usr/bin/python3 tools/onnx/train_cancer.py
Seeds are fixed; the script prints the test accuracy PyTorch computes, which the sample prints beside its own.
"""
import csv
import os

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "samples", "BreastCancer", "breast_cancer.csv")
OUT = os.path.join(ROOT, "samples", "OnnxCancer", "cancer.onnx")


def load():
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    target, is_test = header.index("label"), header.index("is_test")
    features = [i for i in range(len(header)) if i not in (target, is_test)]
    x = torch.tensor([[float(r[i]) for i in features] for r in rows], dtype=torch.float64)
    y = torch.tensor([int(float(r[target])) for r in rows])
    test = torch.tensor([r[is_test] == "1" for r in rows])
    return x, y, test


def main():
    torch.manual_seed(0)
    x, y, test = load()
    train = ~test
    mean = x[train].mean(dim=0)
    std = x[train].std(dim=0, unbiased=False)
    z = ((x - mean) / std).float()

    model = torch.nn.Sequential(
        torch.nn.Linear(30, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 8), torch.nn.ReLU(),
        torch.nn.Linear(8, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(300):
        optimizer.zero_grad()
        loss = loss_fn(model(z[train]), y[train])
        loss.backward()
        optimizer.step()

    with torch.no_grad():
        first = model[0]
        w = first.weight.double() / std          # [16, 30] / [30]
        b = first.bias.double() - w @ mean
        first.weight.copy_(w.float())
        first.bias.copy_(b.float())
        exported = torch.nn.Sequential(*model, torch.nn.Softmax(dim=1))
        predictions = exported(x.float()).argmax(dim=1)
        accuracy = (predictions[test] == y[test]).float().mean().item()
        print(f"final training loss {loss.item():.4f}; PyTorch test accuracy on the raw features: {accuracy:.3f} "
              f"({int((predictions[test] == y[test]).sum())} of {int(test.sum())})")

    torch.onnx.export(
        exported, torch.zeros(1, 30), OUT, opset_version=17,
        input_names=["input"], output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
