using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// What Fit reports about its validation split, against an oracle outside the network: after every epoch, on a copy of
/// the network with the parameters Fit reported with, the validation loss is the mean of Backward's losses over the
/// validation samples and the accuracies are those of Forward's outputs by the head's rule. The validation samples are
/// found as Fit documents them: the last of one SplitMix64 Fisher–Yates shuffle of the samples, seeded with
/// Seed ^ 0x4E657447656E2121. Evaluating writes no gradient: Fit clears pending gradients when it starts and leaves
/// Gradients zero and no sample pending, after every epoch and at the end.
/// </summary>
public sealed class FitValidationTests
{
    private const int Samples = 23, Epochs = 6, Seed = 17;
    private const double ValidationFraction = 0.35;   // 8 of 23 samples

    private readonly record struct Report(int Epoch, double TrainingAccuracy, double ValidationLoss, double ValidationAccuracy);

    private sealed class Synchronous<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    public static TheoryData<string> Heads => new() { "sigmoid unrolled", "sigmoid simd", "softmax unrolled", "softmax simd", "linear unrolled", "linear simd" };

    [Theory]
    [MemberData(nameof(Heads))]
    public void ValidationNumbers_AreBackwardsMeanLossAndForwardsAccuracy_OnACopy(string which)
    {
        Out head = which.StartsWith("sigmoid", StringComparison.Ordinal) ? Out.Sigmoid : which.StartsWith("softmax", StringComparison.Ordinal) ? Out.Softmax : Out.Linear;
        IDeepNetwork<double> net = Create(which);
        int inputs = net.Sizes[0], outputs = net.Sizes[^1];
        (double[] x, double[] t) = Data(head, inputs, outputs);
        net.InitializeParameters(5);
        net.Backward(x.AsSpan(0, inputs), t.AsSpan(0, outputs));   // a pending gradient, which Fit must clear
        Assert.Contains(net.Gradients.ToArray(), g => g != 0);

        int validation = (int)(Samples * ValidationFraction);
        int[] validationSamples = ValidationSamples(validation);
        int[] trainingSamples = Enumerable.Range(0, Samples).Except(validationSamples).ToArray();
        var failures = new List<string>();
        int reports = 0;
        Fit(net, x, t, report =>
        {
            reports++;
            if (net.Gradients.ToArray().Any(g => g != 0))
            {
                failures.Add($"epoch {report.Epoch}: Gradients is not zero after the epoch's evaluation");
            }

            IDeepNetwork<double> copy = Create(which);
            net.Parameters.CopyTo(copy.Parameters);
            double lossSum = 0;
            foreach (int n in validationSamples)
            {
                lossSum += copy.Backward(x.AsSpan(n * inputs, inputs), t.AsSpan(n * outputs, outputs));
            }

            double expectedLoss = lossSum / validation;
            double expectedTraining = Accuracy(copy, head, x, t, trainingSamples);
            double expectedValidation = Accuracy(copy, head, x, t, validationSamples);
            if (!SameNumber(expectedLoss, report.ValidationLoss))
            {
                failures.Add($"epoch {report.Epoch}: ValidationLoss {report.ValidationLoss:R}, the mean of Backward's losses {expectedLoss:R}");
            }

            if (!SameNumber(expectedTraining, report.TrainingAccuracy) || !SameNumber(expectedValidation, report.ValidationAccuracy))
            {
                failures.Add($"epoch {report.Epoch}: accuracies {report.TrainingAccuracy:R}, {report.ValidationAccuracy:R}; Forward's {expectedTraining:R}, {expectedValidation:R}");
            }
        });

        Assert.Equal(Epochs, reports);
        Assert.True(failures.Count == 0, which + ":\n" + string.Join("\n", failures));
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0.0, g));
        // No sample is pending either: Step has nothing to apply.
        Assert.Throws<InvalidOperationException>(() => net.Step(0.1, 0, 1));
    }

    /// <summary>
    /// A validation loss the network overflows on is reported, not thrown, and early stopping counts it as no improvement.
    /// The linear-output 4-6-5-3 network is set up by hand so that the training samples (x_0 = −50) give finite losses and
    /// zero gradients for the huge output weight, while every validation sample (x_0 = +50) drives hidden unit 0 of layer 2 to
    /// 1 and the output to 10^308, whose squared error overflows. With patience 2 Fit stops after epoch 2 with no best epoch
    /// (0) and keeps the last parameters, as BestEpoch documents.
    /// </summary>
    [Fact]
    public void AnOverflowingValidationLoss_IsReportedAsInfinity_AndNeverCountsAsAnImprovement()
    {
        var net = new Deep4_6_5_3SigmoidLinearUnrolledD();
        int[] sizes = ((IDeepNetwork<double>)net).Sizes;
        int w2 = (sizes[1] * sizes[0]) + sizes[1], b2 = w2 + (sizes[2] * sizes[1]), w3 = b2 + sizes[2];
        Span<double> p = net.Parameters;
        p.Clear();
        for (int j = 0; j < sizes[1]; j++)
        {
            p[(j * sizes[0]) + 0] = 1;   // a1_j = x_0: z1_j ≈ 0 for training samples, ≈ 1 for validation samples
        }

        p[w2 + 0] = 2000;   // a2_0 = 2000 z1_0 − 1000: σ(a2_0) is 0 or 1
        p[b2 + 0] = -1000;
        p[w3 + 0] = 1e308;   // y_0 = 1e308 z2_0

        int validation = (int)(Samples * ValidationFraction);
        int[] validationSamples = ValidationSamples(validation);
        double[] x = new double[Samples * sizes[0]];
        double[] t = Enumerable.Repeat(0.5, Samples * sizes[^1]).ToArray();
        for (int n = 0; n < Samples; n++)
        {
            x[n * sizes[0]] = validationSamples.Contains(n) ? 50 : -50;
        }

        var losses = new List<double>();
        Deep4_6_5_3SigmoidLinearUnrolledD.TrainingResult result = net.Fit(
            x,
            t,
            new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.01, ValidationFraction = ValidationFraction, Seed = Seed, Patience = 2 },
            new Synchronous<Deep4_6_5_3SigmoidLinearUnrolledD.EpochReport>(r => losses.Add(r.ValidationLoss)));

        Assert.Equal(new[] { double.PositiveInfinity, double.PositiveInfinity }, losses);
        Assert.Equal(new Deep4_6_5_3SigmoidLinearUnrolledD.TrainingResult(2, 0, true), result);
        Assert.Equal(1e308, net.Parameters[w3]);   // every step left the huge weight as it was: its gradient is 0
        int trainingSample = Enumerable.Range(0, Samples).First(n => !validationSamples.Contains(n));
        Assert.True(double.IsFinite(net.Backward(x.AsSpan(trainingSample * sizes[0], sizes[0]), t.AsSpan(trainingSample * sizes[^1], sizes[^1]))));
    }

    /// <summary>The oracle's split: Fisher–Yates from SplitMix64 over 0..Samples-1, the last <paramref name="validation"/> in shuffled order.</summary>
    private static int[] ValidationSamples(int validation)
    {
        ulong state = unchecked((ulong)(long)Seed) ^ 0x4E657447656E2121UL;
        int[] order = Enumerable.Range(0, Samples).ToArray();
        for (int n = Samples - 1; n > 0; n--)
        {
            int k = (int)(InitializationTests.SplitMix64.Uniform(ref state) * (n + 1));
            (order[n], order[k]) = (order[k], order[n]);
        }

        return order[(Samples - validation)..];
    }

    /// <summary>NaN for linear outputs; otherwise the share of <paramref name="samples"/> Forward answers by the head's rule.</summary>
    private static double Accuracy(IDeepNetwork<double> net, Out head, double[] x, double[] t, int[] samples)
    {
        if (head == Out.Linear)
        {
            return double.NaN;
        }

        int inputs = net.Sizes[0], outputs = net.Sizes[^1], correct = 0;
        double[] y = new double[outputs];
        foreach (int n in samples)
        {
            net.Forward(x.AsSpan(n * inputs, inputs), y);
            double[] target = t.AsSpan(n * outputs, outputs).ToArray();
            bool right = head == Out.Softmax
                ? Array.IndexOf(y, y.Max()) == Array.IndexOf(target, target.Max())
                : Enumerable.Range(0, outputs).All(k => (y[k] >= 0.5) == (target[k] >= 0.5));
            correct += right ? 1 : 0;
        }

        return (double)correct / samples.Length;
    }

    private static bool SameNumber(double expected, double actual) => expected.Equals(actual);   // bit for bit; NaN equals NaN

    private static (double[] X, double[] T) Data(Out head, int inputs, int outputs)
    {
        var random = new Random(8);
        double[] x = Enumerable.Range(0, Samples * inputs).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        double[] t = new double[Samples * outputs];
        for (int n = 0; n < Samples; n++)
        {
            int hot = random.Next(outputs);
            for (int k = 0; k < outputs; k++)
            {
                t[(n * outputs) + k] = head switch
                {
                    Out.Softmax => k == hot ? 1 : 0,
                    Out.Linear => (random.NextDouble() * 2) - 1,
                    _ => random.Next(2),
                };
            }
        }

        return (x, t);
    }

    private static IDeepNetwork<double> Create(string which) => which switch
    {
        "sigmoid unrolled" => new Deep4_6_5_3SigmoidSigmoidUnrolledD(),
        "sigmoid simd" => new Deep4_6_5_3SigmoidSigmoidSimdD(),
        "softmax unrolled" => new Deep4_6_5_3SigmoidSoftmaxUnrolledD(),
        "softmax simd" => new Deep4_6_5_3SigmoidSoftmaxSimdD(),
        "linear unrolled" => new Deep4_6_5_3SigmoidLinearUnrolledD(),
        "linear simd" => new Deep4_6_5_3SigmoidLinearSimdD(),
        _ => throw new ArgumentException(which),
    };

    /// <summary>Fit with this class's settings; each network has its own option and report types, so one case each.</summary>
    private static void Fit(IDeepNetwork<double> net, double[] x, double[] t, Action<Report> onReport)
    {
        switch (net)
        {
            case Deep4_6_5_3SigmoidSigmoidUnrolledD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.5, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidSigmoidUnrolledD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            case Deep4_6_5_3SigmoidSigmoidSimdD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.5, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidSigmoidSimdD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            case Deep4_6_5_3SigmoidSoftmaxUnrolledD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.5, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidSoftmaxUnrolledD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            case Deep4_6_5_3SigmoidSoftmaxSimdD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.5, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidSoftmaxSimdD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            case Deep4_6_5_3SigmoidLinearUnrolledD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.1, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidLinearUnrolledD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            case Deep4_6_5_3SigmoidLinearSimdD n:
                n.Fit(x, t, new() { Epochs = Epochs, BatchSize = 5, LearningRate = 0.1, ValidationFraction = ValidationFraction, Seed = Seed },
                    new Synchronous<Deep4_6_5_3SigmoidLinearSimdD.EpochReport>(r => onReport(new(r.Epoch, r.TrainingAccuracy, r.ValidationLoss, r.ValidationAccuracy))));
                break;
            default:
                throw new ArgumentException(net.GetType().Name);
        }
    }
}
