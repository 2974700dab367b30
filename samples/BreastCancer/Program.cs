using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;

// Breast Cancer Wisconsin (Diagnostic): tell malignant (0) from benign (1) tumours using 30 measurements
// of cell nuclei. NetGen turns the [Mlp(30, 16, 1)] attribute at the bottom of this file into a network
// with 30 inputs, 16 sigmoid hidden units and 1 sigmoid output; this program trains it with online SGD.

// Hyperparameters. With λ = 2 and N = 455 training rows, each step shrinks every weight by η·λ/N ≈ 0.00009
// of itself; with no penalty the network fits the training rows more closely and test accuracy ends near 0.95.
const int Epochs = 50;
const float LearningRate = 0.02f;  // η
const float L2 = 2f;               // λ: the penalty is λ/(2N) Σ w² over the N training rows
const int ShuffleSeed = 42;        // seeds Fit's per-epoch shuffle, so every run prints the same numbers
const int InitSeed = 1;            // seeds the Glorot-uniform initial weights

Console.WriteLine(
    $"CancerNet: {CancerNet.InputCount} inputs, {CancerNet.HiddenCount} hidden, {CancerNet.OutputCount} output, "
    + $"{CancerNet.ParameterCount} parameters");
Console.WriteLine(
    "Generated source: samples/BreastCancer/obj/generated/NetGen.Generator/NetGen.Generator.MlpGenerator/CancerNet.Mlp.g.cs");

// Load the CSV: a header, then one row per sample with the 30 features, `label` (0 malignant, 1 benign)
// and `is_test` (1 for the fixed 20 % test split). Each split's features go into one flat array,
// InputCount values per sample, and its labels into another.
string[][] rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "breast_cancer.csv"))
    .Skip(1)
    .Select(line => line.Split(','))
    .ToArray();
const int LabelColumn = CancerNet.InputCount, IsTestColumn = CancerNet.InputCount + 1;
int testCount = rows.Count(cells => cells[IsTestColumn] == "1");
int trainCount = rows.Length - testCount;

float[] trainX = new float[trainCount * CancerNet.InputCount], testX = new float[testCount * CancerNet.InputCount];
float[] trainY = new float[trainCount], testY = new float[testCount];
int nTrain = 0, nTest = 0;
foreach (string[] cells in rows)
{
    bool isTest = cells[IsTestColumn] == "1";
    float[] x = isTest ? testX : trainX, y = isTest ? testY : trainY;
    int n = isTest ? nTest++ : nTrain++;
    for (int i = 0; i < CancerNet.InputCount; i++)
    {
        x[n * CancerNet.InputCount + i] = float.Parse(cells[i], CultureInfo.InvariantCulture);
    }

    y[n] = float.Parse(cells[LabelColumn], CultureInfo.InvariantCulture);
}

// Standardize each feature to mean 0 and standard deviation 1, using statistics of the training rows
// only, so that nothing about the test rows leaks into training.
for (int i = 0; i < CancerNet.InputCount; i++)
{
    double sum = 0, sumOfSquares = 0;
    for (int n = 0; n < trainCount; n++)
    {
        double v = trainX[n * CancerNet.InputCount + i];
        sum += v;
        sumOfSquares += v * v;
    }

    double mean = sum / trainCount;
    double std = Math.Sqrt(Math.Max(sumOfSquares / trainCount - mean * mean, 0));
    float scale = std > 0 ? (float)(1 / std) : 1f;
    Standardize(trainX, i, (float)mean, scale);
    Standardize(testX, i, (float)mean, scale);
}

var net = new CancerNet();
net.InitializeParameters(InitSeed);
// Online SGD through the generated Fit: batches of one row, in a fresh seeded order each epoch, with the
// epoch's report printed as soon as it is made (train loss and accuracy from Fit, test accuracy from here).
Console.WriteLine($"{"epoch",5}  {"train loss",10}  {"train acc",9}  {"test acc",8}");
var losses = new List<double>();
var testAccuracies = new List<double>();
net.Fit(trainX, trainY, new CancerNet.TrainingOptions
{
    Epochs = Epochs,
    BatchSize = 1,
    LearningRate = LearningRate,
    L2 = L2,
    Seed = ShuffleSeed,
}, new Printer(report =>
{
    losses.Add(report.TrainingLoss);
    testAccuracies.Add(Accuracy(net, testX, testY));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{report.Epoch,5}  {report.TrainingLoss,10:F4}  {report.TrainingAccuracy,9:F3}  {testAccuracies[^1],8:F3}"));
}));

// `dotnet run --project samples/BreastCancer -- --loss-plot loss.png` also draws the loss curve.
int plotArgument = Array.IndexOf(args, "--loss-plot");
if (plotArgument >= 0 && plotArgument + 1 < args.Length)
{
    var plot = new ScottPlot.Plot();
    double[] epochs = Enumerable.Range(1, losses.Count).Select(e => (double)e).ToArray();
    plot.Add.Scatter(epochs, losses.ToArray()).LegendText = "training loss (cross-entropy)";
    plot.Add.Scatter(epochs, testAccuracies.ToArray()).LegendText = "test accuracy";
    plot.XLabel("epoch");
    plot.Title("CancerNet, 30-16-1, online SGD");
    plot.ShowLegend();
    plot.SavePng(args[plotArgument + 1], 800, 500);
    Console.WriteLine("loss curve written to " + Path.GetFullPath(args[plotArgument + 1]));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {Accuracy(net, testX, testY):F3}"));

// x ← (x − mean) · scale for feature i of every row.
static void Standardize(float[] x, int i, float mean, float scale)
{
    for (int k = i; k < x.Length; k += CancerNet.InputCount) x[k] = (x[k] - mean) * scale;
}

// The share of samples whose output, thresholded at 0.5, matches the label.
static double Accuracy(CancerNet net, float[] x, float[] y)
{
    Span<float> output = stackalloc float[CancerNet.OutputCount];
    int correct = 0;
    for (int n = 0; n < y.Length; n++)
    {
        net.Forward(x.AsSpan(n * CancerNet.InputCount, CancerNet.InputCount), output);
        if ((output[0] >= 0.5f ? 1f : 0f) == y[n]) correct++;
    }

    return (double)correct / y.Length;
}

[Mlp(30, 16, 1)]
partial class CancerNet { }

/// <summary>Runs an action on each report, on the training thread (Progress&lt;T&gt; would post it elsewhere, out of order with the output).</summary>
sealed class Printer(Action<CancerNet.EpochReport> print) : IProgress<CancerNet.EpochReport>
{
    public void Report(CancerNet.EpochReport value) => print(value);
}
