using System;
using System.Globalization;
using System.Numerics;
using Xunit;

namespace NetGen.Tests;

/// <summary>
/// The double-double exp, σ and tanh that serve as the exact values of the reproducibility bound, against an
/// independent reference: the Taylor series of e^x summed in 400-bit fixed point with BigInteger (no floating point at
/// all), and identities. Each DoubleDouble operation is accurate to a few 2⁻¹⁰⁴ relative; Exp squares its reduced value
/// ten times, multiplying that error by 2¹⁰, so its stated accuracy is 2¹⁰·8·2⁻¹⁰⁴ = 2⁻⁹¹ ≈ 4·10⁻²⁸ relative (σ and tanh
/// add a division and an addition: the same order).
/// </summary>
public class DoubleDoubleTests
{
    private const int Bits = 400;

    /// <summary>2⁻⁹¹: 2¹⁰ squarings × 8 roundings of 2⁻¹⁰⁴ (see the class summary).</summary>
    private static readonly double Accuracy = Math.ScaleB(1, -91);

    private static readonly BigInteger One = BigInteger.One << Bits;

    public static TheoryData<double> Arguments()
    {
        var data = new TheoryData<double>();
        foreach (double x in new[] { 0.0, 1e-9, -1e-9, 7e-4, -9e-4, 1.5e-3, 0.1, -0.1, 0.5, 1, -1, Math.Log(2), 2.5, -3.75, 10, -17.3, 39.9, -39.9, 88, -100 })
        {
            data.Add(x);
        }

        var random = new Random(20261204);
        for (int n = 0; n < 40; n++)
        {
            data.Add((random.NextDouble() - 0.5) * 80);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Exp_MatchesTheFixedPointSeries(double x) =>
        Within(ExpFixed(Fixed(x)), DoubleDouble.Exp(x), $"exp({x:R})");

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Sigmoid_MatchesTheFixedPointSeries(double x)
    {
        // σ(x) = e^x / (e^x + 1) in fixed point (e^x of a negative argument as 1/e^|x|, so nothing overflows).
        BigInteger e = ExpFixed(Fixed(x));
        Within((e << Bits) / (e + One), DoubleDouble.Sigmoid(x), $"σ({x:R})");
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Tanh_MatchesTheFixedPointSeries(double x)
    {
        if (Math.Abs(x) > 100)
        {
            return;
        }

        // tanh(x) = (e^2x − 1)/(e^2x + 1); 400 bits leave more than 300 after the cancellation for |x| ≥ 10⁻⁹.
        // Tanh's (e − 1)/(e + 1) past |x| = 10⁻³ loses e/|e − 1| ≤ 1/|tanh x| of Exp's accuracy to the cancellation.
        BigInteger e = ExpFixed(Fixed(2 * x));
        Within(((e - One) << Bits) / (e + One), DoubleDouble.Tanh(x), $"tanh({x:R})", x == 0 ? 1 : 1 + (1 / Math.Abs(Math.Tanh(x))));
    }

    [Fact]
    public void Exp_KnownValues_AndIdentities()
    {
        // e to 40 digits, exp(ln 2) = 2 (ln 2 as the class holds it, to 106 bits), exp(a + b) = exp(a)·exp(b).
        Within(Parse("2.718281828459045235360287471352662497757"), DoubleDouble.Exp(1), "e");
        Within(2 * One, DoubleDouble.Exp(new DoubleDouble(0.6931471805599453, 2.3190468138462996e-17)), "exp(ln 2)");
        var random = new Random(7);
        for (int n = 0; n < 200; n++)
        {
            double a = (random.NextDouble() - 0.5) * 40, b = (random.NextDouble() - 0.5) * 40;
            DoubleDouble left = DoubleDouble.Exp((DoubleDouble)a + b), right = DoubleDouble.Exp(a) * DoubleDouble.Exp(b);
            Assert.True(Relative(left, right) <= 3 * Accuracy, $"exp({a:R} + {b:R}) = {left}, exp·exp = {right}");
            DoubleDouble s = DoubleDouble.Sigmoid(a), t = DoubleDouble.Tanh(a / 2);
            // (1 + t)/2 cancels where σ is small: compare against the size of its terms, 1.
            Assert.True(Math.Abs((s - ((1 + t) / 2)).Value) <= 3 * Accuracy, $"σ({a:R}) = {s}, (1 + tanh(a/2))/2 = {(1 + t) / 2}");
            Assert.True(Math.Abs((s + DoubleDouble.Sigmoid(-a) - 1).Value) <= 3 * Accuracy, $"σ({a:R}) + σ(−a) = {s + DoubleDouble.Sigmoid(-a)}");
        }
    }

    /// <summary>x as a fixed-point integer: x·2^Bits, exactly (every double of this test's range has its bits above 2⁻⁴⁰⁰).</summary>
    private static BigInteger Fixed(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            return BigInteger.Zero;
        }

        BigInteger m = new BigInteger(mantissa | (1L << 52));
        int shift = exponent - 1075 + Bits;
        Assert.True(shift >= 0);
        m <<= shift;
        return x < 0 ? -m : m;
    }

    private static BigInteger Parse(string digits)
    {
        string[] parts = digits.Split('.');
        BigInteger scale = BigInteger.Pow(10, parts[1].Length);
        return (BigInteger.Parse(parts[0] + parts[1], CultureInfo.InvariantCulture) << Bits) / scale;
    }

    /// <summary>e^x in fixed point: Σ xⁿ/n! until the terms vanish, for |x|; 1/e^|x| for a negative x.</summary>
    private static BigInteger ExpFixed(BigInteger x)
    {
        BigInteger ax = BigInteger.Abs(x), term = One, sum = One;
        for (int n = 1; !term.IsZero; n++)
        {
            term = term * ax / (One * n);
            sum += term;
        }

        return x.Sign < 0 ? (One << Bits) / sum : sum;
    }

    private static void Within(BigInteger exact, DoubleDouble actual, string what, double condition = 1)
    {
        BigInteger value = Fixed(actual.Hi) + Fixed(actual.Lo);
        double relative = (double)BigInteger.Abs(value - exact) / (double)BigInteger.Abs(exact);
        if (exact.IsZero)
        {
            relative = (double)BigInteger.Abs(value) / (double)One;
        }

        Assert.True(relative <= condition * Accuracy, $"{what}: double-double {actual}, relative error {relative:E3} > {condition * Accuracy:E3}");
    }

    private static double Relative(DoubleDouble a, DoubleDouble b) => Math.Abs((a - b).Value) / Math.Abs(b.Value);
}
