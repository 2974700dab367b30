// A network trained in PyTorch, compiled in from its ONNX export: the attribute below and one AdditionalFiles line
// in the project file are all of it. The program classifies the held-out rows of the breast cancer data set with the
// compiled network and with ONNX Runtime on the same file, and prints both accuracies and how far their outputs differ.
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen;

string folder = AppContext.BaseDirectory;
string[] lines = File.ReadAllLines(Path.Combine(folder, "breast_cancer.csv"));
string[] header = lines[0].Split(',');
int labelColumn = Array.IndexOf(header, "label"), testColumn = Array.IndexOf(header, "is_test");
int[] featureColumns = Enumerable.Range(0, header.Length).Where(c => c != labelColumn && c != testColumn).ToArray();
string[][] testRows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r[testColumn] == "1").ToArray();
int rows = testRows.Length;

// The raw measurements: the model folds the training rows' standardization into its first layer.
float[] inputs = testRows.SelectMany(r => featureColumns.Select(c => float.Parse(r[c], CultureInfo.InvariantCulture))).ToArray();
int[] labels = testRows.Select(r => (int)double.Parse(r[labelColumn], CultureInfo.InvariantCulture)).ToArray();

var network = new CancerNet();
float[] compiled = new float[rows * CancerNet.OutputCount];
network.ForwardBatch(inputs, compiled);

float[] runtime;
using (var session = new InferenceSession(Path.Combine(folder, "cancer.onnx")))
using (var input = OrtValue.CreateTensorValueFromMemory(inputs, new long[] { rows, CancerNet.InputCount }))
using (var options = new RunOptions())
using (var results = session.Run(options, new[] { "input" }, new[] { input }, new[] { "output" }))
{
    runtime = results[0].GetTensorDataAsSpan<float>().ToArray();
}

int Predicted(float[] outputs, int row) => outputs[(2 * row) + 1] > outputs[2 * row] ? 1 : 0;   // (malignant, benign)
int compiledRight = Enumerable.Range(0, rows).Count(n => Predicted(compiled, n) == labels[n]);
int runtimeRight = Enumerable.Range(0, rows).Count(n => Predicted(runtime, n) == labels[n]);
int sameClass = Enumerable.Range(0, rows).Count(n => Predicted(compiled, n) == Predicted(runtime, n));
double largest = compiled.Zip(runtime, (a, b) => Math.Abs((double)a - b)).Max();

Console.WriteLine($"[Mlp({string.Join(", ", CancerNet.LayerSizes.ToArray())}, Activation = Relu, Output = Softmax, Weights = \"cancer.onnx\")]: "
    + $"{CancerNet.ParameterCount} parameters compiled in from a PyTorch export");
Console.WriteLine($"largest difference between the two outputs: {largest.ToString("0.0E+0", CultureInfo.InvariantCulture)}; "
    + $"same class on {sameClass} of {rows} rows");
Console.WriteLine($"NetGen test accuracy: {(compiledRight / (double)rows).ToString("0.000", CultureInfo.InvariantCulture)} "
    + $"({compiledRight} of {rows}), ONNX Runtime {(runtimeRight / (double)rows).ToString("0.000", CultureInfo.InvariantCulture)}");
return sameClass == rows && largest <= 1e-5 ? 0 : 1;

/// <summary>Trained in PyTorch (tools/onnx/train_cancer.py): the raw 30 measurements in, (malignant, benign) out.</summary>
[Mlp(30, 16, 8, 2, Activation = Activation.Relu, Output = Output.Softmax, Weights = "cancer.onnx")]
public partial class CancerNet
{
}
