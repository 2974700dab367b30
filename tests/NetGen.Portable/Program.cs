using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NetGen.Portable
{
    /// <summary>
    /// Runs every check on every declared network, in float and double, and prints one line per check ("ok" or "FAIL"
    /// with what differed), then a total. Exits 1 if any check failed. Arguments: an optional filter; only checks whose
    /// line contains it run.
    /// </summary>
    public static class Program
    {
        private static int passed;
        private static int failed;
        private static string filter = "";

        public static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            filter = args.Length > 0 ? args[0] : "";
            Stopwatch clock = Stopwatch.StartNew();
            Console.WriteLine("NetGen.Portable on " + RuntimeInformation.FrameworkDescription + ", " + Platform() + ", " + VectorWidths());

            foreach (Spec spec in PortableNetworks.All())
            {
                Spec pair = spec;
                RunAll(spec, delegate { return new SingleNet(pair.MakeSingle()); }, delegate { return new DoubleNet(pair.MakeDouble()); });
                RunAll(spec, delegate { return new DoubleNet(pair.MakeDouble()); }, delegate { return new DoubleNet(pair.MakeDouble()); });
            }

            Console.WriteLine();
            Console.WriteLine("NetGen.Portable total on " + RuntimeInformation.FrameworkDescription.Trim() + " " + RuntimeInformation.ProcessArchitecture
                + " in " + clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s: " + passed + " checks passed, " + failed + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }

        /// <summary>Every check of one network; each check gets new instances (<paramref name="make"/>), as each test does.</summary>
        private static void RunAll(Spec spec, Func<Net> make, Func<Net> makeDoubleTwin)
        {
            int seed = 0;
            foreach (int size in spec.Sizes)
            {
                seed = (seed * 131) + size;
            }

            Net probe = make();
            string name = spec + " " + probe.Precision + " (" + probe.Type.Name + ")";
            Run(name, "kind of code", delegate { Checks.KindOfCode(spec, make()); });
            if (spec.Golden != null)
            {
                Golden golden = Golden.Get(spec.Golden, spec.Sizes);
                Run(name, "golden outputs " + golden.Name, delegate { Checks.GoldenForward(golden, make()); });
                Run(name, "golden batch loss " + golden.Name, delegate { Checks.GoldenLoss(golden, make()); });
                Run(name, "golden gradient " + golden.Name, delegate { Checks.GoldenGradient(golden, make()); });
                Run(name, "golden SGD steps " + golden.Name, delegate { Checks.GoldenSteps(golden, make()); });
            }

            Run(name, "Forward against DeepNaiveMlp", delegate { Checks.NaiveForward(spec, make(), seed + 1); });
            Run(name, "Backward against central differences", delegate { Checks.CentralDifferences(spec, make(), makeDoubleTwin(), seed + 2); });
            Run(name, "ForwardBatch equals Forward per sample", delegate { Checks.ForwardBatch(spec, make(), seed + 3); });
            Run(name, "TrainBatch equals Backward per sample then Step", delegate { Checks.TrainBatch(spec, make(), make(), seed + 4); });
            Run(name, "TrainSample equals Backward then Step", delegate { Checks.TrainSample(spec, make(), make(), seed + 5); });
            Run(name, "weight file Save/Load round trip", delegate { Checks.WeightFile(make(), make(), seed + 6); });
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

        private static string Platform()
        {
#if NET5_0_OR_GREATER
            return RuntimeInformation.RuntimeIdentifier + " (" + RuntimeInformation.ProcessArchitecture + ")";
#else
            return RuntimeInformation.OSDescription + " (" + RuntimeInformation.ProcessArchitecture + ")";
#endif
        }

        private static string VectorWidths()
        {
#if NET8_0_OR_GREATER
            return "accelerated: Vector128 " + System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated
                + ", Vector256 " + System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated
                + ", Vector512 " + System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
                + ", Vector<T> " + System.Numerics.Vector.IsHardwareAccelerated + " (" + System.Numerics.Vector<byte>.Count * 8 + " bits)";
#else
            return "Vector<T> accelerated: " + System.Numerics.Vector.IsHardwareAccelerated;
#endif
        }
    }
}
