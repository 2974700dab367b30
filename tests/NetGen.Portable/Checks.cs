using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using NetGen.Tests;
using NetGen.Tests.Golden;

namespace NetGen.Portable
{
    /// <summary>A check that did not hold; its message says what differed.</summary>
    public sealed class CheckFailedException : Exception
    {
        public CheckFailedException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// The oracle checks of tests/NetGen.Tests (GoldenTests, GradientCheckTests, BatchTests, TrainSampleTests,
    /// WeightFileTests), each written once against <see cref="Net"/> and run on every declared network.
    /// </summary>
    public static class Checks
    {
        /// <summary>
        /// Oracle parameters (the layout of the linked DeepNaiveMlp and of the golden readers' Parameters) into the network's
        /// Parameters. Every copy of oracle or golden parameters into a network goes through here, and so through the
        /// mapping the linked oracle files define: today Layout (Numerics.cs) and DeepNaiveMlp lay the parameters out as
        /// the generator does, W_l row-major then b_l, so the mapping is the identity. When the shared files grow a
        /// mapping function for a new generated layout, this is the one line to change.
        /// </summary>
        public static void SetOracleParameters(Net network, double[] oracleParameters)
        {
            network.SetParameters(oracleParameters);
        }

        /// <summary>The network's Parameters in the oracle layout: the inverse of <see cref="SetOracleParameters"/>.</summary>
        public static double[] GetOracleParameters(Net network)
        {
            return network.GetParameters();
        }

        /// <summary>
        /// Kernels = Kernels.Simd must give per-width SIMD layer kernels (methods named …Layer…_V128) and Kernels.Unrolled none.
        /// Unrolled networks on .NET 8 have per-width kernels too, ForwardBatch's ForwardSamples_V128, but no layer kernel per width.
        /// </summary>
        public static void KindOfCode(Spec spec, Net network)
        {
            Type type = network.Type;
            string file = "<" + System.Text.RegularExpressions.Regex.Replace(type.FullName!, "[^A-Za-z0-9_]", "_") + "_Mlp_g>F";
            Type[] kernels = type.Assembly.GetTypes()
                .Where(t => t.Name.StartsWith(file, StringComparison.Ordinal) && t.Name.EndsWith("__Kernels", StringComparison.Ordinal))
                .ToArray();
            if (kernels.Length != 1)
            {
                throw new CheckFailedException("expected one Kernels class generated beside " + type.Name + ", found " + kernels.Length);
            }

            bool simd = kernels[0].GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
                .Any(m => m.Name.Contains("Layer", StringComparison.Ordinal) && m.Name.EndsWith("_V128", StringComparison.Ordinal));
            if (simd != (spec.Kernels == "Simd"))
            {
                throw new CheckFailedException(type.Name + " was declared with Kernels." + spec.Kernels + " but has " + (simd ? "SIMD" : "unrolled") + " code");
            }
        }

        /// <summary>Forward against the golden outputs Y (GoldenTests.ForwardMatches).</summary>
        public static void GoldenForward(Golden c, Net network)
        {
            SetOracleParameters(network, network.Round(c.Parameters));
            double tolerance = network.Tolerance(Num.Roundings(c.Sizes, c.Batch, c.Steps));
            for (int b = 0; b < c.Batch; b++)
            {
                Num.AllClose(c.Y[b], network.Forward(network.Round(c.X[b])), tolerance, c.Name + " Y[" + b + "]");
            }
        }

        /// <summary>Σ Backward / B + λ/(2N) Σ w² against the golden batch loss.</summary>
        public static void GoldenLoss(Golden c, Net network)
        {
            SetOracleParameters(network, network.Round(c.Parameters));
            double sum = 0;
            for (int b = 0; b < c.Batch; b++)
            {
                double loss = network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
                Require(!double.IsNaN(loss) && !double.IsInfinity(loss) && loss > 0, "sample " + b + ": Backward returned " + Text(loss));
                sum += loss;
            }

            double batchLoss = (sum / c.Batch) + (c.L2 / (2.0 * c.N) * Squares(c.Sizes, GetOracleParameters(network)));
            Num.Close(c.Loss, batchLoss, network.Tolerance(Num.Roundings(c.Sizes, c.Batch, c.Steps)), c.Name + " batch loss");
        }

        /// <summary>Gradients / B + (λ/N) w against the golden dL/dθ.</summary>
        public static void GoldenGradient(Golden c, Net network)
        {
            SetOracleParameters(network, network.Round(c.Parameters));
            for (int b = 0; b < c.Batch; b++)
            {
                network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
            }

            double[] sum = GetOracleGradients(network);
            double[] p = GetOracleParameters(network);
            var weights = new DeepNaiveMlp(c.Sizes);
            var gradient = new double[p.Length];
            for (int n = 0; n < p.Length; n++)
            {
                gradient[n] = (sum[n] / c.Batch) + (weights.IsWeight(n) ? c.L2 / c.N * p[n] : 0);
            }

            Num.AllClose(c.Gradient, gradient, network.Tolerance(Num.Roundings(c.Sizes, c.Batch, c.Steps)), c.Name + " dL/dθ");
        }

        /// <summary>Backward on the batch then Step, Steps times, against the golden parameters after SGD.</summary>
        public static void GoldenSteps(Golden c, Net network)
        {
            SetOracleParameters(network, network.Round(c.Parameters));
            for (int s = 0; s < c.Steps; s++)
            {
                for (int b = 0; b < c.Batch; b++)
                {
                    network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
                }

                network.Step(c.LearningRate, c.L2, c.N);
                Require(network.GetGradients().All(g => g == 0), "Gradients not cleared by Step " + (s + 1));
            }

            Num.AllClose(c.ParametersAfter, GetOracleParameters(network), network.Tolerance(Num.Roundings(c.Sizes, c.Batch, c.Steps)),
                c.Name + " θ after " + c.Steps + " step(s)");
        }

        /// <summary>Forward on random parameters and inputs against the linked DeepNaiveMlp, within the golden tests' bound.</summary>
        public static void NaiveForward(Spec spec, Net network, int seed)
        {
            var random = new Random(seed);
            var naive = new DeepNaiveMlp(spec.Sizes, spec.Activation, spec.Head);
            double[] parameters = network.Round(Num.Uniform(random, naive.ParameterCount, -1, 1));
            parameters.CopyTo(naive.Parameters, 0);
            SetOracleParameters(network, parameters);
            double tolerance = network.Tolerance(Num.Roundings(spec.Sizes, 1, 1));
            for (int sample = 0; sample < 5; sample++)
            {
                double[] x = network.Round(Num.Uniform(random, spec.Sizes[0], -2, 2));
                Num.AllClose(naive.Forward(x), network.Forward(x), tolerance, "sample " + sample + " against DeepNaiveMlp");
            }
        }

        /// <summary>
        /// Backward's gradient sum against central differences of the loss Backward returns (GradientCheckTests): in double
        /// on the network itself; for a float network on its double twin holding the same (float) parameters, with the
        /// float gradient's own rounding bound γ_m on top.
        /// </summary>
        public static void CentralDifferences(Spec spec, Net network, Net doubleTwin, int seed)
        {
            var random = new Random(seed);
            int count = network.ParameterCount;
            network.SetParameters(network.Round(Num.Uniform(random, count, -1, 1)));
            double[][] xs = new double[3][], ts = new double[3][];
            for (int b = 0; b < xs.Length; b++)
            {
                xs[b] = network.Round(Num.Uniform(random, spec.Sizes[0], -1, 1));
                ts[b] = network.Round(Targets(random, spec));
            }

            network.ZeroGradients();
            for (int b = 0; b < xs.Length; b++)
            {
                network.Backward(xs[b], ts[b]);
            }

            double[] analytic = network.GetGradients();
            network.ZeroGradients();

            Net reference = network.Precision == "double" ? network : doubleTwin;
            reference.SetParameters(network.GetParameters());
            const double epsilon = 1e-6;
            var numeric = new double[count];
            for (int n = 0; n < count; n++)
            {
                double[] before = reference.GetParameters();
                double original = before[n];
                reference.SetParameter(n, original + epsilon);
                double up = LossSum(reference, xs, ts);
                reference.SetParameter(n, original - epsilon);
                double down = LossSum(reference, xs, ts);
                reference.SetParameter(n, original);
                numeric[n] = (up - down) / (2 * epsilon);
            }

            double relative = 1e-6, absolute = spec.Head == "identity" ? 1e-7 : 1e-8;
            if (network.Precision == "float")
            {
                double gamma = RoundingModel.Single.Gamma(Num.Roundings(spec.Sizes, xs.Length, 1));
                double scale = numeric.Max(g => Math.Abs(g));
                relative += gamma;
                absolute += gamma * scale;
            }

            int significant = 0;
            for (int n = 0; n < count; n++)
            {
                double allowed = (relative * Math.Max(Math.Abs(numeric[n]), Math.Abs(analytic[n]))) + absolute;
                double error = Math.Abs(numeric[n] - analytic[n]);
                Require(error <= allowed, string.Format(CultureInfo.InvariantCulture,
                    "parameter {0}: backprop {1:R}, central difference {2:R}, error {3:E2} > allowed {4:E2}", n, analytic[n], numeric[n], error, allowed));
                significant += Math.Abs(numeric[n]) > 10 * absolute ? 1 : 0;
            }

            // The check proves something only if most gradients stand well above the absolute floor.
            Require(significant * 2 >= count, "only " + significant + " of " + count + " gradients exceed 10× the absolute floor");
        }

        /// <summary>ForwardBatch on 13 samples equals Forward on each, bit for bit (BatchTests).</summary>
        public static void ForwardBatch(Spec spec, Net network, int seed)
        {
            var random = new Random(seed);
            network.SetParameters(network.Round(Num.Uniform(random, network.ParameterCount, -1, 1)));
            int inputs = spec.Sizes[0], outputs = spec.Sizes[spec.Sizes.Length - 1];
            const int samples = 13;
            double[] batch = network.Round(Num.Uniform(random, samples * inputs, -2, 2));
            double[] all = network.ForwardBatch(batch);
            for (int n = 0; n < samples; n++)
            {
                double[] one = network.Forward(Slice(batch, n * inputs, inputs));
                SameBits(one, Slice(all, n * outputs, outputs), "sample " + n + ": ForwardBatch against Forward");
            }
        }

        /// <summary>
        /// TrainBatch on batches of 1, 8, 15, 40 and 71 samples (one block, a block and 7 alone, a chunk of 32 and a block, two
        /// chunks and 7 alone) equals Backward on each sample then Step, bit for bit, with the mean of Backward's losses as its
        /// result (BatchTests).
        /// </summary>
        public static void TrainBatch(Spec spec, Net batched, Net stepped, int seed)
        {
            var random = new Random(seed);
            double[] parameters = batched.Round(Num.Uniform(random, batched.ParameterCount, -1, 1));
            batched.SetParameters(parameters);
            stepped.SetParameters(parameters);
            int inputs = spec.Sizes[0], outputs = spec.Sizes[spec.Sizes.Length - 1];
            double learningRate = batched.Round(LearningRate(spec, 0.3)), l2 = batched.Round(0.05);
            int[] batches = { 1, 8, 15, 40, 71 };
            for (int round = 0; round < batches.Length; round++)
            {
                int samples = batches[round];
                double[] x = batched.Round(Num.Uniform(random, samples * inputs, -2, 2));
                double[] t = new double[samples * outputs];
                for (int n = 0; n < samples; n++)
                {
                    batched.Round(Targets(random, spec)).CopyTo(t, n * outputs);
                }

                double meanLoss = batched.TrainBatch(x, t, learningRate, l2, 60);
                double sum = 0;
                for (int n = 0; n < samples; n++)
                {
                    sum = stepped.Round(sum + stepped.Backward(Slice(x, n * inputs, inputs), Slice(t, n * outputs, outputs)));
                }

                stepped.Step(learningRate, l2, 60);
                SameBits(new[] { stepped.Round(sum / samples) }, new[] { meanLoss }, "round " + round + ": TrainBatch's mean loss against Σ Backward / B");
                SameBits(stepped.GetParameters(), batched.GetParameters(), "round " + round + ": parameters after TrainBatch against Backward then Step");
                Require(batched.GetGradients().All(g => g == 0), "round " + round + ": TrainBatch left Gradients non-zero");
            }
        }

        /// <summary>
        /// The learning rate of the training checks: <paramref name="usual"/>, or 0.01 for a linear head, whose loss is
        /// unbounded: at η = 0.2–0.3 the 30-16-4 ReLU network diverges within a few steps (the step is then refused with
        /// NotFiniteNumberException, as documented) and the bit-for-bit comparison would check nothing.
        /// </summary>
        private static double LearningRate(Spec spec, double usual) => spec.Head == "identity" ? 0.01 : usual;

        /// <summary>TrainSample equals Backward then Step, bit for bit, loss and parameters, over 10 samples (TrainSampleTests).</summary>
        public static void TrainSample(Spec spec, Net viaTrainSample, Net viaStep, int seed)
        {
            var random = new Random(seed);
            double[] parameters = viaStep.Round(Num.Uniform(random, viaStep.ParameterCount, -0.8, 0.8));
            viaTrainSample.SetParameters(parameters);
            viaStep.SetParameters(parameters);
            double learningRate = viaStep.Round(LearningRate(spec, 0.2)), l2 = viaStep.Round(0.1);
            for (int sample = 0; sample < 10; sample++)
            {
                double[] x = viaStep.Round(Num.Uniform(random, spec.Sizes[0], -2, 2));
                double[] t = viaStep.Round(Targets(random, spec));
                double loss = viaTrainSample.TrainSample(x, t, learningRate, l2, 40);
                double expected = viaStep.Backward(x, t);
                viaStep.Step(learningRate, l2, 40);
                SameBits(new[] { expected }, new[] { loss }, "sample " + sample + ": TrainSample's loss against Backward's");
                SameBits(viaStep.GetParameters(), viaTrainSample.GetParameters(), "sample " + sample + ": parameters after TrainSample against Backward then Step");
            }
        }

        /// <summary>
        /// Save then Load, through bytes and through a file, gives back the same parameter bits and the same file; a file
        /// with one byte changed is refused with InvalidDataException and leaves the parameters as they were (WeightFileTests).
        /// </summary>
        public static void WeightFile(Net network, Net other, int seed)
        {
            network.InitializeParameters(seed);
            double[] parameters = network.GetParameters();
            byte[] file = network.Save();
            Require(file.Length == network.WeightFileBytes, "Save wrote " + file.Length + " bytes, WeightFileLength is " + network.WeightFileBytes);

            other.InitializeParameters(seed + 1);
            other.Load(file);
            SameBits(parameters, other.GetParameters(), "parameters after Save and Load");
            Require(file.SequenceEqual(other.Save()), "the loaded network saves another file");

            string path = Path.Combine(Path.GetTempPath(), "netgen-portable-" + Guid.NewGuid().ToString("N") + ".weights");
            try
            {
                using (FileStream stream = File.Create(path))
                {
                    network.Save(stream);
                }

                Require(File.ReadAllBytes(path).SequenceEqual(file), "Save(Stream) wrote another file than Save(Span<byte>)");
                other.InitializeParameters(seed + 2);
                using (FileStream stream = File.OpenRead(path))
                {
                    other.Load(stream);
                }

                SameBits(parameters, other.GetParameters(), "parameters after Save and Load through a file");
            }
            finally
            {
                File.Delete(path);
            }

            other.InitializeParameters(seed + 3);
            double[] before = other.GetParameters();
            var corrupt = (byte[])file.Clone();
            corrupt[corrupt.Length / 2] ^= 0x10;
            try
            {
                other.Load(corrupt);
                throw new CheckFailedException("a file with byte " + (corrupt.Length / 2) + " changed was loaded");
            }
            catch (InvalidDataException)
            {
            }

            SameBits(before, other.GetParameters(), "parameters after a refused Load");
        }

        private static double[] GetOracleGradients(Net network)
        {
            // Gradients share the layout of Parameters.
            return network.GetGradients();
        }

        private static double LossSum(Net network, double[][] xs, double[][] ts)
        {
            double sum = 0;
            for (int b = 0; b < xs.Length; b++)
            {
                sum += network.Backward(xs[b], ts[b]);
            }

            network.ZeroGradients();
            return sum;
        }

        /// <summary>Targets the head accepts: one-hot rows for softmax, values in [0, 1] (half of them 0 or 1) otherwise.</summary>
        private static double[] Targets(Random random, Spec spec)
        {
            int outputs = spec.Sizes[spec.Sizes.Length - 1];
            if (spec.Head == "softmax")
            {
                var row = new double[outputs];
                row[random.Next(outputs)] = 1;
                return row;
            }

            return Num.Targets(random, outputs);
        }

        private static double Squares(int[] sizes, double[] parameters)
        {
            var layout = new DeepNaiveMlp(sizes);
            double squares = 0;
            for (int n = 0; n < parameters.Length; n++)
            {
                squares += layout.IsWeight(n) ? parameters[n] * parameters[n] : 0;
            }

            return squares;
        }

        private static double[] Slice(double[] values, int start, int length)
        {
            var slice = new double[length];
            Array.Copy(values, start, slice, 0, length);
            return slice;
        }

        private static void SameBits(double[] expected, double[] actual, string what)
        {
            Require(expected.Length == actual.Length, what + ": " + expected.Length + " values against " + actual.Length);
            for (int n = 0; n < expected.Length; n++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[n]) != BitConverter.DoubleToInt64Bits(actual[n]))
                {
                    throw new CheckFailedException(what + ": [" + n + "] " + Text(actual[n]) + ", expected " + Text(expected[n]) + " bit for bit");
                }
            }
        }

        private static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new CheckFailedException(message);
            }
        }

        private static string Text(double value)
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A golden case (Golden.cs) from the linked readers, GoldenCases or DeepGoldenCases.</summary>
    public sealed partial class Golden
    {
        public static Golden Get(string name, int[] sizes)
        {
            if (sizes.Length == 3)
            {
                GoldenCase c = GoldenCases.Get(name);
                return new Golden
                {
                    Name = c.Name, Sizes = new[] { c.Inputs, c.Hidden, c.Outputs }, Batch = c.Batch, N = c.N, Steps = c.Steps,
                    L2 = c.L2, LearningRate = c.LearningRate, Loss = c.Loss,
                    Parameters = c.Parameters, Gradient = c.Gradient, ParametersAfter = c.ParametersAfter, X = c.X, T = c.T, Y = c.Y,
                };
            }

            DeepGoldenCase d = DeepGoldenCases.Get(name);
            return new Golden
            {
                Name = d.Name, Sizes = d.Layers, Batch = d.Batch, N = d.N, Steps = d.Steps,
                L2 = d.L2, LearningRate = d.LearningRate, Loss = d.Loss,
                Parameters = d.Parameters, Gradient = d.Gradient, ParametersAfter = d.ParametersAfter, X = d.X, T = d.T, Y = d.Y,
            };
        }
    }
}
