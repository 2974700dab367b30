using System;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The checks class: the argument checks of every public method, the checks that keep NaN and ±∞ out of the
/// parameters, and SplitMix64. One class per network, shared by its files (so not file-local), reached as __Checks.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>What the checks class imports: its templates name types by their short names.</summary>
    private string[] ChecksImports => Target.PortableKernels
        ? new[] { "System", "System.Globalization", "System.Runtime.CompilerServices" }
        : new[] { "System", "System.Globalization", "System.Runtime.CompilerServices", "System.Runtime.InteropServices", "System.Runtime.Intrinsics" };

    /// <summary>The checks class's members.</summary>
    private void WriteChecks()
    {
        string t = _t, math = _model.Precision == NumericPrecision.Single ? "MathF" : "Math", zero = Lit("0"), one = Lit("1");
        string type = _model.TypeName, inline = "[MethodImpl(MethodImplOptions.AggressiveInlining)]";
        bool single = _model.Precision == NumericPrecision.Single;
        string bits = single ? "int" : "long", infinityBits = single ? "0x7F800000" : "0x7FF0000000000000L";
        string fromBits = single ? "Int32BitsToSingle" : "Int64BitsToDouble";
        string inlineWhenUnrolled = _shape.IsUnrolled ? "\n" + inline : string.Empty;
        _w.Lines($$"""
            // The sizes the messages name.
            private const int {{InputCount}} = {{N(_shape.Inputs)}};
            private const int {{OutputCount}} = {{N(_shape.Outputs)}};

            /// <summary>SplitMix64 (Steele, Lea and Flood, 2014): the next number in [0, 1), from the top 53 bits.</summary>
            internal static double {{NextUniform}}(ref ulong state)
            {
                ulong z = state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                return (z >> 11) * (1.0 / 9007199254740992.0);
            }

            /// <summary>The exception for a span whose length is not the network's <paramref name="count"/>.</summary>
            internal static ArgumentException {{LengthMismatch}}(string parameter, int length, int expected, string count) =>
                new ArgumentException(
                    parameter + " has " + length.ToString(CultureInfo.InvariantCulture) + " elements, but "
                        + "{{type}}." + count + " is " + expected.ToString(CultureInfo.InvariantCulture)
                        + ": pass a span of exactly that length.",
                    parameter);

            /// <summary>The exception for a batch's outputs or targets whose length is not samples × OutputCount.</summary>
            internal static ArgumentException {{BatchLengthMismatch}}(string parameter, int length, int samples) =>
                new ArgumentException(
                    parameter + " has " + length.ToString(CultureInfo.InvariantCulture) + " elements, but "
                        + samples.ToString(CultureInfo.InvariantCulture) + " samples × {{type}}.OutputCount is "
                        + ((long)samples * OutputCount).ToString(CultureInfo.InvariantCulture) + ": pass a span of exactly that length.",
                    parameter);

            /// <summary>The number of samples in a row-major batch; throws unless it is a whole number (and, unless allowed, not 0).</summary>
            internal static int {{SampleCount}}(ReadOnlySpan<{{t}}> inputs, string parameter, bool allowEmpty)
            {
                int samples = inputs.Length / InputCount;
                if (inputs.Length != samples * InputCount || (samples == 0 && !allowEmpty))
                {
                    throw new ArgumentException(
                        parameter + " has " + inputs.Length.ToString(CultureInfo.InvariantCulture) + " elements: pass "
                            + (allowEmpty ? "a whole number of" : "one or more") + " samples of {{type}}.InputCount = "
                            + InputCount.ToString(CultureInfo.InvariantCulture) + " values each.",
                        parameter);
                }

                return samples;
            }

            /// <summary>
            /// Throws, before anything is written, when a hyperparameter of Step or TrainSample is out of range: one test of all
            /// the conditions inlined into the caller, the exception that names what is wrong from a method of its own.
            /// </summary>
            {{inline}}
            internal static void {{ValidateStepArguments}}({{t}} learningRate, {{t}} l2, int trainingSetSize)
            {
                // η and λ finite (NaN fails every comparison), η > 0, λ ≥ 0, N ≥ 1, and η·λ/N at most 2 (below).
                if (!(learningRate > {{zero}} && learningRate <= {{t}}.MaxValue && l2 >= {{zero}} && l2 <= {{t}}.MaxValue && trainingSetSize > 0
                    && (double)learningRate * l2 / trainingSetSize <= 2))
                {
                    {{ThrowStepArguments}}(learningRate, l2, trainingSetSize);
                }
            }

            /// <summary>The exception for the first of ValidateStepArguments' conditions that fails, thrown; never returns.</summary>
            [MethodImpl(MethodImplOptions.NoInlining)]
            private static void {{ThrowStepArguments}}({{t}} learningRate, {{t}} l2, int trainingSetSize)
            {
                if (!(learningRate > {{zero}}) || {{t}}.IsInfinity(learningRate))
                {
                    throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate,
                        "learningRate (η) must be a finite number greater than 0.");
                }

                if (!(l2 >= {{zero}}) || {{t}}.IsInfinity(l2))
                {
                    throw new ArgumentOutOfRangeException(nameof(l2), l2,
                        "l2 (λ) must be a finite number, 0 or more: use 0 for no penalty.");
                }

                if (trainingSetSize <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(trainingSetSize), trainingSetSize,
                        "trainingSetSize (N) is the number of samples in the training set, which scales the L2 penalty λ/(2N) Σ w²: "
                            + "it must be at least 1.");
                }

                // Each step multiplies the weights by 1 − ηλ/N before the gradient's share: past 2 that factor is below −1 and
                // the weights grow without bound. The only condition left, so thrown without a second test: this method never
                // returns.
                throw new ArgumentOutOfRangeException(nameof(l2), l2,
                    "learningRate·l2/trainingSetSize (η·λ/N, the share of each weight the L2 penalty takes per step) is "
                        + ((double)learningRate * l2 / trainingSetSize).ToString(CultureInfo.InvariantCulture)
                        + ": it must be at most 2, or every step multiplies the weights by 1 − ηλ/N < −1 and they grow without bound."
                        + " Lower l2 or the learning rate.");
            }

            /// <summary>The largest |v_i|; +∞ when some v_i is NaN or ±∞; 0 for no values.</summary>{{inlineWhenUnrolled}}
            internal static {{t}} {{MaxAbs}}(ReadOnlySpan<{{t}}> v)
            {
                {{t}} max = {{zero}};
                int i = 0;
            """);
        if (!Target.PortableKernels)
        {
            _w.Indent();
            WriteVectorMaxAbs(t, bits, infinityBits, fromBits, narrowOnly: _shape.IsUnrolled);
            _w.Outdent();
        }

        _w.Lines($$"""
                for (; i < v.Length; i++)
                {
                    {{t}} a = {{math}}.Abs(v[i]);
                    if (!(a <= {{t}}.MaxValue)) return {{t}}.PositiveInfinity;   // NaN fails every comparison
                    if (a > max) max = a;
                }

                return max;
            }
            """);
        WriteArrayMaxAbs(t, math);
        WriteVectorMaxAbs128(t, bits, infinityBits, fromBits, inlineWhenUnrolled);
        _w.Lines($$"""

            /// <summary>
            /// Throws, before anything is written, when a value given for training is NaN or ±∞; returns the largest |value| (the
            /// first layer's gradient check needs it). <paramref name="perSample"/> is the count of values per sample in a batch,
            /// to name the sample too; 0 for one sample.
            /// </summary>
            {{inline}}
            internal static {{t}} {{RequireFinite}}(ReadOnlySpan<{{t}}> values, string parameter, int perSample)
            {
                {{t}} largest = {{MaxAbs}}(values);
                if (!{{t}}.IsFinite(largest))
                {
                    throw {{NotFiniteArgument}}(values, parameter, perSample);
                }

                return largest;
            }

            /// <summary>The exception for a NaN or ±∞ among values given for training, naming the first (and its sample, in a batch).</summary>
            internal static ArgumentException {{NotFiniteArgument}}(ReadOnlySpan<{{t}}> values, string parameter, int perSample)
            {
                int i = 0;
                while ({{t}}.IsFinite(values[i])) i++;
                return new ArgumentException(
                    parameter + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"
                        + (perSample == 0
                            ? ""
                            : " (sample " + (i / perSample).ToString(CultureInfo.InvariantCulture) + ", value "
                                + (i % perSample).ToString(CultureInfo.InvariantCulture) + ")")
                        + " is " + values[i].ToString(CultureInfo.InvariantCulture) + ": training needs finite inputs and targets. Nothing was written.",
                    parameter);
            }

            /// <summary>Throws when a sample's (or a batch's summed) loss is NaN or ±∞.</summary>
            {{inline}}
            internal static void {{CheckLoss}}(string caller, {{t}} loss)
            {
                if (!{{t}}.IsFinite(loss))
                {
                    throw {{NotFinite}}(caller, "the loss is " + loss.ToString(CultureInfo.InvariantCulture), loss);
                }
            }

            """);
        WriteGradientCheck(t, math, one, inlineWhenUnrolled);
        _w.Lines($$"""

            /// <summary>The exception for a non-finite loss or gradient: what was met, what was (not) written, and what to do.</summary>
            internal static NotFiniteNumberException {{NotFinite}}(string caller, string what, double value) =>
                new NotFiniteNumberException(
                    caller + ": " + what + (caller == "{{Backward}}"
                        ? ", so nothing was added to Gradients."
                        : ", so the step was not taken: the parameters are exactly as they were, and Gradients is cleared.")
                        + " Either the parameters hold NaN or ±∞ (InitializeParameters or Load replaces them) or training diverged"
                        + " (lower the learning rate, or scale the inputs to a few units).",
                    value);
            """);
    }

    /// <summary>
    /// MaxAbs's vector part, on .NET 8 or later: the widest accelerated vectors that fit, the last one overlapping the one
    /// before it when the length is not a multiple of the lanes (a maximum may see a value twice), then the maximum of the
    /// halves of the vector until one lane is left: no scalar tail, no loop over lanes. Fewer values than one Vector128
    /// holds go to the scalar loop after it. With <paramref name="narrowOnly"/> (unrolled code) Vector128 alone: its
    /// per-sample checks read a few vectors (4-8-3's TrainSample, which checks 8 hidden deltas, took 83–90 ns with it
    /// against 92–96 ns one value at a time; scratch program, alternate builds, 3 processes each), and its longest spans,
    /// the parameters and gradients (at most a few thousand), are still read 4 values at a time rather than one.
    /// </summary>
    private void WriteVectorMaxAbs(string t, string bits, string infinityBits, string fromBits, bool narrowOnly)
    {
        int lanes128 = bits == "int" ? 4 : 2;
        void Accumulate(int vectorBits)
        {
            int lanes = lanes128 * vectorBits / 128;
            string v = "Vector" + vectorBits;
            _w.Lines($$"""
                {{v}}<{{bits}}> wide = {{v}}<{{bits}}>.Zero, magnitude = {{v}}.Create({{bits}}.MaxValue);
                for (; i < v.Length - {{lanes}}; i += {{lanes}})
                {
                    wide = {{v}}.Max(wide, {{v}}.LoadUnsafe(ref bitsOf, (nuint)i) & magnitude);
                }

                wide = {{v}}.Max(wide, {{v}}.LoadUnsafe(ref bitsOf, (nuint)(v.Length - {{lanes}})) & magnitude);
                """);
        }

        _w.Open($$"""if (Vector128.IsHardwareAccelerated && v.Length >= {{lanes128}})""");
        _w.Lines($$"""
            // |v| as bits, the sign bit cleared: for numbers of one sign the order of their bits as integers is their order,
            // and ±∞ and NaN come above every finite number. So an integer maximum, with no branch and no NaN rule, finds
            // the largest |v| or tells that some v is NaN or ±∞.
            ref {{bits}} bitsOf = ref Unsafe.As<{{t}}, {{bits}}>(ref MemoryMarshal.GetReference(v));
            Vector128<{{bits}}> largest;
            """);
        if (narrowOnly)
        {
            Accumulate(128);
            _w.Line("largest = wide;");
        }
        else
        {
            _w.Open($$"""if (Vector512.IsHardwareAccelerated && v.Length >= {{4 * lanes128}})""");
            Accumulate(512);
            _w.Lines($$"""
                Vector256<{{bits}}> half = Vector256.Max(wide.GetLower(), wide.GetUpper());
                largest = Vector128.Max(half.GetLower(), half.GetUpper());
                """);
            _w.Close();
            _w.Open($$"""else if (Vector256.IsHardwareAccelerated && v.Length >= {{2 * lanes128}})""");
            Accumulate(256);
            _w.Line("largest = Vector128.Max(wide.GetLower(), wide.GetUpper());");
            _w.Close();
            _w.Open("else");
            Accumulate(128);
            _w.Line("largest = wide;");
            _w.Close();
        }

        _w.Line();
        WriteLanesMax(bits);
        _w.Lines($$"""
            {{bits}} top = largest.ToScalar();
            return top >= {{infinityBits}} ? {{t}}.PositiveInfinity : BitConverter.{{fromBits}}(top);   // the bits of +∞, and NaN's above them
            """);
        _w.Close();
        _w.Line();
    }

    /// <summary>
    /// Where <see cref="TargetProfile.ArrayKernels"/> holds, <c>MaxAbs</c> of an array too: the same loop, since a span costs
    /// several times an array to index there and the one-sample buffers are arrays. Nothing elsewhere.
    /// </summary>
    private void WriteArrayMaxAbs(string t, string math)
    {
        if (!Target.ArrayKernels)
        {
            return;
        }

        _w.Lines($$"""

            /// <summary>The largest |v_i| of an array, as the span overload computes it.</summary>
            internal static {{t}} {{MaxAbs}}({{t}}[] v)
            {
                {{t}} max = {{Lit("0")}};
                for (int i = 0; i < v.Length; i++)
                {
                    {{t}} a = {{math}}.Abs(v[i]);
                    if (!(a <= {{t}}.MaxValue)) return {{t}}.PositiveInfinity;   // NaN fails every comparison
                    if (a > max) max = a;
                }

                return max;
            }
            """);
    }

    /// <summary>
    /// The maximum of the lanes of <c>largest</c> (|v| as bits) into every lane: each lane against the one two lanes over,
    /// then against its neighbour (one step for the two lanes of longs).
    /// </summary>
    private void WriteLanesMax(string bits)
    {
        if (bits == "int")
        {
            _w.Lines("""
                largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(2, 3, 0, 1)));
                largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(1, 0, 3, 2)));
                """);
        }
        else
        {
            _w.Line("largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(1L, 0L)));");
        }
    }

    /// <summary>
    /// Where a sample's deltas are locals (<see cref="SampleInRegisters"/>), <c>MaxAbs</c> of a Vector128 of them too: the
    /// span overload's bit trick on the lanes. Nothing elsewhere.
    /// </summary>
    private void WriteVectorMaxAbs128(string t, string bits, string infinityBits, string fromBits, string inline)
    {
        if (!SampleInRegisters)
        {
            return;
        }

        _w.Lines($$"""

            /// <summary>The largest |v_i| of a Vector128's lanes, as the span overload computes it: +∞ when a lane is NaN or ±∞.</summary>{{inline}}
            """);
        _w.Open($"internal static {t} {MaxAbs}(Vector128<{t}> v)");
        _w.Line($"Vector128<{bits}> largest = v.As<{t}, {bits}>() & Vector128.Create({bits}.MaxValue);");
        WriteLanesMax(bits);
        _w.Lines($$"""
            {{bits}} top = largest.ToScalar();
            return top >= {{infinityBits}} ? {{t}}.PositiveInfinity : BitConverter.{{fromBits}}(top);
            """);
        _w.Close();
    }

    /// <summary>
    /// CheckGradient, from a layer's deltas and the largest |unit input| (the caller's MaxAbs of them, or a bound it
    /// knows): on a span of deltas; where <see cref="TargetProfile.ArrayKernels"/> holds also on the arrays the one-sample
    /// buffers are there, each overload taking max|δ| and passing both maxima to one method that checks them.
    /// </summary>
    private void WriteGradientCheck(string t, string math, string one, string inlineWhenUnrolled)
    {
        string summary = $$"""
            /// <summary>
            /// Throws unless every ∂ℓ/∂w_ji = δ_j·(unit input)_i and ∂ℓ/∂b_j = δ_j of a layer is finite (see the callers) and, for a
            /// step of rate <paramref name="eta"/> (0 for none), η times the largest stays within {{t}}.MaxValue/4, so that no update
            /// can overflow.
            /// </summary>{{inlineWhenUnrolled}}
            """;
        // With ArrayKernels the span and array overloads pass max|δ| to one method; deltas held in locals
        // (SampleInRegisters) come as max|δ| to that method alone.
        bool fromLargestDelta = Target.ArrayKernels || SampleInRegisters;
        string body = $$"""
            {
                // max|δ|·max(max|unit input|, 1) bounds the weights' gradients δ_j·(unit input)_i and the biases' δ_j alike.
                {{t}} largest = {{(fromLargestDelta ? "largestDelta" : MaxAbs + "(delta)")}} * {{math}}.Max(largestUnitInput, {{one}});
                if (!{{t}}.IsFinite(largest))
                {
                    throw {{NotFinite}}(caller, "a gradient of the " + layer + " is NaN or ±∞", largest);
                }

                if (eta * largest > {{t}}.MaxValue / 4)
                {
                    throw {{NotFinite}}(caller, "a step of the " + layer + " would move a parameter by up to "
                        + (eta * largest).ToString(CultureInfo.InvariantCulture) + " (η·max|∂ℓ/∂θ|), which could overflow", eta * largest);
                }
            }
            """;
        if (!fromLargestDelta)
        {
            _w.Lines($$"""
                {{summary}}
                internal static void {{CheckGradient}}(string caller, string layer, ReadOnlySpan<{{t}}> delta, {{t}} largestUnitInput, {{t}} eta)
                {{body}}
                """);
            return;
        }

        foreach (string delta in Target.ArrayKernels ? new[] { $$"""ReadOnlySpan<{{t}}>""", t + "[]" } : Array.Empty<string>())
        {
            _w.Lines($$"""
                /// <summary>The check below, from max|δ| of a layer's deltas (a span or an array) and its largest |unit input|.</summary>{{inlineWhenUnrolled}}
                internal static void {{CheckGradient}}(string caller, string layer, {{delta}} delta, {{t}} largestUnitInput, {{t}} eta) =>
                    {{CheckGradient}}(caller, layer, {{MaxAbs}}(delta), largestUnitInput, eta);

                """);
        }

        _w.Lines($$"""
            {{(inlineWhenUnrolled.Length == 0 || !Target.ArrayKernels ? summary : summary.Replace(inlineWhenUnrolled, string.Empty))}}
            {{(SampleInRegisters ? "internal" : "private")}} static void {{CheckGradient}}(string caller, string layer, {{t}} largestDelta, {{t}} largestUnitInput, {{t}} eta)
            {{body}}
            """);
    }
}
