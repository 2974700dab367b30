using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using NetGen.Portable;

namespace NetGen.Mono
{
    /// <summary>
    /// Runs the checks on every network of tests/NetGen.Portable, in float and double, and prints one line per check ("ok" or
    /// "FAIL" with what differed), then <c>NetGen.Portable total on …: N checks passed, N failed</c> (the line the CI legs
    /// read). Exits 1 if any check failed. An argument runs only the checks whose line contains it.
    /// </summary>
    public static class Program
    {
        private static int passed;
        private static int failed;
        private static string filter = "";

        public static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            if (args.Length > 0 && args[0] == "--speed")
            {
                return Speed.Run();
            }

            filter = args.Length > 0 ? args[0] : "";
            Stopwatch clock = Stopwatch.StartNew();
            Console.WriteLine("NetGen.Mono on " + RuntimeInformation.FrameworkDescription + ", " + RuntimeInformation.OSDescription + " (" + RuntimeInformation.ProcessArchitecture + ")");

            foreach (Spec spec in PortableNetworks.All())
            {
                Spec pair = spec;
                RunAll(spec, delegate { return new SingleNet(pair.MakeSingle()); });
                RunAll(spec, delegate { return new DoubleNet(pair.MakeDouble()); });
            }

            Console.WriteLine();
            Console.WriteLine("NetGen.Portable total on " + RuntimeInformation.FrameworkDescription.Trim() + " " + RuntimeInformation.ProcessArchitecture
                + " (NetGen.Mono, C# 9, net48) in " + clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s: "
                + passed + " checks passed, " + failed + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }

        private static void RunAll(Spec spec, Func<Net> make)
        {
            int seed = 0;
            foreach (int size in spec.Sizes)
            {
                seed = (seed * 131) + size;
            }

            Net probe = make();
            string name = spec + " " + probe.Precision + " (" + probe.Type.Name + ")";
            Run(name, "portable code (no System.Runtime.Intrinsics)", delegate { MonoChecks.PortableCode(make()); });
            Run(name, "Forward against the naive oracle", delegate { MonoChecks.Forward(spec, make(), seed + 1); });
            Run(name, "Backward against central differences", delegate { MonoChecks.Gradient(spec, make(), seed + 2); });
            Run(name, "ForwardBatch equals Forward per sample", delegate { MonoChecks.ForwardBatch(spec, make(), seed + 3); });
            Run(name, "TrainBatch equals Backward per sample then Step", delegate { MonoChecks.TrainBatch(spec, make(), make(), seed + 4); });
            Run(name, "TrainSample equals Backward then Step", delegate { MonoChecks.TrainSample(spec, make(), make(), seed + 5); });
            Run(name, "weight file round trip, corrupted byte refused", delegate { MonoChecks.WeightFile(make(), make(), seed + 6); });
            if (spec.Golden != null)
            {
                Golden golden = Golden.Embedded(spec.Golden);
                Run(name, "golden outputs " + golden.Name, delegate { GoldenChecks.Forward(golden, make()); });
                Run(name, "golden batch loss " + golden.Name, delegate { GoldenChecks.Loss(golden, make()); });
                Run(name, "golden gradient " + golden.Name, delegate { GoldenChecks.Gradient(golden, make()); });
                Run(name, "golden SGD steps " + golden.Name, delegate { GoldenChecks.Steps(golden, make()); });
            }
        }

        private static void Run(string network, string check, Action action)
        {
            string line = network + ": " + check;
            if (line.IndexOf(filter, StringComparison.Ordinal) < 0)
            {
                return;
            }

            try
            {
                action();
                passed++;
                Console.WriteLine("ok    " + line);
            }
            catch (Exception exception)
            {
                failed++;
                Console.WriteLine("FAIL  " + line + ": " + exception.GetType().Name + ": " + exception.Message.Replace(Environment.NewLine, " | ").Replace("\n", " | "));
            }
        }
    }

    /// <summary>The checks, each throwing with what differed.</summary>
    public static class MonoChecks
    {
        /// <summary>The code is portable: no kernel named for a vector width (the SIMD kernels end in _V512, _V256, _V128).</summary>
        public static void PortableCode(Net net)
        {
            foreach (Type type in net.Type.Assembly.GetTypes())
            {
                foreach (System.Reflection.MethodInfo method in type.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly))
                {
                    if (method.Name.EndsWith("_V128", StringComparison.Ordinal) || method.Name.EndsWith("_V256", StringComparison.Ordinal))
                    {
                        throw new Exception(type.FullName + "." + method.Name + " is a SIMD kernel");
                    }
                }
            }
        }

        private static Oracle OracleOf(Spec spec)
        {
            return new Oracle(spec.Sizes, spec.Activation, spec.Head);
        }

        private static double[] Uniform(Random random, int count, double scale)
        {
            var values = new double[count];
            for (int n = 0; n < count; n++)
            {
                values[n] = ((random.NextDouble() * 2) - 1) * scale;
            }

            return values;
        }

        /// <summary>A target the head can take: in (0, 1) for sigmoid, one-hot for softmax, anything for linear outputs.</summary>
        private static double[] Target(Spec spec, Random random)
        {
            int outputs = spec.Sizes[spec.Sizes.Length - 1];
            var t = new double[outputs];
            if (spec.Head == "softmax")
            {
                t[random.Next(outputs)] = 1;
            }
            else
            {
                for (int k = 0; k < outputs; k++)
                {
                    t[k] = spec.Head == "sigmoid" ? 0.1 + (0.8 * random.NextDouble()) : (random.NextDouble() * 2) - 1;
                }
            }

            return t;
        }

        /// <summary>Random parameters, rounded to the network's precision, set in the network and returned.</summary>
        private static double[] Randomize(Net net, Random random)
        {
            double[] theta = net.Round(Uniform(random, net.ParameterCount, 0.5));
            net.SetParameters(theta);
            return theta;
        }

        private static double Tolerance(Net net)
        {
            return net.Precision == "float" ? 2e-5 : 1e-12;
        }

        /// <summary>|actual − expected| ≤ tol·(|expected| + scale) for every element.</summary>
        private static void AllClose(double[] expected, double[] actual, double tolerance, double scale, string what)
        {
            if (expected.Length != actual.Length)
            {
                throw new Exception(what + ": " + actual.Length + " values, expected " + expected.Length);
            }

            for (int n = 0; n < expected.Length; n++)
            {
                double error = Math.Abs(actual[n] - expected[n]);
                if (!(error <= tolerance * (Math.Abs(expected[n]) + scale)))
                {
                    throw new Exception(what + "[" + n + "] = " + actual[n].ToString("R") + ", expected " + expected[n].ToString("R") + " (tolerance " + tolerance + ")");
                }
            }
        }

        private static double MaxAbs(double[] values)
        {
            double max = 0;
            foreach (double v in values)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            return max;
        }

        private static void Equal(double[] expected, double[] actual, string what)
        {
            for (int n = 0; n < expected.Length; n++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[n]) != BitConverter.DoubleToInt64Bits(actual[n]))
                {
                    throw new Exception(what + "[" + n + "] = " + actual[n].ToString("R") + ", expected bit for bit " + expected[n].ToString("R"));
                }
            }

            if (expected.Length != actual.Length)
            {
                throw new Exception(what + ": " + actual.Length + " values, expected " + expected.Length);
            }
        }

        public static void Forward(Spec spec, Net net, int seed)
        {
            var random = new Random(seed);
            Oracle oracle = OracleOf(spec);
            double[] theta = Randomize(net, random);
            for (int sample = 0; sample < 5; sample++)
            {
                double[] x = net.Round(Uniform(random, spec.Sizes[0], 1));
                double[] expected = oracle.Forward(theta, x);
                AllClose(expected, net.Forward(x), Tolerance(net) * spec.Sizes[0], 1, "y");
            }
        }

        /// <summary>Backward's gradient of one sample against the oracle's central differences at the same parameters.</summary>
        public static void Gradient(Spec spec, Net net, int seed)
        {
            var random = new Random(seed);
            Oracle oracle = OracleOf(spec);
            double[] theta = Randomize(net, random);
            double[] x = net.Round(Uniform(random, spec.Sizes[0], 1));
            double[] t = net.Round(Target(spec, random));
            double loss = net.Backward(x, t);
            double expectedLoss = oracle.Loss(theta, x, t);
            AllClose(new[] { expectedLoss }, new[] { loss }, Tolerance(net) * 10, 1, "loss");
            double[] expected = oracle.CentralDifferences(theta, x, t, 1e-5);
            // The differences are good to about h² (1e-10) and the rounding of ℓ over 2h (1e-11): far inside float's
            // tolerance, and within 1e-7 of double's.
            double tolerance = net.Precision == "float" ? 1e-4 : 1e-7;
            AllClose(expected, net.GetGradients(), tolerance, MaxAbs(expected), "∂ℓ/∂θ");
        }

        public static void ForwardBatch(Spec spec, Net net, int seed)
        {
            var random = new Random(seed);
            Randomize(net, random);
            int inputs = spec.Sizes[0], outputs = spec.Sizes[spec.Sizes.Length - 1], samples = 11;
            double[] batch = net.Round(Uniform(random, samples * inputs, 1));
            double[] all = net.ForwardBatch(batch);
            for (int s = 0; s < samples; s++)
            {
                var x = new double[inputs];
                Array.Copy(batch, s * inputs, x, 0, inputs);
                var y = new double[outputs];
                Array.Copy(all, s * outputs, y, 0, outputs);
                Equal(net.Forward(x), y, "sample " + s + " y");
            }
        }

        public static void TrainBatch(Spec spec, Net batched, Net single, int seed)
        {
            var random = new Random(seed);
            double[] theta = Randomize(batched, random);
            single.SetParameters(theta);
            int inputs = spec.Sizes[0], outputs = spec.Sizes[spec.Sizes.Length - 1], samples = 11;
            double[] xs = batched.Round(Uniform(random, samples * inputs, 1));
            var ts = new double[samples * outputs];
            for (int s = 0; s < samples; s++)
            {
                Array.Copy(batched.Round(Target(spec, random)), 0, ts, s * outputs, outputs);
            }

            batched.TrainBatch(xs, ts, 0.1, 0.01, 100);
            for (int s = 0; s < samples; s++)
            {
                var x = new double[inputs];
                var t = new double[outputs];
                Array.Copy(xs, s * inputs, x, 0, inputs);
                Array.Copy(ts, s * outputs, t, 0, outputs);
                single.Backward(x, t);
            }

            single.Step(0.1, 0.01, 100);
            Equal(single.GetParameters(), batched.GetParameters(), "θ");
        }

        public static void TrainSample(Spec spec, Net direct, Net stepped, int seed)
        {
            var random = new Random(seed);
            double[] theta = Randomize(direct, random);
            stepped.SetParameters(theta);
            for (int n = 0; n < 3; n++)
            {
                double[] x = direct.Round(Uniform(random, spec.Sizes[0], 1));
                double[] t = direct.Round(Target(spec, random));
                direct.TrainSample(x, t, 0.1, 0.01, 100);
                stepped.Backward(x, t);
                stepped.Step(0.1, 0.01, 100);
                Equal(stepped.GetParameters(), direct.GetParameters(), "θ after step " + n);
            }
        }

        public static void WeightFile(Net saved, Net loaded, int seed)
        {
            var random = new Random(seed);
            double[] theta = Randomize(saved, random);
            byte[] file = saved.Save();
            if (file.Length != saved.WeightFileBytes)
            {
                throw new Exception("Save wrote " + file.Length + " bytes, WeightFileLength is " + saved.WeightFileBytes);
            }

            loaded.Load(file);
            Equal(theta, loaded.GetParameters(), "θ loaded from bytes");

            var stream = new MemoryStream();
            saved.Save(stream);
            stream.Position = 0;
            loaded.InitializeParameters(seed);
            loaded.Load(stream);
            Equal(theta, loaded.GetParameters(), "θ loaded from a stream");

            loaded.InitializeParameters(seed + 1);
            double[] before = loaded.GetParameters();
            var corrupted = (byte[])file.Clone();
            corrupted[corrupted.Length / 2] ^= 0x10;
            try
            {
                loaded.Load(corrupted);
                throw new Exception("a file with a corrupted byte was loaded");
            }
            catch (InvalidDataException)
            {
            }

            Equal(before, loaded.GetParameters(), "θ after the corrupted file was refused");
        }
    }
}
