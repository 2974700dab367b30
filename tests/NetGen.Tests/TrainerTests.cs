using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The generated Fit: the same steps as TrainBatch by hand, reproducible by seed, a schedule and progress per epoch,
/// early stopping that keeps the best epoch's parameters, and settings checked before anything is written.
/// </summary>
public class TrainerTests
{
    private static readonly double[] XorInputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
    private static readonly double[] XorTargets = { 0, 1, 1, 0 };

    private sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Reports { get; } = new();

        public Action<T>? Also { get; init; }

        public void Report(T value)
        {
            Reports.Add(value);
            Also?.Invoke(value);
        }
    }

    /// <summary>With one batch of every sample and no split, an epoch is one TrainBatch over the data (in shuffled order, so to rounding).</summary>
    [Fact]
    public void FullBatchEpochs_AreTrainBatchSteps()
    {
        var fitted = new Net241D();
        var byHand = new Net241D();
        fitted.InitializeParameters(3);
        byHand.InitializeParameters(3);
        fitted.Fit(XorInputs, XorTargets, new Net241D.TrainingOptions { Epochs = 20, BatchSize = 4, LearningRate = 0.5, L2 = 0.1, Seed = 9 });
        for (int epoch = 0; epoch < 20; epoch++)
        {
            byHand.TrainBatch(XorInputs, XorTargets, 0.5, 0.1, 4);
        }

        Num.AllClose(byHand.Parameters.ToArray(), fitted.Parameters.ToArray(), 1e-12, "Fit against TrainBatch by hand");
    }

    [Fact]
    public void TheSameSeed_TrainsTheSameNetwork_BitForBit()
    {
        float[] Train(int seed)
        {
            var net = new Net241F();
            net.InitializeParameters(1);
            net.Fit(Array.ConvertAll(XorInputs, v => (float)v), Array.ConvertAll(XorTargets, v => (float)v), new Net241F.TrainingOptions { Epochs = 30, BatchSize = 1, LearningRate = 0.3f, Seed = seed });
            return net.Parameters.ToArray();
        }

        Assert.Equal(Train(5), Train(5));
        Assert.NotEqual(Train(5), Train(6));
    }

    [Fact]
    public void Progress_ReportsEveryEpoch_WithTheScheduledRate_AndXorIsLearned()
    {
        var net = new Net241D();
        net.InitializeParameters(1);
        var recorder = new Recorder<Net241D.EpochReport>();
        Net241D.TrainingResult result = net.Fit(XorInputs, XorTargets, new Net241D.TrainingOptions
        {
            Epochs = 400,
            BatchSize = 2,
            LearningRate = 2,
            LearningRateSchedule = (epoch, rate) => rate / (1 + (epoch / 200.0)),
            Seed = 1,
        }, recorder);

        Assert.Equal(new Net241D.TrainingResult(400, 400, false), result);
        Assert.Equal(Enumerable.Range(1, 400), recorder.Reports.Select(r => r.Epoch));
        Assert.Equal(2 / (1 + (37 / 200.0)), recorder.Reports[36].LearningRate);
        Assert.True(recorder.Reports[^1].TrainingLoss < recorder.Reports[0].TrainingLoss / 10, "the loss did not fall");
        Assert.Equal(1.0, recorder.Reports[^1].TrainingAccuracy);
        Assert.All(recorder.Reports, r => Assert.True(double.IsNaN(r.ValidationLoss) && double.IsNaN(r.ValidationAccuracy)));
    }

    /// <summary>Early stopping ends after Patience epochs without a better validation loss and keeps the best epoch's parameters.</summary>
    [Fact]
    public void EarlyStopping_KeepsTheBestEpoch()
    {
        // Noise to fit: 40 random samples with random labels, a large rate; the validation loss soon rises.
        var random = new Random(4);
        double[] x = Enumerable.Range(0, 40 * 30).Select(_ => random.NextDouble()).ToArray();
        double[] t = Enumerable.Range(0, 40).Select(_ => (double)random.Next(2)).ToArray();
        var net = new Net30x16x1D();
        net.InitializeParameters(2);
        var snapshots = new Dictionary<int, double[]>();
        var recorder = new Recorder<Net30x16x1D.EpochReport> { Also = r => snapshots[r.Epoch] = net.Parameters.ToArray() };
        Net30x16x1D.TrainingResult result = net.Fit(x, t, new Net30x16x1D.TrainingOptions
        {
            Epochs = 500, BatchSize = 4, LearningRate = 0.5, ValidationFraction = 0.25, Patience = 5, Seed = 3,
        }, recorder);

        Assert.True(result.StoppedEarly, "training never stopped early");
        Assert.Equal(result.BestEpoch + 5, result.Epochs);
        double best = recorder.Reports.Min(r => r.ValidationLoss);
        Assert.Equal(best, recorder.Reports[result.BestEpoch - 1].ValidationLoss);
        Assert.Equal(snapshots[result.BestEpoch], net.Parameters.ToArray());
        Assert.All(recorder.Reports, r => Assert.InRange(r.ValidationAccuracy, 0, 1));
    }

    public static TheoryData<string> BadSettings => new()
    {
        "epochs", "batch", "rate", "l2", "fraction", "patience without validation", "patience with an empty split", "schedule", "targets",
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSettings_ThrowBeforeAnythingIsWritten(string what)
    {
        var net = new Net241D();
        net.InitializeParameters(1);
        double[] before = net.Parameters.ToArray();
        var options = new Net241D.TrainingOptions { Epochs = 5 };
        double[] targets = XorTargets;
        switch (what)
        {
            case "epochs": options.Epochs = 0; break;
            case "batch": options.BatchSize = 0; break;
            case "rate": options.LearningRate = double.NaN; break;
            case "l2": options.L2 = -1; break;
            case "fraction": options.ValidationFraction = 1; break;
            case "patience without validation": options.Patience = 2; break;
            case "patience with an empty split": options.Patience = 2; options.ValidationFraction = 0.2; break;   // 0.2 × 4 samples rounds to 0
            case "schedule": options.LearningRateSchedule = (epoch, rate) => epoch == 4 ? 0 : rate; break;
            case "targets": targets = new double[3]; break;
        }

        // Which setting each case must be refused for: the exception's type, its ParamName and how its message begins.
        (Type type, string parameter, string message) expected = what switch
        {
            "epochs" => (typeof(ArgumentOutOfRangeException), "options", "options.Epochs must be at least 1."),
            "batch" => (typeof(ArgumentOutOfRangeException), "options", "options.BatchSize must be at least 1."),
            "rate" => (typeof(ArgumentOutOfRangeException), "options", "options.LearningRate (η) must be a finite number greater than 0."),
            "l2" => (typeof(ArgumentOutOfRangeException), "options", "options.L2 (λ) must be a finite number, 0 or more"),
            "fraction" => (typeof(ArgumentOutOfRangeException), "options", "options.ValidationFraction must be in [0, 1)"),
            "patience without validation" or "patience with an empty split" => (typeof(ArgumentException), "options", "options.Patience must be 0, or more than 0 with a validation split that holds at least one sample."),
            "schedule" => (typeof(ArgumentException), "options", "options.LearningRateSchedule gave 0 for epoch 4:"),
            "targets" => (typeof(ArgumentException), "targets", "targets has 3 elements, but 4 samples × Net241D.OutputCount is 4"),
            _ => throw new ArgumentException(what),
        };
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => net.Fit(XorInputs, targets, options));
        Assert.Equal(expected.type, error.GetType());
        Assert.Equal(expected.parameter, error.ParamName);
        Assert.StartsWith(expected.message, error.Message, StringComparison.Ordinal);

        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Throws<ArgumentNullException>(() => net.Fit(XorInputs, XorTargets, null!));
    }
}
