using System;
using System.Globalization;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>--check-yardstick [--calls N] [--shape I-H-O]</c>: no timing. For each shape class, two instances set up by
/// their <c>[GlobalSetup]</c> exactly as BenchmarkDotNet does (so the hand network starts from NetGen's seeded
/// parameters through <see cref="Yardstick.Textbook"/>), then the benchmark methods themselves called N times in a row,
/// <c>HandTrainSample</c> on one and <c>GeneratedTrainSample</c> on the other, as a BenchmarkDotNet process calls one of
/// them through warm-up and measurement. Every so often it prints, for each network: the mean loss of the last 64
/// calls (one pass over the samples), the largest |weight|, the number of NaN or ±∞ parameters, of subnormal
/// parameters and of exact zeros; the largest |pre-activation| of the hidden and of the output units over the 64
/// samples (past about 87 the sigmoid's exp(−a) is subnormal, past 103 the unit's σ(1 − σ) is 0 or subnormal); and the
/// largest difference between the two networks' parameters.
/// </summary>
internal static class YardstickCheck
{
    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        long? calls = null;
        string? only = null;
        for (int a = 0; a < args.Length - 1; a++)
        {
            if (args[a] == "--calls")
            {
                calls = long.Parse(args[a + 1], CultureInfo.InvariantCulture);
            }
            else if (args[a] == "--shape")
            {
                only = args[a + 1];
            }
        }

        Console.WriteLine($"Vector128/256/512.IsHardwareAccelerated: {Vector128.IsHardwareAccelerated}/{Vector256.IsHardwareAccelerated}/{Vector512.IsHardwareAccelerated}");
#if HAND_YARDSTICK
        Check("2-4-1", only, calls ?? 2_000_000, () => new Shape2_4_1(), b => b.HandTrainSample(), b => b.GeneratedTrainSample());
        Check("30-16-1", only, calls ?? 2_000_000, () => new Shape30_16_1(), b => b.HandTrainSample(), b => b.GeneratedTrainSample());
        Check("64-32-10", only, calls ?? 2_000_000, () => new Shape64_32_10(), b => b.HandTrainSample(), b => b.GeneratedTrainSample());
        Check("784-128-10", only, calls ?? 200_000, () => new Shape784_128_10(), b => b.HandTrainSample(), b => b.GeneratedTrainSample());
        return 0;
#else
        Console.WriteLine("The hand yardstick is not compiled in (no ../shared/reference/cs beside the repository): nothing to check.");
        return 1;
#endif
    }

    private static void Check<T>(string shape, string? only, long calls, Func<T> create, Func<T, float> handTrain, Func<T, float> generatedTrain)
        where T : GeneratedMlpBenchmark
    {
        if (only is not null && only != shape)
        {
            return;
        }

        T hand = create(), generated = create();
        hand.Setup();
        generated.Setup();
        (int inputs, int hidden, int outputs) = hand.Sizes;
        Type handType = Yardstick.HandType(typeof(T))!;
        bool accelerated = Yardstick.IsAccelerated(handType, out string vectors);
        Console.WriteLine();
        Console.WriteLine($"{shape}: {calls:N0} calls of each; lr {hand.Hyperparameters.LearningRate}, yardstick l2 {hand.HandDecayValue:G9} "
            + $"(λ {hand.Hyperparameters.L2}, N {hand.Hyperparameters.TrainingSetSize}); {handType.Name} written with {vectors}, "
            + (accelerated ? "accelerated here" : "NOT accelerated here (software fallback)"));
        Console.WriteLine("     calls | net | mean loss (last 64) | max|weight| | NaN/inf | subnormal | zero | max|hidden a| | max|output a| | max|hand - generated|");

        var handParameters = new float[hand.CopyGeneratedParameters().Length];
        var handLosses = new float[Samples.Count];
        var generatedLosses = new float[Samples.Count];
        string? generatedStopped = null;
        Report(0);
        long next = 1;
        for (long n = 1; n <= calls; n++)
        {
            int slot = (int)((n - 1) & (Samples.Count - 1));
            handLosses[slot] = handTrain(hand);
            if (generatedStopped is null)
            {
                try
                {
                    generatedLosses[slot] = generatedTrain(generated);
                }
                catch (NotFiniteNumberException e)
                {
                    generatedStopped = $"generated TrainSample threw at call {n}: {e.Message}";
                    Console.WriteLine(generatedStopped);
                }
            }

            if (n == next || n == calls)
            {
                Report(n);
                next = NextReport(n, calls);
            }
        }

        void Report(long n)
        {
            hand.ReadYardstickParameters(handParameters);
            float[] generatedParameters = generated.CopyGeneratedParameters();
            float difference = 0f;
            for (int p = 0; p < handParameters.Length; p++)
            {
                difference = MathF.Max(difference, MathF.Abs(handParameters[p] - generatedParameters[p]));
            }

            Row(n, "hand", handParameters, handLosses, null);
            Row(n, "gen", generatedParameters, generatedLosses, difference);
        }

        void Row(long n, string net, float[] parameters, float[] losses, float? difference)
        {
            int count = (int)Math.Min(n, Samples.Count);
            double loss = 0;
            for (int c = 0; c < count; c++)
            {
                loss += losses[c];
            }

            int biases1 = hidden * inputs, weights2 = biases1 + hidden, biases2 = weights2 + (outputs * hidden);
            float maxWeight = 0f;
            int nonFinite = 0, subnormal = 0, zero = 0;
            for (int p = 0; p < parameters.Length; p++)
            {
                float v = parameters[p];
                bool weight = p < biases1 || (p >= weights2 && p < biases2);
                maxWeight = weight && float.IsFinite(v) ? MathF.Max(maxWeight, MathF.Abs(v)) : maxWeight;
                nonFinite += float.IsFinite(v) ? 0 : 1;
                subnormal += float.IsSubnormal(v) ? 1 : 0;
                zero += v == 0f ? 1 : 0;
            }

            (double maxHidden, double maxOutput) = PreActivations(parameters, inputs, hidden, outputs);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0,10} | {1,-4}| {2,19} | {3,11:G5} | {4,7} | {5,9} | {6,4} | {7,13:F2} | {8,13:F2} | {9}",
                n, net, count == 0 ? "-" : (loss / count).ToString("G6", CultureInfo.InvariantCulture), maxWeight, nonFinite,
                subnormal, zero, maxHidden, maxOutput, difference is float d ? d.ToString("G3", CultureInfo.InvariantCulture) : ""));
        }
    }

    /// <summary>1, 64, 1,000, 10,000, 100,000, then every tenth of the run.</summary>
    private static long NextReport(long n, long calls)
    {
        long step = Math.Max(1, calls / 10);
        long next = ((n / step) + 1) * step;
        foreach (long early in new long[] { 1, 64, 1_000, 10_000, 100_000 })
        {
            if (early > n && early < next)
            {
                return early;
            }
        }

        return next;
    }

    /// <summary>The largest |pre-activation| of the hidden and of the output units over the 64 samples, in double.</summary>
    private static (double Hidden, double Output) PreActivations(float[] parameters, int inputs, int hidden, int outputs)
    {
        (float[][] x, _) = Samples.Create(inputs, outputs);
        int biases1 = hidden * inputs, weights2 = biases1 + hidden, biases2 = weights2 + (outputs * hidden);
        double maxHidden = 0, maxOutput = 0;
        var z = new double[hidden];
        for (int s = 0; s < x.Length; s++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double a = parameters[biases1 + j];
                for (int i = 0; i < inputs; i++)
                {
                    a += (double)parameters[(j * inputs) + i] * x[s][i];
                }

                maxHidden = Math.Max(maxHidden, Math.Abs(a));
                z[j] = 1 / (1 + Math.Exp(-a));
            }

            for (int k = 0; k < outputs; k++)
            {
                double a = parameters[biases2 + k];
                for (int j = 0; j < hidden; j++)
                {
                    a += parameters[weights2 + (k * hidden) + j] * z[j];
                }

                maxOutput = Math.Max(maxOutput, Math.Abs(a));
            }
        }

        return (maxHidden, maxOutput);
    }
}
