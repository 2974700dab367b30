// A program that knows NetGen only as a NuGet package: trains XOR, saves the network to a weight file, loads it
// into a second instance and checks that both answer alike. .ci/package-test.sh runs it with `dotnet run` and as a
// Native AOT binary.
using System;
using System.IO;
using NetGen;

float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
float[] targets = { 0, 1, 1, 0 };

var net = new XorNet();
net.InitializeParameters(seed: 1);
int epoch = 0;
float loss = float.PositiveInfinity;
while (loss > 0.01f && epoch < 20_000)
{
    loss = net.TrainBatch(inputs, targets, learningRate: 2f, l2: 0f, trainingSetSize: 4);
    epoch++;
}

string path = Path.Combine(Path.GetTempPath(), "netgen-package-consumer-" + Environment.ProcessId + ".weights");
using (FileStream file = File.Create(path))
{
    net.Save(file);
}

var loaded = new XorNet();
using (FileStream file = File.OpenRead(path))
{
    loaded.Load(file);
}

File.Delete(path);

var outputs = new float[4];
var again = new float[4];
net.ForwardBatch(inputs, outputs);
loaded.ForwardBatch(inputs, again);
bool learned = true;
for (int n = 0; n < 4; n++)
{
    Console.WriteLine($"{inputs[2 * n]} xor {inputs[(2 * n) + 1]} = {outputs[n]:0.000}");
    learned &= MathF.Abs(outputs[n] - targets[n]) < 0.2f && outputs[n] == again[n];
}

Console.WriteLine($"{XorNet.WeightFileLength}-byte weight file saved and loaded; mean loss {loss:0.0000} after {epoch} batch steps");
Console.WriteLine(learned ? "package consumer: learned XOR" : "package consumer: FAILED");
return learned ? 0 : 1;

/// <summary>The lecture's XOR network, from the NetGen package.</summary>
[Mlp(2, 4, 1)]
public partial class XorNet
{
}
