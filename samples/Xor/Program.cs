using System;
using NetGen;

// XOR, the smallest problem a linear model cannot solve: 2 inputs, 4 sigmoid hidden units, 1 output.
var net = new XorNet();
net.InitializeParameters(seed: 1);

float[][] inputs = { new[] { 0f, 0f }, new[] { 0f, 1f }, new[] { 1f, 0f }, new[] { 1f, 1f } };
float[][] targets = { new[] { 0f }, new[] { 1f }, new[] { 1f }, new[] { 0f } };
Span<float> y = stackalloc float[XorNet.OutputCount];

for (int epoch = 1; epoch <= 2000; epoch++)
{
    float loss = 0;
    for (int n = 0; n < inputs.Length; n++)
    {
        loss += net.TrainSample(inputs[n], targets[n], learningRate: 0.5f, l2: 0f, trainingSetSize: inputs.Length);
    }

    if (epoch % 250 == 0)
    {
        Console.WriteLine($"epoch {epoch,4}: mean loss {loss / inputs.Length:F4}");
    }
}

for (int n = 0; n < inputs.Length; n++)
{
    net.Forward(inputs[n], y);
    Console.WriteLine($"{inputs[n][0]} xor {inputs[n][1]} = {y[0]:F3}");
}

[Mlp(2, 4, 1)]
public partial class XorNet { }
