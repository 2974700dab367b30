using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Finds the weight file a model asks for (<c>Weights = "…"</c>) among the AdditionalFiles, checks it as the generated
/// Load does (docs/weight-file-format.md) and puts its parameters into the model; or says why it cannot. Never throws.
/// </summary>
internal static class WeightsResolver
{
    private static readonly byte[] Magic = WeightFileFormat.MagicBytes();

    public static (NetworkModel? Model, DiagnosticInfo? Problem) Resolve(NetworkModel model, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        if (model.Weights is not { } request)
        {
            return (model, null);
        }

        try
        {
            return ResolveCore(model, request, files, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, Problem(DiagnosticDescriptors.WeightsFileUnreadable, request, request.File, exception.GetType().Name + ": " + exception.Message));
        }
    }

    private static (NetworkModel? Model, DiagnosticInfo? Problem) ResolveCore(
        NetworkModel model, WeightsRequest request, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        string wanted = request.File.Replace('\\', '/');
        // An ONNX model reaches the generator as the text NetGen.targets makes of it, which names the model it came from.
        AdditionalText[] matches = wanted.Trim().Length == 0
            ? Array.Empty<AdditionalText>()
            : files.Where(f => Matches(OnnxWeights.SourcePath(f, cancellationToken) ?? f.Path.Replace('\\', '/'), wanted)).ToArray();
        if (matches.Length != 1)
        {
            return matches.Length == 0
                ? (null, Problem(DiagnosticDescriptors.WeightsFileNotFound, request, model.TypeName, request.File))
                : (null, Problem(DiagnosticDescriptors.WeightsFileUnreadable, request, request.File,
                    matches.Length.ToStringInvariant() + " AdditionalFiles items match that name; give a path that names one"));
        }

        if (OnnxWeights.IsConverted(matches[0]))
        {
            return OnnxWeights.Read(model, request, matches[0], cancellationToken);
        }

        if (OnnxWeights.IsModel(matches[0]))
        {
            return (null, Problem(DiagnosticDescriptors.OnnxModelNotConverted, request, model.TypeName, request.File));
        }

        SourceText? text = matches[0].GetText(cancellationToken);
        if (text is null)
        {
            return (null, Problem(DiagnosticDescriptors.WeightsFileUnreadable, request, request.File, "the compiler could not read it as text (it refuses binary files, such as what Save writes)"));
        }

        // The compiler reads AdditionalFiles as text and refuses binary ones, so the weights come in the text form that
        // the generated SaveText writes: '#' comment lines, then the binary file in base64.
        string base64 = string.Concat(text.Lines
            .Select(line => line.ToString().Trim())
            .Where(line => !line.StartsWith("#", StringComparison.Ordinal)));
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return (null, Unreadable(request, "it is not the text form of a weight file (after its '#' lines it is not base64): write it with SaveText"));
        }

        return Read(model, request, bytes);
    }

    private static bool Matches(string path, string wanted) =>
        string.Equals(path, wanted, StringComparison.Ordinal) || path.EndsWith("/" + wanted.TrimStart('/'), StringComparison.Ordinal);

    private static (NetworkModel? Model, DiagnosticInfo? Problem) Read(NetworkModel model, WeightsRequest request, byte[] file)
    {
        NetworkShape shape = model.Shape;
        bool single = model.Precision == NumericPrecision.Single;
        if (file.Length < WeightFileFormat.FixedHeaderLength || !file.Take(Magic.Length).SequenceEqual(Magic))
        {
            return (null, Unreadable(request, file.Length >= Magic.Length && !file.Take(Magic.Length).SequenceEqual(Magic)
                ? "it does not start with NETGENWT, so it is not a NetGen weight file"
                : "it is truncated (" + file.Length.ToStringInvariant() + " bytes)"));
        }

        int version = WeightFileFormat.UInt16At(file, WeightFileFormat.VersionOffset);
        if (version != WeightFileFormat.Version && version != WeightFileFormat.Version1)
        {
            return (null, Unreadable(request, "it has format version " + version.ToStringInvariant() + ", and this NetGen reads versions "
                + WeightFileFormat.Version1.ToStringInvariant() + " and " + WeightFileFormat.Version.ToStringInvariant()));
        }

        int count = WeightFileFormat.UInt16At(file, WeightFileFormat.SizeCountOffset);
        int header = WeightFileFormat.HeaderLength(count);
        if (file.Length < header)
        {
            return (null, Unreadable(request, "it is truncated (" + file.Length.ToStringInvariant() + " bytes)"));
        }

        int[] sizes = Enumerable.Range(0, count).Select(n => Int32(file, WeightFileFormat.SizesOffset + (4 * n))).ToArray();
        byte precision = file[WeightFileFormat.PrecisionOffset], activation = file[WeightFileFormat.ActivationOffset], head = file[WeightFileFormat.OutputOffset];
        if (!sizes.SequenceEqual(shape.Sizes) || precision != (int)model.Precision || activation != (int)shape.Activation || head != (int)shape.Head)
        {
            return (null, Problem(
                DiagnosticDescriptors.WeightsFileMismatch,
                request,
                request.File,
                Describe(sizes, precision, activation, head),
                model.TypeName,
                Describe(shape.Sizes.ToArray(), (int)model.Precision, (int)shape.Activation, (int)shape.Head)));
        }

        int size = WeightFileFormat.ParameterSize(model.Precision);
        long length = WeightFileFormat.FileLength(count, shape.ParameterCount, model.Precision);
        if (file[WeightFileFormat.ReservedOffset] != 0 || Int32(file, WeightFileFormat.ParameterCountOffset(count)) != shape.ParameterCount)
        {
            return (null, Unreadable(request, "its header is corrupted (the reserved byte or the parameter count is wrong)"));
        }

        if (file.Length != length)
        {
            return (null, Unreadable(request, "it has " + file.Length.ToStringInvariant() + " bytes, and a weight file for this network has "
                + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + (file.Length < length ? " (truncated)" : string.Empty)));
        }

        uint stored = (uint)Int32(file, file.Length - WeightFileFormat.CrcLength);
        uint computed = WeightFileFormat.Crc32(file, file.Length - WeightFileFormat.CrcLength);
        if (stored != computed)
        {
            return (null, Unreadable(request, "its CRC-32 does not match its bytes: the file is corrupted, or was not given to the compiler byte for byte"));
        }

        var bits = new long[shape.ParameterCount];
        for (int n = 0; n < bits.Length; n++)
        {
            int at = header + (n * size);
            bits[version == WeightFileFormat.Version1 ? WeightFileFormat.Version1Index(shape, n) : n] = single ? (uint)Int32(file, at) : (long)((uint)Int32(file, at) | ((ulong)(uint)Int32(file, at + 4) << 32));
        }

        return (model with { CompiledWeights = new EquatableArray<long>(bits) }, null);
    }

    private static int Int32(byte[] file, int at) => WeightFileFormat.Int32At(file, at);

    internal static string Describe(int[] sizes, int precision, int activation, int head) =>
        "[Mlp(" + string.Join(", ", sizes.Select(s => s.ToStringInvariant()))
        + WeightFileFormat.OptionText("Precision", precision, WeightFileFormat.PrecisionNames)
        + WeightFileFormat.OptionText("Activation", activation, WeightFileFormat.ActivationNames)
        + WeightFileFormat.OptionText("Output", head, WeightFileFormat.OutputNames) + ")]";

    private static DiagnosticInfo Unreadable(WeightsRequest request, string reason) =>
        Problem(DiagnosticDescriptors.WeightsFileUnreadable, request, request.File, reason);

    internal static DiagnosticInfo Problem(DiagnosticDescriptor descriptor, WeightsRequest request, params string[] arguments) =>
        new(descriptor.Id, request.Location, new EquatableArray<string>(arguments));
}
