using System;
using System.Globalization;

namespace NetGen.ColdStart;

/// <summary>
/// <c>--child &lt;shape&gt; &lt;forward|train&gt; [--warmup-ms N]</c>: one measurement in this process (<see cref="Child"/>).
/// Otherwise the parent (<see cref="Parent"/>): many children, each a new process, and a table of their medians.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--child")
        {
            if (args.Length < 3)
            {
                Console.Error.WriteLine("usage: --child <2-4-1|784-128-10> <forward|train> [--warmup-ms N], or --child vectors first-use");
                return 2;
            }

            double warmupMs = Parent.DefaultWarmupMs;
            int at = Array.IndexOf(args, "--warmup-ms");
            if (at >= 0 && at + 1 < args.Length)
            {
                warmupMs = double.Parse(args[at + 1], CultureInfo.InvariantCulture);
            }

            return Child.Run(args[1], args[2], warmupMs);
        }

        return Parent.Run(args);
    }
}
