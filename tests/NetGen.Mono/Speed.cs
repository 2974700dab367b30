using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using NetGen;

namespace NetGen.Mono
{
    // The benchmarks' four shapes, as this program compiles them: .NET Framework 4.8, C# 9, no System.Runtime.Intrinsics,
    // so Kernels.Simd gets the portable kernels and the default Kernels.Auto unrolls 2-4-1.
    [Mlp(2, 4, 1)]
    public partial class Speed2_4_1 { }

    [Mlp(2, 4, 1, Kernels = Kernels.Simd)]
    public partial class Speed2_4_1Portable { }

    [Mlp(30, 16, 1)]
    public partial class Speed30_16_1 { }

    [Mlp(64, 32, 10)]
    public partial class Speed64_32_10 { }

    [Mlp(784, 128, 10)]
    public partial class Speed784_128_10 { }

    /// <summary>
    /// <c>--speed</c>: Forward and TrainSample of the generated networks against a naive network with the sizes known only
    /// at run time (plain nested loops over float arrays, allocated once), on the same runtime, in one process. Issue 15
    /// asks the portable kernels to be faster than that at every shape. A Stopwatch harness, since BenchmarkDotNet does
    /// not run on Mono: after a warm-up, rounds alternate the two networks, each timing a block of calls, and the table
    /// gives the medians per call and the median of the per-round ratios. Before any timing it checks that both networks
    /// compute the same outputs from the same parameters.
    /// </summary>
    public static class Speed
    {
        private const int Rounds = 9;
        private const double RoundSeconds = 0.2;
        private const float LearningRate = 0.01f, L2 = 1e-4f;
        private const int TrainingSetSize = 1000;

        /// <summary>One generated network seen through delegates, whatever its type.</summary>
        private sealed class Generated
        {
            public string Name = "";
            public int[] Sizes = Array.Empty<int>();
            public Func<float[]> Parameters = () => Array.Empty<float>();
            public Action<float[], float[]> Forward = delegate { };
            public Func<float[], float[], float> TrainSample = delegate { return 0f; };
        }

        public static int Run()
        {
            Console.WriteLine("NetGen.Mono --speed on " + RuntimeInformation.FrameworkDescription.Trim() + ", " + RuntimeInformation.OSDescription.Trim()
                + " (" + RuntimeInformation.ProcessArchitecture + ", " + Environment.ProcessorCount + " cores)");
            Console.WriteLine();
            Console.WriteLine("| network | kind of code | call | NetGen | naive | NetGen / naive |");
            Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: |");
            var a = new Speed2_4_1();
            var b = new Speed2_4_1Portable();
            var c = new Speed30_16_1();
            var d = new Speed64_32_10();
            var e = new Speed784_128_10();
            var networks = new[]
            {
                Of("2-4-1", "unrolled (Kernels.Auto)", Speed2_4_1.LayerSizes.ToArray(), a.InitializeParameters, () => a.ParameterArray(), (x, y) => a.Forward(x, y), (x, t) => a.TrainSample(x, t, LearningRate, L2, TrainingSetSize)),
                Of("2-4-1", "portable (Kernels.Simd)", Speed2_4_1Portable.LayerSizes.ToArray(), b.InitializeParameters, () => b.ParameterArray(), (x, y) => b.Forward(x, y), (x, t) => b.TrainSample(x, t, LearningRate, L2, TrainingSetSize)),
                Of("30-16-1", "portable (Kernels.Auto)", Speed30_16_1.LayerSizes.ToArray(), c.InitializeParameters, () => c.ParameterArray(), (x, y) => c.Forward(x, y), (x, t) => c.TrainSample(x, t, LearningRate, L2, TrainingSetSize)),
                Of("64-32-10", "portable (Kernels.Auto)", Speed64_32_10.LayerSizes.ToArray(), d.InitializeParameters, () => d.ParameterArray(), (x, y) => d.Forward(x, y), (x, t) => d.TrainSample(x, t, LearningRate, L2, TrainingSetSize)),
                Of("784-128-10", "portable (Kernels.Auto)", Speed784_128_10.LayerSizes.ToArray(), e.InitializeParameters, () => e.ParameterArray(), (x, y) => e.Forward(x, y), (x, t) => e.TrainSample(x, t, LearningRate, L2, TrainingSetSize)),
            };

            bool ok = true;
            foreach (Generated network in networks)
            {
                ok &= Measure(network);
            }

            return ok ? 0 : 1;
        }

        private static Generated Of(
            string shape, string kind, int[] sizes, Action<int> initialize, Func<float[]> parameters, Action<float[], float[]> forward, Func<float[], float[], float> train)
        {
            initialize(7);
            return new Generated
            {
                Name = shape + " | " + kind,
                Sizes = sizes,
                Parameters = parameters,
                Forward = forward,
                TrainSample = train,
            };
        }

        /// <summary>The network's parameters as an array (Parameters is a span; the naive network copies from it).</summary>
        private static float[] ParameterArray(this Speed2_4_1 n) => n.Parameters.ToArray();

        private static float[] ParameterArray(this Speed2_4_1Portable n) => n.Parameters.ToArray();

        private static float[] ParameterArray(this Speed30_16_1 n) => n.Parameters.ToArray();

        private static float[] ParameterArray(this Speed64_32_10 n) => n.Parameters.ToArray();

        private static float[] ParameterArray(this Speed784_128_10 n) => n.Parameters.ToArray();

        private static bool Measure(Generated network)
        {
            int inputs = network.Sizes[0], hidden = network.Sizes[1], outputs = network.Sizes[2];
            var random = new Random(inputs * 31 + hidden);
            const int samples = 64;
            float[][] x = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, inputs).Select(__ => (float)((random.NextDouble() * 2) - 1)).ToArray()).ToArray();
            float[][] t = Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, outputs).Select(__ => (float)random.NextDouble()).ToArray()).ToArray();
            var naive = new NaiveNetwork(inputs, hidden, outputs);
            naive.LoadGenerated(network.Parameters());

            // Same parameters, same outputs (to rounding: the two sum in other orders).
            float[] y1 = new float[outputs], y2 = new float[outputs];
            for (int s = 0; s < samples; s++)
            {
                network.Forward(x[s], y1);
                naive.Forward(x[s], y2);
                for (int k = 0; k < outputs; k++)
                {
                    if (!(Math.Abs(y1[k] - y2[k]) <= 1e-4f))
                    {
                        Console.WriteLine("FAIL  " + network.Name + ": output " + k + " of sample " + s + " is " + y1[k] + ", the naive network's " + y2[k]);
                        return false;
                    }
                }
            }

            int next = 0;
            Report(network.Name, "Forward",
                () => { int s = next++ & (samples - 1); network.Forward(x[s], y1); },
                () => { int s = next++ & (samples - 1); naive.Forward(x[s], y2); });
            Report(network.Name, "TrainSample",
                () => { int s = next++ & (samples - 1); network.TrainSample(x[s], t[s]); },
                () => { int s = next++ & (samples - 1); naive.TrainSample(x[s], t[s], LearningRate, L2, TrainingSetSize); });
            return true;
        }

        private static void Report(string name, string call, Action generated, Action naive)
        {
            int calls = Calibrate(generated);
            for (int w = 0; w < 3; w++)
            {
                Time(generated, calls);
                Time(naive, calls);
            }

            var ours = new List<double>();
            var theirs = new List<double>();
            var ratios = new List<double>();
            for (int r = 0; r < Rounds; r++)
            {
                double g = Time(generated, calls), n = Time(naive, calls);
                ours.Add(g);
                theirs.Add(n);
                ratios.Add(g / n);
            }

            Console.WriteLine("| " + name + " | " + call + " | " + Format(Median(ours)) + " | " + Format(Median(theirs)) + " | "
                + Median(ratios).ToString("F2", CultureInfo.InvariantCulture) + "× |");
        }

        /// <summary>How many calls take about <see cref="RoundSeconds"/>.</summary>
        private static int Calibrate(Action call)
        {
            int calls = 16;
            while (true)
            {
                var clock = Stopwatch.StartNew();
                for (int n = 0; n < calls; n++)
                {
                    call();
                }

                if (clock.Elapsed.TotalSeconds >= RoundSeconds / 4 || calls > (1 << 28))
                {
                    return Math.Max(1, (int)(calls * RoundSeconds / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
                }

                calls *= 4;
            }
        }

        /// <summary>Seconds a call over a block of <paramref name="calls"/>.</summary>
        private static double Time(Action call, int calls)
        {
            var clock = Stopwatch.StartNew();
            for (int n = 0; n < calls; n++)
            {
                call();
            }

            return clock.Elapsed.TotalSeconds / calls;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        private static string Format(double seconds) =>
            seconds >= 1e-3 ? (seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture) + " ms"
            : seconds >= 1e-6 ? (seconds * 1e6).ToString("F2", CultureInfo.InvariantCulture) + " µs"
            : (seconds * 1e9).ToString("F1", CultureInfo.InvariantCulture) + " ns";
    }

    /// <summary>
    /// The naive network: one sigmoid hidden layer and sigmoid outputs, sizes known only at run time, plain nested loops
    /// over float arrays allocated once; online SGD with the L2 penalty on weights only. W1 row-major (w_ji at j·inputs + i).
    /// </summary>
    public sealed class NaiveNetwork
    {
        private readonly int inputs, hidden, outputs;
        private readonly float[] w1, b1, w2, b2, z, y, deltaOut, deltaHidden;

        public NaiveNetwork(int inputs, int hidden, int outputs)
        {
            this.inputs = inputs;
            this.hidden = hidden;
            this.outputs = outputs;
            w1 = new float[hidden * inputs];
            b1 = new float[hidden];
            w2 = new float[outputs * hidden];
            b2 = new float[outputs];
            z = new float[hidden];
            y = new float[outputs];
            deltaOut = new float[outputs];
            deltaHidden = new float[hidden];
        }

        /// <summary>From a generated network's parameters: W1 input-major (w_ji at i·hidden + j), b1, W2 row-major, b2.</summary>
        public void LoadGenerated(float[] p)
        {
            int at = 0;
            for (int i = 0; i < inputs; i++)
            {
                for (int j = 0; j < hidden; j++)
                {
                    w1[(j * inputs) + i] = p[at++];
                }
            }

            Array.Copy(p, at, b1, 0, hidden);
            at += hidden;
            Array.Copy(p, at, w2, 0, w2.Length);
            at += w2.Length;
            Array.Copy(p, at, b2, 0, outputs);
        }

        private static float Sigmoid(float a) => 1f / (1f + (float)Math.Exp(-a));

        public void Forward(float[] x, float[] output)
        {
            for (int j = 0; j < hidden; j++)
            {
                float a = b1[j];
                for (int i = 0; i < inputs; i++)
                {
                    a += w1[(j * inputs) + i] * x[i];
                }

                z[j] = Sigmoid(a);
            }

            for (int k = 0; k < outputs; k++)
            {
                float a = b2[k];
                for (int j = 0; j < hidden; j++)
                {
                    a += w2[(k * hidden) + j] * z[j];
                }

                output[k] = Sigmoid(a);
            }
        }

        /// <summary>One SGD step on one sample; returns its binary cross-entropy before the step.</summary>
        public float TrainSample(float[] x, float[] t, float eta, float l2, int trainingSetSize)
        {
            Forward(x, y);
            float loss = 0f;
            for (int k = 0; k < outputs; k++)
            {
                deltaOut[k] = y[k] - t[k];
                loss -= (t[k] * (float)Math.Log(y[k])) + ((1f - t[k]) * (float)Math.Log(1f - y[k]));
            }

            for (int j = 0; j < hidden; j++)
            {
                float s = 0f;
                for (int k = 0; k < outputs; k++)
                {
                    s += w2[(k * hidden) + j] * deltaOut[k];
                }

                deltaHidden[j] = z[j] * (1f - z[j]) * s;
            }

            float decay = l2 / trainingSetSize;
            for (int k = 0; k < outputs; k++)
            {
                for (int j = 0; j < hidden; j++)
                {
                    int w = (k * hidden) + j;
                    w2[w] -= eta * ((deltaOut[k] * z[j]) + (decay * w2[w]));
                }

                b2[k] -= eta * deltaOut[k];
            }

            for (int j = 0; j < hidden; j++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    int w = (j * inputs) + i;
                    w1[w] -= eta * ((deltaHidden[j] * x[i]) + (decay * w1[w]));
                }

                b1[j] -= eta * deltaHidden[j];
            }

            return loss;
        }
    }
}
