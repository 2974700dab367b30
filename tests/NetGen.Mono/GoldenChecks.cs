using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Mono;

namespace NetGen.Portable
{
    /// <summary>
    /// The golden cases (tests/NetGen.Tests/Golden: seed-network.json and deeper-networks.json, PyTorch autograd in
    /// float64), read by <see cref="Json"/> from the copies embedded in this program, their parameters put in the
    /// generated layout: every layer W_l row-major then b_l, except W1, stored input-major (ParameterLayout.FromTextbook of
    /// tests/NetGen.Tests).
    /// </summary>
    public sealed partial class Golden
    {
        private static readonly Lazy<List<Golden>> Cases = new Lazy<List<Golden>>(Load);

        /// <summary>The case called <paramref name="name"/>, from either embedded file.</summary>
        public static Golden Embedded(string name)
        {
            Golden? found = Cases.Value.SingleOrDefault(c => c.Name == name);
            if (found == null)
            {
                throw new ArgumentException("no golden case named " + name, nameof(name));
            }

            return found;
        }

        /// <summary>Whether parameter <paramref name="index"/> is a weight (which the L2 penalty covers) rather than a bias.</summary>
        public bool IsWeight(int index)
        {
            int offset = 0;
            for (int l = 1; l < Sizes.Length; l++)
            {
                int weights = Sizes[l] * Sizes[l - 1];
                if (index < offset + weights)
                {
                    return true;
                }

                offset += weights + Sizes[l];
                if (index < offset)
                {
                    return false;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }

        private static List<Golden> Load()
        {
            var cases = new List<Golden>();
            foreach (string file in new[] { "seed-network.json", "deeper-networks.json" })
            {
                var root = (Dictionary<string, object?>)Json.Parse(Resource(file))!;
                foreach (object? item in (List<object?>)root["cases"]!)
                {
                    cases.Add(Read((Dictionary<string, object?>)item!));
                }
            }

            return cases;
        }

        /// <summary>The text of an embedded golden file (NetGen.Mono.csproj embeds the test project's copies).</summary>
        private static string Resource(string file)
        {
            using (Stream? stream = typeof(Golden).Assembly.GetManifestResourceStream("Golden." + file))
            {
                if (stream == null)
                {
                    throw new FileNotFoundException("no embedded resource Golden." + file);
                }

                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    return reader.ReadToEnd();
                }
            }
        }

        /// <summary>A case of either file: seed-network.json names the layers inputs/hidden/outputs and W1, b1, W2, b2; deeper-networks.json gives layers, W[l] and b[l].</summary>
        private static Golden Read(Dictionary<string, object?> c)
        {
            bool seed = c.ContainsKey("W1");
            int[] sizes = seed
                ? new[] { Int(c["inputs"]), Int(c["hidden"]), Int(c["outputs"]) }
                : Vector(c["layers"]).Select(v => (int)v).ToArray();
            // The parameters (or their gradients, or their values after the steps) named w and b: W1/W2 and b1/b2 with a suffix
            // in seed-network.json (W1_after), lists of layers in deeper-networks.json (W_after).
            Func<string, string, string, double[]> parameters = seed
                ? (Func<string, string, string, double[]>)((w, b, suffix) => Flatten(
                    sizes, new[] { Matrix(c[w + "1" + suffix]), Matrix(c[w + "2" + suffix]) }, new[] { Vector(c[b + "1" + suffix]), Vector(c[b + "2" + suffix]) }))
                : (w, b, suffix) => Flatten(sizes, ((List<object?>)c[w + suffix]!).Select(Matrix).ToArray(), ((List<object?>)c[b + suffix]!).Select(Vector).ToArray());
            return new Golden
            {
                Name = (string)c["name"]!,
                Sizes = sizes,
                Batch = Int(c["batch"]),
                N = Int(c["n"]),
                Steps = Int(c["steps"]),
                L2 = (double)c["l2"]!,
                LearningRate = (double)c["learning_rate"]!,
                Loss = (double)c["loss"]!,
                Parameters = parameters("W", "b", ""),
                Gradient = parameters("dW", "db", ""),
                ParametersAfter = parameters("W", "b", "_after"),
                X = Matrix(c["X"]),
                T = Matrix(c["T"]),
                Y = Matrix(c["Y"]),
            };
        }

        /// <summary>W_l row by row then b_l for each layer, checked against the sizes, then W1 put input-major.</summary>
        private static double[] Flatten(int[] sizes, double[][][] w, double[][] b)
        {
            var flat = new List<double>();
            int[] input = Enumerable.Range(0, sizes[0]).ToArray();
            for (int l = 1; l < sizes.Length; l++)
            {
                double[][] layer = w[l - 1];
                if (layer.Length != sizes[l] || layer.Any(row => row.Length != sizes[l - 1]) || b[l - 1].Length != sizes[l])
                {
                    throw new InvalidDataException("layer " + l + " is not " + sizes[l] + " × " + sizes[l - 1]);
                }

                if (l == 1)
                {
                    // w_ji at i·(units of layer 1) + j
                    foreach (int i in input)
                    {
                        flat.AddRange(layer.Select(row => row[i]));
                    }
                }
                else
                {
                    flat.AddRange(layer.SelectMany(row => row));
                }

                flat.AddRange(b[l - 1]);
            }

            return flat.ToArray();
        }

        private static int Int(object? value)
        {
            return (int)(double)value!;
        }

        private static double[] Vector(object? value)
        {
            return ((List<object?>)value!).Select(v => (double)v!).ToArray();
        }

        private static double[][] Matrix(object? value)
        {
            return ((List<object?>)value!).Select(Vector).ToArray();
        }
    }
}

namespace NetGen.Mono
{
    using NetGen.Portable;

    /// <summary>
    /// The golden checks of tests/NetGen.Portable (GoldenForward, GoldenLoss, GoldenGradient, GoldenSteps), which the
    /// .NET 8 and arm64 legs run, in C# 9 for .NET Framework, with the same tolerance: γ_m in the network's precision plus
    /// γ_m in double, m the roundings on the longest chain (Num.Roundings), relative to |expected| plus the largest
    /// |expected| of the vector, plus the smallest normal float.
    /// </summary>
    public static class GoldenChecks
    {
        /// <summary>Forward against the golden outputs Y.</summary>
        public static void Forward(Golden c, Net network)
        {
            network.SetParameters(network.Round(c.Parameters));
            for (int b = 0; b < c.Batch; b++)
            {
                AllClose(c.Y[b], network.Forward(network.Round(c.X[b])), Tolerance(c, network), c.Name + " Y[" + b + "]");
            }
        }

        /// <summary>Σ Backward / B + λ/(2N) Σ w² against the golden batch loss.</summary>
        public static void Loss(Golden c, Net network)
        {
            network.SetParameters(network.Round(c.Parameters));
            double sum = 0;
            for (int b = 0; b < c.Batch; b++)
            {
                double loss = network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
                if (double.IsNaN(loss) || double.IsInfinity(loss) || loss <= 0)
                {
                    throw new Exception("sample " + b + ": Backward returned " + loss.ToString("R", CultureInfo.InvariantCulture));
                }

                sum += loss;
            }

            double[] p = network.GetParameters();
            double squares = 0;
            for (int n = 0; n < p.Length; n++)
            {
                squares += c.IsWeight(n) ? p[n] * p[n] : 0;
            }

            double batchLoss = (sum / c.Batch) + (c.L2 / (2.0 * c.N) * squares);
            AllClose(new[] { c.Loss }, new[] { batchLoss }, Tolerance(c, network), c.Name + " batch loss", 0);
        }

        /// <summary>Gradients / B + (λ/N) w against the golden dL/dθ.</summary>
        public static void Gradient(Golden c, Net network)
        {
            network.SetParameters(network.Round(c.Parameters));
            for (int b = 0; b < c.Batch; b++)
            {
                network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
            }

            double[] sum = network.GetGradients(), p = network.GetParameters();
            var gradient = new double[p.Length];
            for (int n = 0; n < p.Length; n++)
            {
                gradient[n] = (sum[n] / c.Batch) + (c.IsWeight(n) ? c.L2 / c.N * p[n] : 0);
            }

            AllClose(c.Gradient, gradient, Tolerance(c, network), c.Name + " dL/dθ");
        }

        /// <summary>Backward on the batch then Step, Steps times, against the golden parameters after SGD.</summary>
        public static void Steps(Golden c, Net network)
        {
            network.SetParameters(network.Round(c.Parameters));
            for (int s = 0; s < c.Steps; s++)
            {
                for (int b = 0; b < c.Batch; b++)
                {
                    network.Backward(network.Round(c.X[b]), network.Round(c.T[b]));
                }

                network.Step(c.LearningRate, c.L2, c.N);
                if (network.GetGradients().Any(g => g != 0))
                {
                    throw new Exception("Gradients not cleared by Step " + (s + 1));
                }
            }

            AllClose(c.ParametersAfter, network.GetParameters(), Tolerance(c, network), c.Name + " θ after " + c.Steps + " step(s)");
        }

        /// <summary>
        /// tests/NetGen.Tests' Num.Roundings: the roundings on the longest chain from the inputs to a result (forward: n + 1
        /// for a sum of n inputs and 9 for the activation, per layer; backward: 1, then the sum over the K units above and 3
        /// per hidden layer; the batch's additions; 5 for the update and 6 for an optimizer), times the steps.
        /// </summary>
        private static int Roundings(int[] sizes, int batch, int steps)
        {
            int forward = 0, backward = 1;
            for (int l = 1; l < sizes.Length; l++)
            {
                forward += sizes[l - 1] + 1 + 9;
                backward += l < sizes.Length - 1 ? sizes[l + 1] + 3 : 0;
            }

            return steps * (forward + backward + batch + 5 + 6);
        }

        private static double Tolerance(Golden c, Net network)
        {
            return network.Tolerance(Roundings(c.Sizes, c.Batch, c.Steps));
        }

        /// <summary>
        /// tests/NetGen.Tests' Num.AllClose: |actual − expected| ≤ tol·(|expected| + scale) + the smallest normal float for every
        /// element, and actual a number; scale is the largest |expected| of the vector unless given.
        /// </summary>
        private static void AllClose(double[] expected, double[] actual, double tolerance, string what, double? scale = null)
        {
            if (expected.Length != actual.Length)
            {
                throw new Exception(what + ": expected " + expected.Length + " values, got " + actual.Length);
            }

            double magnitude = scale ?? expected.Select(Math.Abs).DefaultIfEmpty(0).Max();
            double floor = Math.Pow(2, -126);
            for (int n = 0; n < expected.Length; n++)
            {
                double allowed = (tolerance * (Math.Abs(expected[n]) + magnitude)) + floor;
                if (double.IsNaN(actual[n]) || !(Math.Abs(actual[n] - expected[n]) <= allowed))
                {
                    throw new Exception(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}[{1}]: expected {2:R}, actual {3:R} (difference {4:E3}, allowed {5:E3})",
                        what, n, expected[n], actual[n], actual[n] - expected[n], allowed));
                }
            }
        }
    }
}
