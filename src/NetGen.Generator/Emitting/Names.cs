using System;
using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The one place that makes the names of generated members and locals, so that the emitter, the
/// parser's conflict check and the docs agree.
/// </summary>
internal static class Names
{
    public const string GeneratorName = "NetGen";
    public const string GeneratorVersion = "0.1.0";

    // Public surface.
    public const string InputCount = nameof(InputCount);
    public const string OutputCount = nameof(OutputCount);
    public const string ParameterCount = nameof(ParameterCount);
    public const string Parameters = nameof(Parameters);
    public const string Gradients = nameof(Gradients);
    public const string Forward = nameof(Forward);
    public const string Backward = nameof(Backward);
    public const string Step = nameof(Step);
    public const string TrainSample = nameof(TrainSample);
    public const string ZeroGradients = nameof(ZeroGradients);
    public const string InitializeParameters = nameof(InitializeParameters);
    public const string ForwardBatch = nameof(ForwardBatch);
    public const string TrainBatch = nameof(TrainBatch);

    // Private state and helpers.
    public const string ParametersField = "__parameters";
    public const string GradientsField = "__gradients";
    public const string PendingSamplesField = "__pendingSamples";

    // Optimizer state and settings (Momentum, Adam).
    public const string VelocityField = "__velocity";
    public const string MomentumField = "__momentum";
    public const string Momentum = nameof(Momentum);
    public const string FirstMomentField = "__firstMoment";
    public const string SecondMomentField = "__secondMoment";
    public const string AdamStepsField = "__adamSteps";
    public const string Beta1Field = "__beta1";
    public const string Beta2Field = "__beta2";
    public const string EpsilonField = "__epsilon";
    public const string Beta1 = nameof(Beta1);
    public const string Beta2 = nameof(Beta2);
    public const string Epsilon = nameof(Epsilon);
    public const string UpdateParameters = nameof(UpdateParameters);
    public const string LayerSizes = nameof(LayerSizes);
    public const string Sigmoid = nameof(Sigmoid);

    /// <summary>
    /// The name of layer <paramref name="layer"/>'s units in member names: "Output" for the last layer; "Hidden" for the one
    /// hidden layer of a network with one, "Hidden1", "Hidden2", … when there are more.
    /// </summary>
    public static string Unit(NetworkShape shape, int layer) =>
        layer == shape.LayerCount ? "Output" : shape.IsShallow ? "Hidden" : "Hidden" + layer.ToStringInvariant();

    /// <summary>The constant holding the units of layer <paramref name="layer"/>: InputCount, HiddenCount or Hidden{l}Count, OutputCount.</summary>
    public static string SizeName(NetworkShape shape, int layer) => layer == 0 ? InputCount : Unit(shape, layer) + "Count";

    /// <summary>Where W_l starts in Parameters and Gradients.</summary>
    public static string WeightOffset(int layer) => "W" + layer.ToStringInvariant() + "Offset";

    /// <summary>Where b_l starts in Parameters and Gradients.</summary>
    public static string BiasOffset(int layer) => "B" + layer.ToStringInvariant() + "Offset";

    /// <summary>The method that applies the activation in place to hidden layer <paramref name="layer"/>'s units.</summary>
    public static string HiddenActivationMethod(NetworkShape shape, int layer) => Unit(shape, layer) + shape.Activation switch
    {
        HiddenActivation.Tanh => "Tanh",
        HiddenActivation.Relu => "Relu",
        _ => "Sigmoids",
    };

    public const string OutputSigmoids = nameof(OutputSigmoids);
    public const string OutputSoftmax = nameof(OutputSoftmax);

    /// <summary>The method that applies the output units' function in place; none for linear outputs.</summary>
    public static string? OutputActivationMethod(OutputHead head) => head switch
    {
        OutputHead.Softmax => OutputSoftmax,
        OutputHead.Linear => null,
        _ => OutputSigmoids,
    };
    public const string Exp = nameof(Exp);
    public const string OutputDelta = nameof(OutputDelta);
    public const string NextUniform = nameof(NextUniform);
    public const string LengthMismatch = nameof(LengthMismatch);
    public const string ValidateStepArguments = nameof(ValidateStepArguments);
    public const string SampleCount = nameof(SampleCount);
    public const string BatchLengthMismatch = nameof(BatchLengthMismatch);

    // Bad numbers: what the training methods check before they write.
    public const string Backpropagate = nameof(Backpropagate);
    public const string TakeStep = nameof(TakeStep);
    public const string LossMethod = "__Loss";
    public const string MaxAbs = nameof(MaxAbs);
    public const string RequireFinite = nameof(RequireFinite);
    public const string NotFiniteArgument = nameof(NotFiniteArgument);
    public const string CheckLoss = nameof(CheckLoss);
    public const string CheckGradient = nameof(CheckGradient);
    public const string NotFinite = nameof(NotFinite);

    // The weight file.
    public const string Save = nameof(Save);
    public const string Load = nameof(Load);
    public const string WeightFileLength = nameof(WeightFileLength);
    public const string WeightFileHeaderLengthName = "WeightFileHeaderLength";
    public const string CheckWeightFileHeader = nameof(CheckWeightFileHeader);
    public const string OptionText = nameof(OptionText);
    public const string ReadUpTo = nameof(ReadUpTo);
    public const string Crc32 = nameof(Crc32);
    public const string CrcTableField = "s_crcTable";
    public const string MakeCrcTable = nameof(MakeCrcTable);
    public const string CompiledWeights = nameof(CompiledWeights);
    public const string SaveText = nameof(SaveText);

    // The trainer.
    public const string Fit = nameof(Fit);
    public const string TrainingOptions = nameof(TrainingOptions);
    public const string EpochReport = nameof(EpochReport);
    public const string TrainingResult = nameof(TrainingResult);
    public const string Evaluate = nameof(Evaluate);   // a local function of Fit: reserves no member name
    public const string Correct = nameof(Correct);     // Correct and Shuffle: members of the trainer's helper class
    public const string Shuffle = nameof(Shuffle);
    public const string LoadText = nameof(LoadText);

    /// <summary>The vector widths of SIMD kernels, widest first: each phase has one kernel per width.</summary>
    public static readonly int[] VectorBits = { 512, 256, 128 };

    /// <summary>The kernel of the phase method <paramref name="phaseMethod"/> for vectors of <paramref name="bits"/> bits.</summary>
    public static string Kernel(string phaseMethod, int bits) => phaseMethod + "_V" + bits.ToStringInvariant();

    /// <summary>What a phase of the layers' code computes; each kind but OutputDeltas exists once per layer it applies to.</summary>
    public enum PhaseKind
    {
        /// <summary>a = W x + b for one layer and one sample.</summary>
        Layer,

        /// <summary>a = W x + b for one layer and <see cref="BatchBlocking.Samples"/> samples.</summary>
        LayerBatch,

        /// <summary>δ = y − t and the loss, at the outputs.</summary>
        OutputDeltas,

        /// <summary>δ_j = f'(a_j) Σ_k w_kj δ_k for one hidden layer.</summary>
        Deltas,
        AccumulateGradients,
        AccumulateGradientsBatch,
        Update,
        Train,
    }

    /// <summary>One phase of the layers' code: a kind of computation on one layer (1 to L).</summary>
    public readonly record struct Phase(PhaseKind Kind, int Layer);

    /// <summary>
    /// The name of a phase's method: for the lecture's network HiddenLayer, OutputLayer, HiddenDeltas,
    /// AccumulateOutputGradients, UpdateHiddenLayer, …; with more hidden layers Hidden1Layer, Hidden2Layer, ….
    /// </summary>
    public static string PhaseName(Phase phase, NetworkShape shape)
    {
        string unit = Unit(shape, phase.Layer);
        return phase.Kind switch
        {
            PhaseKind.Layer => unit + "Layer",
            PhaseKind.LayerBatch => unit + "LayerBatch",
            PhaseKind.OutputDeltas => "OutputDeltas",
            PhaseKind.Deltas => unit + "Deltas",
            PhaseKind.AccumulateGradients => "Accumulate" + unit + "Gradients",
            PhaseKind.AccumulateGradientsBatch => "Accumulate" + unit + "GradientsBatch",
            PhaseKind.Update => "Update" + unit + "Layer",
            _ => "Train" + unit + "Layer",
        };
    }

    /// <summary>Every phase the network's code has, in the order the emitter writes them.</summary>
    public static IEnumerable<Phase> Phases(NetworkShape shape)
    {
        int last = shape.LayerCount;
        foreach (int layer in shape.Layers)
        {
            yield return new Phase(PhaseKind.Layer, layer);
        }

        if (BatchBlocking.Applies(shape))
        {
            foreach (int layer in shape.Layers)
            {
                yield return new Phase(PhaseKind.LayerBatch, layer);
            }
        }

        yield return new Phase(PhaseKind.OutputDeltas, last);
        for (int layer = last - 1; layer >= 1; layer--)
        {
            yield return new Phase(PhaseKind.Deltas, layer);
        }

        for (int layer = last; layer >= 1; layer--)
        {
            yield return new Phase(PhaseKind.AccumulateGradients, layer);
        }

        if (BatchBlocking.AppliesToTraining(shape))
        {
            for (int layer = last; layer >= 1; layer--)
            {
                yield return new Phase(PhaseKind.AccumulateGradientsBatch, layer);
            }
        }

        if (shape.Optimizer == OptimizerKind.Sgd)
        {
            foreach (int layer in shape.Layers)
            {
                yield return new Phase(PhaseKind.Update, layer);
            }

            for (int layer = last; layer >= 1; layer--)
            {
                yield return new Phase(PhaseKind.Train, layer);
            }
        }
    }

    public static string Block(string phase, Block block) => block.IsPartOfRow
        ? phase + "_" + block.First.ToStringInvariant() + "_Columns" + block.FirstColumn.ToStringInvariant() + "To" + block.LastColumn.ToStringInvariant()
        : phase + "_" + block.First.ToStringInvariant() + "To" + block.Last.ToStringInvariant();

    /// <summary>Every member name the generated code declares for <paramref name="shape"/>.</summary>
    public static IEnumerable<string> GeneratedMembers(NetworkShape shape)
    {
        for (int layer = 0; layer <= shape.LayerCount; layer++)
        {
            yield return SizeName(shape, layer);
        }

        yield return LayerSizes;
        yield return ParameterCount;
        yield return Parameters;
        yield return Gradients;
        yield return Forward;
        yield return Backward;
        yield return Step;
        yield return TrainSample;
        yield return ZeroGradients;
        yield return InitializeParameters;
        yield return ForwardBatch;
        yield return TrainBatch;
        yield return ParametersField;
        yield return GradientsField;
        yield return PendingSamplesField;
        if (shape.Optimizer == OptimizerKind.Momentum)
        {
            yield return VelocityField;
            yield return MomentumField;
            yield return Momentum;
            yield return UpdateParameters;
        }
        else if (shape.Optimizer == OptimizerKind.Adam)
        {
            yield return FirstMomentField;
            yield return SecondMomentField;
            yield return AdamStepsField;
            yield return Beta1Field;
            yield return Beta2Field;
            yield return EpsilonField;
            yield return Beta1;
            yield return Beta2;
            yield return Epsilon;
            yield return UpdateParameters;
        }

        foreach (int layer in shape.Layers)
        {
            yield return WeightOffset(layer);
            yield return BiasOffset(layer);
        }

        yield return Sigmoid;
        foreach (int layer in shape.HiddenLayers)
        {
            yield return HiddenActivationMethod(shape, layer);
        }

        if (OutputActivationMethod(shape.Head) is { } outputActivation)
        {
            yield return outputActivation;
        }

        yield return Exp;
        if (shape.Head == OutputHead.Sigmoid)
        {
            yield return OutputDelta;
        }

        yield return NextUniform;
        yield return LengthMismatch;
        yield return ValidateStepArguments;
        yield return SampleCount;
        yield return BatchLengthMismatch;
        yield return Backpropagate;
        yield return TakeStep;
        yield return LossMethod;
        yield return MaxAbs;
        yield return RequireFinite;
        yield return NotFiniteArgument;
        yield return CheckLoss;
        yield return CheckGradient;
        yield return NotFinite;
        yield return Save;
        yield return Load;
        yield return WeightFileLength;
        yield return WeightFileHeaderLengthName;
        yield return CheckWeightFileHeader;
        yield return OptionText;
        yield return ReadUpTo;
        yield return Crc32;
        yield return CrcTableField;
        yield return MakeCrcTable;
        yield return CompiledWeights;
        yield return SaveText;
        yield return LoadText;
        yield return Fit;
        yield return TrainingOptions;
        yield return EpochReport;
        yield return TrainingResult;
        foreach (Phase phase in Phases(shape))
        {
            string name = PhaseName(phase, shape);
            foreach (Block block in BlockPlan.For(phase, shape))
            {
                yield return Block(name, block);
                if (!shape.IsUnrolled && phase.Kind != PhaseKind.OutputDeltas)
                {
                    foreach (int bits in VectorBits)
                    {
                        yield return Kernel(Block(name, block), bits);
                    }
                }
            }
        }
    }
}

/// <summary>
/// Rows <see cref="First"/> to <see cref="Last"/> (inclusive) of one layer's computation; or, for
/// a row too wide for one method, its columns <see cref="FirstColumn"/> to <see cref="LastColumn"/>.
/// </summary>
internal readonly record struct Block(int First, int Last, int TermsPerRow, int FirstColumn = -1, int LastColumn = -1)
{
    /// <summary>Whether this block holds part of one row (then <see cref="First"/> equals <see cref="Last"/>).</summary>
    public bool IsPartOfRow => FirstColumn >= 0;

    public int Terms => IsPartOfRow ? LastColumn - FirstColumn + 1 : (Last - First + 1) * TermsPerRow;
}

/// <summary>
/// Cuts each phase's straight-line code into methods of whole rows with at most
/// <see cref="NetworkLimits.TermsPerMethod"/> terms each (at least one row); a row longer than that is cut into
/// pieces of columns where the phase allows it (gradients, updates) and is a method of its own otherwise, so that
/// every method stays far below the JIT's optimization limits.
/// </summary>
internal static class BlockPlan
{
    /// <summary>Blocks this small are marked for inlining into their caller.</summary>
    public const int InlineTerms = 64;

    public static IReadOnlyList<Block> For(Names.Phase phase, NetworkShape shape)
    {
        int units = shape.Size(phase.Layer), fanIn = shape.Size(phase.Layer - 1);
        (int rows, int termsPerRow) = phase.Kind switch
        {
            Names.PhaseKind.Layer or Names.PhaseKind.LayerBatch => (units, fanIn),
            Names.PhaseKind.OutputDeltas => (units, 8),
            Names.PhaseKind.Deltas => (units, shape.Size(phase.Layer + 1)),
            _ => (units, fanIn + 1),
        };

        var blocks = new List<Block>();
        if (!shape.IsUnrolled || (phase.Kind == Names.PhaseKind.OutputDeltas && shape.Head != OutputHead.Sigmoid))
        {
            // Looped code, and softmax or linear outputs' deltas (a softmax needs every output at once): one method.
            blocks.Add(new Block(0, rows - 1, termsPerRow));
            return blocks;
        }

        int budget = NetworkLimits.TermsPerMethod;
        if (termsPerRow > budget && CanSplitRows(phase))
        {
            // One statement per scalar: a row wider than a method's budget is cut into column ranges.
            int columns = termsPerRow - 1;
            for (int row = 0; row < rows; row++)
            {
                for (int first = 0; first < columns; first += budget)
                {
                    blocks.Add(new Block(row, row, termsPerRow, first, Math.Min(first + budget, columns) - 1));
                }
            }

            return blocks;
        }

        int rowsPerBlock = termsPerRow >= budget ? 1 : budget / termsPerRow;
        for (int first = 0; first < rows; first += rowsPerBlock)
        {
            int last = first + rowsPerBlock - 1;
            blocks.Add(new Block(first, last < rows - 1 ? last : rows - 1, termsPerRow));
        }

        return blocks;
    }

    /// <summary>Phases written as one statement per scalar (weights, then the row's bias), which can be cut mid-row.</summary>
    private static bool CanSplitRows(Names.Phase phase) => phase.Kind is Names.PhaseKind.AccumulateGradients or Names.PhaseKind.Update or Names.PhaseKind.Train;
}

/// <summary>
/// ForwardBatch of SIMD networks computes the hidden layer of <see cref="Samples"/> samples at once, so that each
/// weight vector loaded serves them all (register blocking); their hidden units go in one stack buffer.
/// </summary>
internal static class BatchBlocking
{
    public const int Samples = 8;

    /// <summary>
    /// Rows of W1 per block in the batch kernel, so that Samples × rows vector sums stay in registers: 4 with the 32
    /// registers of AVX-512 (16 sums), 2 with the 16 of AVX2 and of most 128-bit instruction sets (8 sums).
    /// </summary>
    public static int RowsFor(int bits) => bits == 512 ? 2 : 1;

    /// <summary>Largest stack buffer, in bytes, for the samples' hidden units.</summary>
    public const int MaxBufferBytes = 64 * 1024;

    /// <summary>
    /// Whether TrainBatch blocks samples too: its buffers (hidden units and deltas, output activations and deltas, for
    /// every sample of a block) must fit in twice <see cref="MaxBufferBytes"/>, counted in doubles.
    /// </summary>
    public static bool AppliesToTraining(NetworkShape shape) =>
        Applies(shape) && (long)Samples * 2 * ((long)shape.HiddenUnits + shape.Outputs) * sizeof(double) <= 2 * MaxBufferBytes;

    /// <summary>
    /// Whether ForwardBatch blocks samples: SIMD networks whose buffer (every hidden layer's units for each sample of a
    /// block) fits, counted in doubles for either precision.
    /// </summary>
    public static bool Applies(NetworkShape shape) =>
        !shape.IsUnrolled && (long)Samples * shape.HiddenUnits * sizeof(double) <= MaxBufferBytes;
}
