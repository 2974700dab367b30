using System;

namespace NetGen.Tests;

/// <summary>
/// A number held as the unevaluated sum Hi + Lo of two doubles with |Lo| ≤ ½ ulp(Hi): about 106 bits of significand,
/// enough to serve as the exact value when measuring the rounding errors of a double network (u = 2⁻⁵³) and, a fortiori,
/// of a float one. Sums and products use the error-free transformations TwoSum and TwoProduct (the latter through
/// <see cref="Math.FusedMultiplyAdd"/>); see Muller et al., Handbook of Floating-Point Arithmetic, ch. 4 and 14. Each
/// operation below is accurate to a small multiple of 2⁻¹⁰⁴ relative to its result, which the error bounds of
/// <see cref="ErrorBoundedReference"/> treat as exact (they add a slack of 1e-24 relative for it).
/// </summary>
public readonly struct DoubleDouble
{
    /// <summary>ln 2 to 106 bits: 0x3FE62E42FEFA39EF + 0x3C7ABC9E3B39803F.</summary>
    private static readonly DoubleDouble Ln2 = new(0.6931471805599453, 2.3190468138462996e-17);

    public DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public double Hi { get; }

    public double Lo { get; }

    /// <summary>The nearest double (to within one rounding).</summary>
    public double Value => Hi + Lo;

    public static implicit operator DoubleDouble(double value) => new(value, 0);

    /// <summary>a·b exactly (barring underflow): the rounded product and its rounding error.</summary>
    public static DoubleDouble Product(double a, double b)
    {
        double p = a * b;
        return new DoubleDouble(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        (double s, double e) = TwoSum(a.Hi, b.Hi);
        (double t, double f) = TwoSum(a.Lo, b.Lo);
        (s, e) = FastTwoSum(s, e + t);
        return Normalized(s, e + f);
    }

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + (-b);

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        DoubleDouble p = Product(a.Hi, b.Hi);
        return Normalized(p.Hi, p.Lo + ((a.Hi * b.Lo) + (a.Lo * b.Hi)));
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        // Long division: three quotient digits, each from the remainder so far.
        double q1 = a.Hi / b.Hi;
        DoubleDouble r = a - (b * q1);
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        return Normalized(q1, q2) + q3;
    }

    public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 || (a.Hi == 0 && a.Lo < 0) ? -a : a;

    public static DoubleDouble Max(DoubleDouble a, DoubleDouble b) => (a - b).Hi >= 0 ? a : b;

    /// <summary>
    /// e^x: x = k ln2 + r with |r| ≤ ln2/2, then e^(r/1024) by its Taylor series to the 11th power (the terms left out
    /// are below 10⁻⁴²), squared ten times, and scaled by 2^k. Overflows to +∞ past 709.7 and returns 0 below −745.
    /// </summary>
    public static DoubleDouble Exp(DoubleDouble x)
    {
        if (x.Hi > 709.7)
        {
            return double.PositiveInfinity;
        }

        if (x.Hi < -745.2)
        {
            return 0;
        }

        double k = Math.Round(x.Hi / Ln2.Hi);
        DoubleDouble r = x - (Ln2 * k);
        r = new DoubleDouble(r.Hi / 1024, r.Lo / 1024);
        DoubleDouble term = 1, sum = 1;
        for (int n = 1; n <= 11; n++)
        {
            term = term * r / n;
            sum += term;
        }

        for (int square = 0; square < 10; square++)
        {
            sum *= sum;
        }

        return new DoubleDouble(Math.ScaleB(sum.Hi, (int)k), Math.ScaleB(sum.Lo, (int)k));
    }

    /// <summary>σ(a) = 1 / (1 + e^(−a)), as e^a / (1 + e^a) below 0 so that no exp overflows.</summary>
    public static DoubleDouble Sigmoid(DoubleDouble a)
    {
        if (a.Hi >= 0)
        {
            return 1 / (1 + Exp(-a));
        }

        DoubleDouble e = Exp(a);
        return e / (1 + e);
    }

    /// <summary>tanh(a): its odd series near 0 (no cancellation), (e^(2a) − 1)/(e^(2a) + 1) elsewhere, ±1 past |a| = 40.</summary>
    public static DoubleDouble Tanh(DoubleDouble a)
    {
        if (Math.Abs(a.Hi) < 1e-3)
        {
            // a − a³/3 + 2a⁵/15 − 17a⁷/315 + 62a⁹/2835: the next term is below 10⁻³⁰ relative.
            DoubleDouble a2 = a * a;
            DoubleDouble series = (DoubleDouble)62 / 2835;
            series = ((DoubleDouble)17 / 315) - (a2 * series);
            series = ((DoubleDouble)2 / 15) - (a2 * series);
            series = ((DoubleDouble)1 / 3) - (a2 * series);
            return a * (1 - (a2 * series));
        }

        if (Math.Abs(a.Hi) > 40)
        {
            return Math.Sign(a.Hi);
        }

        DoubleDouble e = Exp(a + a);
        return (e - 1) / (e + 1);
    }

    public override string ToString() => Hi.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " + " + Lo.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static (double Sum, double Error) TwoSum(double a, double b)
    {
        double s = a + b, bb = s - a;
        return (s, (a - (s - bb)) + (b - bb));
    }

    /// <summary>TwoSum when |a| ≥ |b| (or a is 0).</summary>
    private static (double Sum, double Error) FastTwoSum(double a, double b)
    {
        double s = a + b;
        return (s, b - (s - a));
    }

    private static DoubleDouble Normalized(double hi, double lo)
    {
        (double s, double e) = FastTwoSum(hi, lo);
        return new DoubleDouble(s, e);
    }
}
