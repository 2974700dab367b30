// Weights compiled into the program. `dotnet run -- train` trains XorNet (seeded, so every run gives the same
// network), saves it with SaveText to xor.weights.b64 and stops. The project gives that file to the compiler as an
// AdditionalFiles item, and [Mlp(2, 4, 1, Weights = "xor.weights.b64")] compiles it into TrainedXor: a plain
// `dotnet run` uses TrainedXor with no training and no file, and checks it against a network trained just now.
using System;
using System.IO;
using NetGen;

float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
float[] targets = { 0, 1, 1, 0 };

XorNet Train()
{
    var net = new XorNet();
    net.InitializeParameters(seed: 1);
    for (int epoch = 0; epoch < 2_000; epoch++)
    {
        net.TrainBatch(inputs, targets, learningRate: 2f, l2: 0f, trainingSetSize: 4);
    }

    return net;
}

if (args.Length > 0 && args[0] == "train")
{
    string path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "xor.weights.b64");
    using (StreamWriter writer = File.CreateText(path))
    {
        Train().SaveText(writer);
    }

    Console.WriteLine("trained and saved " + Path.GetFullPath(path) + ": build again to compile it in");
    return 0;
}

var compiled = new TrainedXor();   // trained already: its parameters are static data in this assembly
var fresh = Train();
var outputs = new float[4];
var expected = new float[4];
compiled.ForwardBatch(inputs, outputs);
fresh.ForwardBatch(inputs, expected);
bool ok = true;
for (int n = 0; n < 4; n++)
{
    Console.WriteLine($"{inputs[2 * n]} xor {inputs[(2 * n) + 1]} = {outputs[n]:0.000} (compiled in), {expected[n]:0.000} (trained now)");
    ok &= MathF.Abs(outputs[n] - expected[n]) < 1e-5f && MathF.Abs(outputs[n] - targets[n]) < 0.2f;
}

Console.WriteLine(ok ? $"compiled-in weights ({TrainedXor.ParameterCount} parameters) match the trained network" : "MISMATCH: run with the argument train, then build again");
return ok ? 0 : 1;

/// <summary>The network that is trained.</summary>
[Mlp(2, 4, 1)]
public partial class XorNet
{
}

/// <summary>The same network with the trained weights compiled in.</summary>
[Mlp(2, 4, 1, Weights = "xor.weights.b64")]
public partial class TrainedXor
{
}
