using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The checks class: the argument checks of every public method, the checks that keep NaN and ±∞ out of the
/// parameters, and SplitMix64.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>The checks class: every argument check, the bad-number checks, and SplitMix64.</summary>
    private void WriteChecks()
    {
        string zero = Lit("0");
        _w.Line("// The sizes the messages name.");
        _w.Line("private const int " + InputCount + " = " + N(_shape.Inputs) + ";");
        _w.Line("private const int " + OutputCount + " = " + N(_shape.Outputs) + ";");
        _w.Line();
        _w.Line("/// <summary>SplitMix64 (Steele, Lea and Flood, 2014): the next number in [0, 1), from the top 53 bits.</summary>");
        Generated();
        _w.Open("internal static double " + NextUniform + "(ref ulong state)");
        _w.Line("ulong z = state += 0x9E3779B97F4A7C15UL;");
        _w.Line("z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;");
        _w.Line("z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;");
        _w.Line("z ^= z >> 31;");
        _w.Line("return (z >> 11) * (1.0 / 9007199254740992.0);");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>The exception for a span whose length is not the network's <paramref name=\"count\"/>.</summary>");
        Generated();
        _w.Line("internal static global::System.ArgumentException " + LengthMismatch + "(string parameter, int length, int expected, string count) =>");
        _w.Line("    new global::System.ArgumentException(");
        _w.Line("        parameter + \" has \" + length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" elements, but \"");
        _w.Line("            + \"" + _model.TypeName + ".\" + count + \" is \" + expected.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("            + \": pass a span of exactly that length.\",");
        _w.Line("        parameter);");
        _w.Line();
        _w.Line("/// <summary>The exception for a batch's outputs or targets whose length is not samples × OutputCount.</summary>");
        Generated();
        _w.Line("internal static global::System.ArgumentException " + BatchLengthMismatch + "(string parameter, int length, int samples) =>");
        _w.Line("    new global::System.ArgumentException(");
        _w.Line("        parameter + \" has \" + length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" elements, but \"");
        _w.Line("            + samples.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" samples × \" + \"" + _model.TypeName + ".OutputCount is \"");
        _w.Line("            + ((long)samples * OutputCount).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \": pass a span of exactly that length.\",");
        _w.Line("        parameter);");
        _w.Line();
        _w.Line("/// <summary>The number of samples in a row-major batch; throws unless it is a whole number (and, unless allowed, not 0).</summary>");
        Generated();
        _w.Open("internal static int " + SampleCount + "(" + _readOnlySpan + " inputs, string parameter, bool allowEmpty)");
        _w.Line("int samples = inputs.Length / InputCount;");
        _w.Open("if (inputs.Length != samples * InputCount || (samples == 0 && !allowEmpty))");
        _w.Line("throw new global::System.ArgumentException(");
        _w.Line("    parameter + \" has \" + inputs.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("        + \" elements: pass \" + (allowEmpty ? \"a whole number of\" : \"one or more\") + \" samples of \" + \"" + _model.TypeName + ".InputCount = \"");
        _w.Line("        + InputCount.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" values each.\",");
        _w.Line("    parameter);");
        _w.Close();
        _w.Line();
        _w.Line("return samples;");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Throws, before anything is written, when a hyperparameter of Step or TrainSample is out of range.</summary>");
        Generated();
        _w.Open("internal static void " + ValidateStepArguments + "(" + _t + " learningRate, " + _t + " l2, int trainingSetSize)");
        _w.Open("if (!(learningRate > " + zero + ") || " + _t + ".IsInfinity(learningRate))");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(learningRate), learningRate,");
        _w.Line("    \"learningRate (η) must be a finite number greater than 0.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (!(l2 >= " + zero + ") || " + _t + ".IsInfinity(l2))");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(l2), l2,");
        _w.Line("    \"l2 (λ) must be a finite number, 0 or more: use 0 for no penalty.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (trainingSetSize <= 0)");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(trainingSetSize), trainingSetSize,");
        _w.Line("    \"trainingSetSize (N) is the number of samples in the training set, which scales the L2 penalty λ/(2N) Σ w²: it must be at least 1.\");");
        _w.Close();
        _w.Line();
        _w.Line("// Each step multiplies the weights by 1 − ηλ/N before the gradient's share: past 2 that factor is below −1 and the weights grow without bound.");
        _w.Open("if ((double)learningRate * l2 / trainingSetSize > 2)");
        _w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(l2), l2,");
        _w.Line("    \"learningRate·l2/trainingSetSize (η·λ/N, the share of each weight the L2 penalty takes per step) is \"");
        _w.Line("        + ((double)learningRate * l2 / trainingSetSize).ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
        _w.Line("        + \": it must be at most 2, or every step multiplies the weights by 1 − ηλ/N < −1 and they grow without bound. Lower l2 or the learning rate.\");");
        _w.Close();
        _w.Close();
        _w.Line();
        WriteFiniteHelpers();
    }

    /// <summary>MaxAbs and the checks and exceptions built on it, which keep NaN and ±∞ out of the parameters.</summary>
    private void WriteFiniteHelpers()
    {
        string zero = Lit("0");
        string invariant = "global::System.Globalization.CultureInfo.InvariantCulture";
        _w.Line("/// <summary>The largest |v_i|; +∞ when some v_i is NaN or ±∞; 0 for no values.</summary>");
        Generated();
        if (_shape.IsUnrolled)
        {
            _w.Line(AggressiveInlining);
        }

        _w.Open("internal static " + _t + " " + MaxAbs + "(" + _readOnlySpan + " v)");
        _w.Line(_t + " max = " + zero + ";");
        _w.Line("int i = 0;");
        if (!_shape.IsUnrolled)
        {
            string vector = "global::System.Numerics.Vector<" + _t + ">";
            _w.Open("if (global::System.Numerics.Vector.IsHardwareAccelerated && v.Length >= " + vector + ".Count)");
            _w.Line("// No branch in the loop: m keeps the largest |v|, and nan stays 0 unless some |v| is NaN or ∞ (then |v|·0 is NaN).");
            _w.Line(vector + " m = " + vector + ".Zero, nan = " + vector + ".Zero;");
            _w.Open("for (; i <= v.Length - " + vector + ".Count; i += " + vector + ".Count)");
            _w.Line(vector + " a = global::System.Numerics.Vector.Abs(new " + vector + "(v.Slice(i)));");
            _w.Line("m = global::System.Numerics.Vector.Max(m, a);");
            _w.Line("nan += a * " + vector + ".Zero;");
            _w.Close();
            _w.Line();
            _w.Open("if (!global::System.Numerics.Vector.EqualsAll(nan, " + vector + ".Zero))");
            _w.Line("return " + _t + ".PositiveInfinity;");
            _w.Close();
            _w.Line();
            _w.Open("for (int k = 0; k < " + vector + ".Count; k++)");
            _w.Line("if (m[k] > max) max = m[k];");
            _w.Close();
            _w.Close();
            _w.Line();
        }

        _w.Open("for (; i < v.Length; i++)");
        _w.Line(_t + " a = " + _math + ".Abs(v[i]);");
        _w.Line("if (!(a <= " + _t + ".MaxValue)) return " + _t + ".PositiveInfinity;   // NaN fails every comparison");
        _w.Line("if (a > max) max = a;");
        _w.Close();
        _w.Line();
        _w.Line("return max;");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Throws, before anything is written, when a value given for training is NaN or ±∞. <paramref name=\"perSample\"/>");
        _w.Line("/// is the count of values per sample in a batch, to name the sample too; 0 for one sample.");
        _w.Line("/// </summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("internal static void " + RequireFinite + "(" + _readOnlySpan + " values, string parameter, int perSample)");
        _w.Open("if (!" + _t + ".IsFinite(" + MaxAbs + "(values)))");
        _w.Line("throw " + NotFiniteArgument + "(values, parameter, perSample);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>The exception for a NaN or ±∞ among values given for training, naming the first (and its sample, in a batch).</summary>");
        Generated();
        _w.Open("internal static global::System.ArgumentException " + NotFiniteArgument + "(" + _readOnlySpan + " values, string parameter, int perSample)");
        _w.Line("int i = 0;");
        _w.Line("while (" + _t + ".IsFinite(values[i])) i++;");
        _w.Line("return new global::System.ArgumentException(");
        _w.Line("    parameter + \"[\" + i.ToString(" + invariant + ") + \"]\"");
        _w.Line("        + (perSample == 0 ? \"\" : \" (sample \" + (i / perSample).ToString(" + invariant + ") + \", value \" + (i % perSample).ToString(" + invariant + ") + \")\")");
        _w.Line("        + \" is \" + values[i].ToString(" + invariant + ") + \": training needs finite inputs and targets. Nothing was written.\",");
        _w.Line("    parameter);");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Throws when a sample's (or a batch's summed) loss is NaN or ±∞.</summary>");
        Generated();
        _w.Line(AggressiveInlining);
        _w.Open("internal static void " + CheckLoss + "(string caller, " + _t + " loss)");
        _w.Open("if (!" + _t + ".IsFinite(loss))");
        _w.Line("throw " + NotFinite + "(caller, \"the loss is \" + loss.ToString(" + invariant + "), loss);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Throws unless every ∂ℓ/∂w_ji = δ_j·(unit input)_i and ∂ℓ/∂b_j = δ_j of a layer is finite (see the callers) and, for a step");
        _w.Line("/// of rate <paramref name=\"eta\"/> (0 for none), η times the largest stays within " + _t + ".MaxValue/4, so that no update can overflow.");
        _w.Line("/// </summary>");
        Generated();
        if (_shape.IsUnrolled)
        {
            _w.Line(AggressiveInlining);
        }

        _w.Open("internal static void " + CheckGradient + "(string caller, string layer, " + _readOnlySpan + " delta, " + _readOnlySpan + " unitInput, " + _t + " eta)");
        _w.Line("// max|δ|·max(max|unit input|, 1) bounds the weights' gradients δ_j·(unit input)_i and the biases' δ_j alike.");
        _w.Line(_t + " largest = " + MaxAbs + "(delta) * " + _math + ".Max(" + MaxAbs + "(unitInput), " + Lit("1") + ");");
        _w.Open("if (!" + _t + ".IsFinite(largest))");
        _w.Line("throw " + NotFinite + "(caller, \"a gradient of the \" + layer + \" is NaN or ±∞\", largest);");
        _w.Close();
        _w.Line();
        _w.Open("if (eta * largest > " + _t + ".MaxValue / 4)");
        _w.Line("throw " + NotFinite + "(caller, \"a step of the \" + layer + \" would move a parameter by up to \" + (eta * largest).ToString(" + invariant + ") + \" (η·max|∂ℓ/∂θ|), which could overflow\", eta * largest);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>The exception for a non-finite loss or gradient: what was met, what was (not) written, and what to do.</summary>");
        Generated();
        _w.Line("internal static global::System.NotFiniteNumberException " + NotFinite + "(string caller, string what, double value) =>");
        _w.Line("    new global::System.NotFiniteNumberException(");
        _w.Line("        caller + \": \" + what + (caller == \"" + Backward + "\"");
        _w.Line("            ? \", so nothing was added to Gradients.\"");
        _w.Line("            : \", so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.\")");
        _w.Line("            + \" Either the parameters hold NaN or ±∞ (InitializeParameters or Load replaces them) or training diverged\"");
        _w.Line("            + \" (lower the learning rate, or scale the inputs to a few units).\",");
        _w.Line("        value);");
    }
}
