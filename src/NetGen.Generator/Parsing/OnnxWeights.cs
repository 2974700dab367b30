using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Onnx;

namespace NetGen.Generator.Parsing;

/// <summary>
/// <c>Weights = "model.onnx"</c>: the ONNX model, which reaches the generator as the text that NetGen.targets writes
/// of it (the compiler gives generators text only), read with the same reader as the generated <c>LoadOnnx</c> and
/// checked against the declaration; or NETGEN030–032 saying why not. Never throws for any content of the files.
/// </summary>
/// <remarks>
/// The text form (build/NetGen.targets): a first line starting with <see cref="Marker"/>, a second
/// <c># source: &lt;the model's full path&gt;</c>, then the model's bytes in base64, in lines. Its own file name ends
/// with <see cref="Suffix"/>; <c>Weights = "…"</c> is matched against the source path, as against any item's path.
/// </remarks>
internal static class OnnxWeights
{
    /// <summary>How the file names of the text forms end.</summary>
    public const string Suffix = ".netgen-onnx.txt";

    /// <summary>How the text forms start.</summary>
    public const string Marker = "# NetGen: an ONNX model in base64";

    private const string SourcePrefix = "# source: ";

    /// <summary>Whether <paramref name="file"/> is the text form of an ONNX model.</summary>
    public static bool IsConverted(AdditionalText file) => file.Path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="file"/> is an ONNX model given to the compiler as it is (not converted).</summary>
    public static bool IsModel(AdditionalText file) => file.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path of the model a text form was made from ('/' separators), or null for any other file, or a
    /// text form without its source line.</summary>
    public static string? SourcePath(AdditionalText file, CancellationToken cancellationToken)
    {
        if (!IsConverted(file))
        {
            return null;
        }

        SourceText? text = file.GetText(cancellationToken);
        if (text is null || text.Lines.Count < 2)
        {
            return null;
        }

        string line = text.Lines[1].ToString();
        return line.StartsWith(SourcePrefix, StringComparison.Ordinal) ? line.Substring(SourcePrefix.Length).Trim().Replace('\\', '/') : null;
    }

    /// <summary>Reads the model of a text form into <paramref name="model"/>'s compiled-in weights.</summary>
    public static (NetworkModel? Model, DiagnosticInfo? Problem) Read(NetworkModel model, WeightsRequest request, AdditionalText file, CancellationToken cancellationToken)
    {
        SourceText? text = file.GetText(cancellationToken);
        byte[]? bytes = text is null ? null : Decode(text);
        if (bytes is null)
        {
            return (null, Unreadable(request, "the text NetGen's build step made of it (" + System.IO.Path.GetFileName(file.Path)
                + ") is damaged: it is not two '#' lines and base64. Rebuild, so that the build step writes it again."));
        }

        OnnxReadResult result = OnnxMlpReader.Read(bytes);
        if (result.Mlp is not { } mlp)
        {
            return (null, Unreadable(request, result.Error ?? "the reader gave no reason."));
        }

        NetworkShape shape = model.Shape;
        var differences = new List<string>();
        if (!mlp.LayerSizes.SequenceEqual(shape.Sizes))
        {
            differences.Add("its layer sizes are " + string.Join(", ", mlp.LayerSizes.Select(s => s.ToStringInvariant()))
                + ", not " + shape.SizeList);
        }

        HiddenActivation activation = ToActivation(mlp.Activation);
        if (activation != shape.Activation)
        {
            differences.Add("its hidden layers are " + activation + ", not " + shape.Activation);
        }

        OutputHead head = ToHead(mlp.Head);
        if (head != shape.Head)
        {
            differences.Add("its output is " + head + ", not " + shape.Head);
        }

        if (differences.Count > 0)
        {
            int precision = (int)model.Precision;
            return (null, WeightsResolver.Problem(
                DiagnosticDescriptors.OnnxModelMismatch,
                request,
                request.File,
                WeightsResolver.Describe(mlp.LayerSizes, precision, (int)activation, (int)head),
                model.TypeName,
                WeightsResolver.Describe(shape.Sizes.ToArray(), precision, (int)shape.Activation, (int)shape.Head),
                string.Join("; ", differences)));
        }

        // ONNX holds float32; a double network gets each float widened, exactly.
        float[] parameters = mlp.ToParameters();
        var bits = new long[parameters.Length];
        bool single = model.Precision == NumericPrecision.Single;
        for (int n = 0; n < parameters.Length; n++)
        {
            bits[n] = single ? (uint)SingleBits(parameters[n]) : BitConverter.DoubleToInt64Bits(parameters[n]);
        }

        return (model with { CompiledWeights = new EquatableArray<long>(bits) }, null);
    }

    private static byte[]? Decode(SourceText text)
    {
        if (text.Lines.Count < 2 || !text.Lines[0].ToString().StartsWith(Marker, StringComparison.Ordinal)
            || !text.Lines[1].ToString().StartsWith(SourcePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string base64 = string.Concat(text.Lines.Skip(2).Select(line => line.ToString().Trim()));
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int SingleBits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

    private static HiddenActivation ToActivation(OnnxActivation activation) => activation switch
    {
        OnnxActivation.Tanh => HiddenActivation.Tanh,
        OnnxActivation.Relu => HiddenActivation.Relu,
        _ => HiddenActivation.Sigmoid,
    };

    private static OutputHead ToHead(OnnxHead head) => head switch
    {
        OnnxHead.Softmax => OutputHead.Softmax,
        OnnxHead.Linear => OutputHead.Linear,
        _ => OutputHead.Sigmoid,
    };

    private static DiagnosticInfo Unreadable(WeightsRequest request, string reason) =>
        WeightsResolver.Problem(DiagnosticDescriptors.OnnxModelUnreadable, request, request.File, reason);
}
