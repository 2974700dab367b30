using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;

// Iris: tell three species of iris apart from four measurements of the flower. NetGen turns the attribute at the
// bottom of this file into a network with 4 inputs, 8 sigmoid hidden units and 3 softmax outputs (one probability
// per species, trained with categorical cross-entropy); this program trains it with the generated Fit, online SGD.

const int Epochs = 100;
const float LearningRate = 0.05f;  // η
const float L2 = 0.01f;            // λ: the penalty is λ/(2N) Σ w² over the N training rows
const int ShuffleSeed = 42;        // seeds Fit's per-epoch shuffle, so every run prints the same numbers
const int InitSeed = 1;            // seeds the Glorot-uniform initial weights
string[] species = ["setosa", "versicolor", "virginica"];

Console.WriteLine(
    $"IrisNet: {IrisNet.InputCount} inputs, {IrisNet.HiddenCount} hidden, {IrisNet.OutputCount} softmax outputs, "
    + $"{IrisNet.ParameterCount} parameters");

// The CSV: a header, then the 4 features, `label` (0, 1, 2) and `is_test` (1 for the fixed 20 % test split).
string[][] rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "iris.csv"))
    .Skip(1)
    .Select(line => line.Split(','))
    .ToArray();
const int LabelColumn = IrisNet.InputCount, IsTestColumn = IrisNet.InputCount + 1;
int testCount = rows.Count(cells => cells[IsTestColumn] == "1");
int trainCount = rows.Length - testCount;

// Features in one flat array per split, InputCount values per sample; targets one-hot, OutputCount per sample.
float[] trainX = new float[trainCount * IrisNet.InputCount], testX = new float[testCount * IrisNet.InputCount];
float[] trainT = new float[trainCount * IrisNet.OutputCount];
int[] trainLabel = new int[trainCount], testLabel = new int[testCount];
int nTrain = 0, nTest = 0;
foreach (string[] cells in rows)
{
    bool isTest = cells[IsTestColumn] == "1";
    float[] x = isTest ? testX : trainX;
    int n = isTest ? nTest++ : nTrain++;
    for (int i = 0; i < IrisNet.InputCount; i++)
    {
        x[n * IrisNet.InputCount + i] = float.Parse(cells[i], CultureInfo.InvariantCulture);
    }

    int label = int.Parse(cells[LabelColumn], CultureInfo.InvariantCulture);
    if (isTest)
    {
        testLabel[n] = label;
    }
    else
    {
        trainLabel[n] = label;
        trainT[n * IrisNet.OutputCount + label] = 1f;
    }
}

// Standardize each feature with the training rows' mean and standard deviation (nothing leaks from the test rows).
for (int i = 0; i < IrisNet.InputCount; i++)
{
    double sum = 0, sumOfSquares = 0;
    for (int n = 0; n < trainCount; n++)
    {
        double v = trainX[n * IrisNet.InputCount + i];
        sum += v;
        sumOfSquares += v * v;
    }

    double mean = sum / trainCount;
    double std = Math.Sqrt(Math.Max(sumOfSquares / trainCount - mean * mean, 0));
    float scale = std > 0 ? (float)(1 / std) : 1f;
    for (int k = i; k < trainX.Length; k += IrisNet.InputCount) trainX[k] = (trainX[k] - (float)mean) * scale;
    for (int k = i; k < testX.Length; k += IrisNet.InputCount) testX[k] = (testX[k] - (float)mean) * scale;
}

var net = new IrisNet();
net.InitializeParameters(InitSeed);

// The generated Fit trains it: one TrainBatch per row (batch size 1: online SGD, softmax deltas y − t, backward,
// update), the rows in a seeded random order each epoch, and a report after each epoch, printed as it comes.
Console.WriteLine($"{"epoch",5}  {"train loss",10}  {"train acc",9}  {"test acc",8}");
IrisNet.TrainingResult result = net.Fit(trainX, trainT, new IrisNet.TrainingOptions
{
    Epochs = Epochs,
    BatchSize = 1,
    LearningRate = LearningRate,
    L2 = L2,
    Seed = ShuffleSeed,
}, new Printer(report =>
{
    if (report.Epoch % 10 == 0 || report.Epoch == 1)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Epoch,5}  {report.TrainingLoss,10:F4}  {report.TrainingAccuracy,9:F3}  {Accuracy(net, testX, testLabel),8:F3}"));
    }
}));
Console.WriteLine($"trained for {result.Epochs} epochs");

// One test flower, with the probabilities the network gives each species.
float[] probabilities = new float[IrisNet.OutputCount];
net.Forward(testX.AsSpan(0, IrisNet.InputCount), probabilities);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"first test flower ({species[testLabel[0]]}): {string.Join(", ", species.Select((s, k) => $"{s} {probabilities[k]:F3}"))}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {Accuracy(net, testX, testLabel):F3}"));

// The share of samples whose most probable class is the label.
static double Accuracy(IrisNet net, float[] x, int[] labels)
{
    Span<float> y = stackalloc float[IrisNet.OutputCount];
    int correct = 0;
    for (int n = 0; n < labels.Length; n++)
    {
        net.Forward(x.AsSpan(n * IrisNet.InputCount, IrisNet.InputCount), y);
        int best = 0;
        for (int k = 1; k < IrisNet.OutputCount; k++)
        {
            if (y[k] > y[best]) best = k;
        }

        if (best == labels[n]) correct++;
    }

    return (double)correct / labels.Length;
}

[Mlp(4, 8, 3, Output = Output.Softmax)]
partial class IrisNet { }

/// <summary>Runs an action on each report, on the training thread (Progress&lt;T&gt; would post it elsewhere, out of order with the output).</summary>
sealed class Printer(Action<IrisNet.EpochReport> print) : IProgress<IrisNet.EpochReport>
{
    public void Report(IrisNet.EpochReport value) => print(value);
}
