using System;
using NetGen;

// XOR, the smallest problem no linear model solves: 2 inputs, 4 sigmoid hidden units, 1 output.
var net = new XorNet();
net.InitializeParameters(seed: 1);

float[][] inputs = { new[] { 0f, 0f }, new[] { 0f, 1f }, new[] { 1f, 0f }, new[] { 1f, 1f } };
float[][] targets = { new[] { 0f }, new[] { 1f }, new[] { 1f }, new[] { 0f } };
float[] y = new float[XorNet.OutputCount];

int solvedAt = 0;
for (int epoch = 1; epoch <= 3000; epoch++)
{
    float loss = 0;
    for (int n = 0; n < inputs.Length; n++)
    {
        // Online SGD: one Backward and one Step per sample.
        loss += net.TrainSample(inputs[n], targets[n], learningRate: 0.5f, l2: 0f, trainingSetSize: inputs.Length);
    }

    if (solvedAt == 0 && AllRight())
    {
        solvedAt = epoch;
        Console.WriteLine($"epoch {epoch,4}: all four outputs on the right side of 0.5");
    }

    if (epoch % 500 == 0)
    {
        Console.WriteLine($"epoch {epoch,4}: mean loss {loss / inputs.Length:F4}");
    }
}

for (int n = 0; n < inputs.Length; n++)
{
    net.Forward(inputs[n], y);
    Console.WriteLine($"{inputs[n][0]} xor {inputs[n][1]} = {y[0]:F3}");
}

Console.WriteLine(solvedAt > 0 ? $"learned XOR after {solvedAt} epochs" : "did not learn XOR");
return solvedAt > 0 ? 0 : 1;

bool AllRight()
{
    for (int n = 0; n < inputs.Length; n++)
    {
        net.Forward(inputs[n], y);
        if ((y[0] > 0.5f) != (targets[n][0] > 0.5f))
        {
            return false;
        }
    }

    return true;
}

[Mlp(2, 4, 1)]                      // inputs, hidden, outputs
public partial class XorNet { }
