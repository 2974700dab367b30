// A program that knows NetGen only as a NuGet package: trains XOR, saves the network to a weight file, loads it
// into a second instance and checks that both answer alike; trains a deep SIMD network (ReLU, softmax, Adam, double)
// through the generated Fit and round-trips it through SaveText/LoadText; and checks a network with compiled-in
// weights, and one compiled from an ONNX model. .ci/package-test.sh runs it with `dotnet run` and as a Native AOT binary, so the AOT compiler analyses
// every kind of generated code, not only the unrolled XOR network's.
using System;
using System.IO;
using System.Linq;
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

// Three classes of 8 features, each class around its own centre: the deep network must separate them.
const int Samples = 240;
var random = new Random(3);
double[] x = new double[Samples * DeepNet.InputCount], t = new double[Samples * DeepNet.OutputCount];
int[] label = new int[Samples];
for (int n = 0; n < Samples; n++)
{
    label[n] = n % DeepNet.OutputCount;
    t[(n * DeepNet.OutputCount) + label[n]] = 1;
    for (int i = 0; i < DeepNet.InputCount; i++)
    {
        x[(n * DeepNet.InputCount) + i] = (i % DeepNet.OutputCount == label[n] ? 1.5 : 0) + (random.NextDouble() - 0.5);
    }
}

var deep = new DeepNet();
deep.InitializeParameters(seed: 2);
int reports = 0;
DeepNet.TrainingResult result = deep.Fit(x, t, new DeepNet.TrainingOptions { Epochs = 30, BatchSize = 16, LearningRate = 0.01, Seed = 4 },
    new Progress(() => reports++));
var text = new StringWriter();
deep.SaveText(text);
var deepLoaded = new DeepNet();
deepLoaded.LoadText(new StringReader(text.ToString()));
int correct = 0;
bool sameAnswers = true;
var y = new double[DeepNet.OutputCount];
var yLoaded = new double[DeepNet.OutputCount];
for (int n = 0; n < Samples; n++)
{
    deep.Forward(x.AsSpan(n * DeepNet.InputCount, DeepNet.InputCount), y);
    deepLoaded.Forward(x.AsSpan(n * DeepNet.InputCount, DeepNet.InputCount), yLoaded);
    sameAnswers &= y.AsSpan().SequenceEqual(yLoaded);
    correct += Array.IndexOf(y, y.Max()) == label[n] ? 1 : 0;
}

double accuracy = (double)correct / Samples;
bool deepLearned = accuracy >= 0.9 && sameAnswers && reports == result.Epochs;
Console.WriteLine($"deep SIMD Adam network: {result.Epochs} epochs through Fit, training accuracy {accuracy:0.000}, "
    + (sameAnswers ? "same answers after SaveText/LoadText" : "DIFFERENT answers after SaveText/LoadText"));

// Compiled-in weights: xor-seed7.weights.b64 is what XorNet saves after InitializeParameters(7).
var seeded = new XorNet();
seeded.InitializeParameters(seed: 7);
bool compiledIn = new CompiledXor().Parameters.SequenceEqual(seeded.Parameters);
Console.WriteLine(compiledIn ? "compiled-in weights: equal to the seed-7 network" : "compiled-in weights: DIFFERENT");

// An ONNX model (a PyTorch export) compiled in through the package's build step, against the same file loaded at run
// time; then exported with SaveOnnx and imported again.
var compiledOnnx = new OnnxIris();
var loadedOnnx = new OnnxIris();
using (FileStream model = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "iris.onnx")))
{
    loadedOnnx.LoadOnnx(model);
}

var exported = new MemoryStream();
compiledOnnx.SaveOnnx(exported);
var reimported = new OnnxIris();
reimported.LoadOnnx(exported.ToArray());
bool onnx = compiledOnnx.Parameters.SequenceEqual(loadedOnnx.Parameters) && reimported.Parameters.SequenceEqual(loadedOnnx.Parameters);
Console.WriteLine(onnx
    ? $"ONNX: compiled-in model equal to LoadOnnx of the same file ({OnnxIris.ParameterCount} parameters); SaveOnnx then LoadOnnx bit for bit"
    : "ONNX: compiled-in and loaded models DIFFER");

bool passed = learned && deepLearned && compiledIn && onnx;
Console.WriteLine(passed ? "package consumer: learned XOR" : "package consumer: FAILED");
return passed ? 0 : 1;

/// <summary>The lecture's XOR network, from the NetGen package.</summary>
[Mlp(2, 4, 1)]
public partial class XorNet
{
}

/// <summary>Every other kind of generated code: two hidden layers, SIMD kernels, ReLU, softmax, Adam, double.</summary>
[Mlp(8, 16, 12, 3, Activation = Activation.Relu, Output = Output.Softmax, Optimizer = Optimizer.Adam,
    Kernels = Kernels.Simd, Precision = Precision.Double)]
public partial class DeepNet
{
}

/// <summary>XOR's seed-7 starting point, compiled in from an AdditionalFiles item.</summary>
[Mlp(2, 4, 1, Weights = "xor-seed7.weights.b64")]
public partial class CompiledXor
{
}

/// <summary>A 4-8-3 tanh + softmax network trained in PyTorch, compiled in from its ONNX export.</summary>
[Mlp(4, 8, 3, Activation = Activation.Tanh, Output = Output.Softmax, Weights = "gemm_4_8_3_tanh_softmax_op17_dyn.onnx")]
public partial class OnnxIris
{
}

/// <summary>Counts Fit's epoch reports.</summary>
internal sealed class Progress(Action onReport) : IProgress<DeepNet.EpochReport>
{
    public void Report(DeepNet.EpochReport value) => onReport();
}
