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

    /// <summary>
    /// The generator's version as the generated code names it: the build's $(Version) (NetGen.Generator.csproj writes
    /// <see cref="GeneratorBuild"/>), which is the package's version and the assembly's informational version without
    /// its "+commit". Snapshot tests scrub it, so that a new version changes no snapshot.
    /// </summary>
    public const string GeneratorVersion = GeneratorBuild.Version;

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
    public const string AlignedBlock = nameof(AlignedBlock);
    public const string UpdateParametersFromDeltas = nameof(UpdateParametersFromDeltas);
    public const string LayerSizes = nameof(LayerSizes);
    public const string Sigmoid = nameof(Sigmoid);

    /// <summary>Unrolled code's reads and writes of a Vector128 of consecutive values of a span.</summary>
    public const string LoadUnits = "Load";
    public const string StoreUnits = "Store";

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
    public const string OutputExps = nameof(OutputExps);

    /// <summary>The method that applies the output units' function in place; none for linear outputs.</summary>
    public static string? OutputActivationMethod(OutputHead head) => head switch
    {
        OutputHead.Softmax => OutputSoftmax,
        OutputHead.Linear => null,
        _ => OutputSigmoids,
    };
    public const string Exp = nameof(Exp);
    public const string AddLanes = nameof(AddLanes);
    public const string AddQuarters = nameof(AddQuarters);
    public const string AddHalves = nameof(AddHalves);
    public const string OutputDelta = nameof(OutputDelta);
    public const string NextUniform = nameof(NextUniform);
    public const string LengthMismatch = nameof(LengthMismatch);
    public const string ValidateStepArguments = nameof(ValidateStepArguments);
    public const string ThrowStepArguments = nameof(ThrowStepArguments);
    public const string SampleCount = nameof(SampleCount);
    public const string BatchLengthMismatch = nameof(BatchLengthMismatch);

    // Bad numbers: what the training methods check before they write.
    public const string Backpropagate = nameof(Backpropagate);
    public const string TakeStep = nameof(TakeStep);
    public const string LossMethod = "__Loss";

    /// <summary>The using aliases of the helper classes (see SourceFile.Compose): every network's files declare them.</summary>
    public static readonly string[] HelperAliases = { "__Kernels", "__WeightFile", "__Trainer", "__Checks" };
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
    public const string CompiledWeights = nameof(CompiledWeights);
    public const string SaveText = nameof(SaveText);

    // ONNX (MlpEmitter.Onnx).
    public const string LoadOnnx = nameof(LoadOnnx);
    public const string SaveOnnx = nameof(SaveOnnx);
    public const string LoadOnnxCore = "__LoadOnnx";

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

    public static string Block(string phase, Block block) => block.IsPartOfRow
        ? phase + "_" + block.First.ToStringInvariant() + "_Columns" + block.FirstColumn.ToStringInvariant() + "To" + block.LastColumn.ToStringInvariant()
        : phase + "_" + block.First.ToStringInvariant() + "To" + block.Last.ToStringInvariant();

    /// <summary>
    /// Every member name the generated code declares in the user's type for <paramref name="shape"/>: the public API and
    /// the state, whose private names begin with two underscores. Every helper lives in a class of its own beside the type.
    /// </summary>
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
        yield return LossMethod;

        // The aliases through which the user's part reaches the helper classes: a member of the type would hide them.
        foreach (string alias in HelperAliases)
        {
            yield return alias;
        }
        if (shape.Optimizer == OptimizerKind.Momentum)
        {
            yield return VelocityField;
            yield return MomentumField;
            yield return Momentum;
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
        }

        yield return Save;
        yield return Load;
        yield return WeightFileLength;
        yield return CompiledWeights;
        yield return SaveText;
        yield return LoadText;
        yield return LoadOnnx;
        yield return SaveOnnx;
        yield return LoadOnnxCore;
        yield return Fit;
        yield return TrainingOptions;
        yield return EpochReport;
        yield return TrainingResult;
    }
}
