using System;

namespace NetGen.Tests
{
    /// <summary>
    /// The two members of tests/NetGen.Tests' RoundingModel and Num that the linked Contracts.cs names, in C# 9 (those
    /// files use generic math and file-scoped namespaces, which .NET Framework and C# 9 lack): u, the unit roundoff, and
    /// γ_n = n·u/(1 − n·u).
    /// </summary>
    public sealed class RoundingModel
    {
        public static readonly RoundingModel Single = new RoundingModel("float", Math.Pow(2, -24));

        public static readonly RoundingModel Double = new RoundingModel("double", Math.Pow(2, -53));

        private RoundingModel(string name, double u)
        {
            Name = name;
            U = u;
        }

        public string Name { get; }

        public double U { get; }

        public double Gamma(double n)
        {
            return n * U / (1 - (n * U));
        }
    }

    /// <summary>Num.Tolerance of tests/NetGen.Tests: the relative tolerance of a result m roundings deep.</summary>
    public static class Num
    {
        public static double Tolerance<T>(int roundings)
            where T : unmanaged
        {
            RoundingModel model = typeof(T) == typeof(float) ? RoundingModel.Single : RoundingModel.Double;
            return model.Gamma(roundings) + RoundingModel.Double.Gamma(roundings);
        }
    }
}
