using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The weight file's file: in the user's type the public API (WeightFileLength, Save, Load, SaveText, LoadText and the
/// compiled-in weights), in the helper class <c>WeightFile</c> everything else (the header, the checks, the CRC-32, the
/// text form). The format's facts come from <see cref="WeightFileFormat"/>, which the compile-time reader uses too.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>The alias by which the user's part reaches the helper class.</summary>
    private const string WeightFileAlias = "__" + WeightFileConcern;

    private const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
    private const string Binary = "global::System.Buffers.Binary.BinaryPrimitives";
    private const string InvalidData = "global::System.IO.InvalidDataException";

    private int WeightFileHeaderLength => WeightFileFormat.HeaderLength(_shape.Sizes.Count);

    private int WeightFileLengthValue => WeightFileFormat.FileLength(_model);

    private int WeightParameterSize => WeightFileFormat.ParameterSize(_model.Precision);

    /// <summary>The name <c>nameof</c> gives the user's type, without a keyword's <c>@</c>.</summary>
    private string TypeNameText => _model.TypeName.TrimStart('@');

    /// <summary>The attribute as a weight file's message spells it: "[Mlp(2, 4, 1, Activation = Tanh)]".</summary>
    private string WeightFileDeclaration => "[Mlp(" + _shape.SizeList
        + WeightFileFormat.OptionText("Precision", (int)_model.Precision, WeightFileFormat.PrecisionNames)
        + WeightFileFormat.OptionText("Activation", (int)_shape.Activation, WeightFileFormat.ActivationNames)
        + WeightFileFormat.OptionText("Output", (int)_shape.Head, WeightFileFormat.OutputNames) + ")]";

    /// <summary>The weight file's helper class, beside Save and Load.</summary>
    private HelperClass? WeightFileHelpers() => new(
        WeightFileConcern,
        TypeNameText + "'s weight file, format version " + N(WeightFileFormat.Version)
            + " (docs/weight-file-format.md): its header, its checks, its CRC-32 and its text form.",
        WriteWeightFileHelpers);

    /// <summary>The user's part: the compiled-in weights, then the public API, each a few lines over the helper class.</summary>
    private void WriteWeightFile()
    {
        WriteCompiledWeights();
        string clearState = _shape.Optimizer switch
        {
            OptimizerKind.Momentum => " and the momentum",
            OptimizerKind.Adam => " and Adam's moments",
            _ => string.Empty,
        };
        string helper = WeightFileAlias;

        _w.Lines($$"""
            /// <summary>
            /// The length in bytes of this network's weight file, {{N(WeightFileLengthValue)}}: a {{N(WeightFileHeaderLength)}}-byte header, the ParameterCount
            /// parameters ({{N(WeightParameterSize)}} bytes each) and a {{N(WeightFileFormat.CrcLength)}}-byte CRC-32.
            /// </summary>
            {{GeneratedCode}}
            public const int {{WeightFileLength}} = {{N(WeightFileLengthValue)}};

            /// <summary>
            /// Writes the parameters as a weight file of exactly <see cref="{{WeightFileLength}}"/> bytes, readable by
            /// <see cref="Load(global::System.ReadOnlySpan{byte})"/>.
            /// </summary>
            /// <param name="destination">At least WeightFileLength bytes; the file goes at its start.</param>
            /// <returns>The bytes written, WeightFileLength.</returns>
            /// <exception cref="global::System.ArgumentException">
            /// <paramref name="destination"/> is shorter than WeightFileLength; nothing is written.
            /// </exception>
            /// <remarks>Allocates nothing. Saves the parameters only: not the gradients, nor an optimizer's state.</remarks>
            {{GeneratedCode}}
            public int {{Save}}(global::System.Span<byte> destination) => {{helper}}.Write({{ParametersField}}, destination);

            /// <summary>Writes the parameters to <paramref name="stream"/> as a weight file of <see cref="{{WeightFileLength}}"/> bytes.</summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="stream"/> is null.</exception>
            /// <remarks>Borrows one buffer of WeightFileLength bytes from the shared array pool while it writes.</remarks>
            {{GeneratedCode}}
            public void {{Save}}(global::System.IO.Stream stream)
            {
                if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));
                byte[] buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent({{WeightFileLength}});
                try
                {
                    {{Save}}(buffer);
                    stream.Write(buffer, 0, {{WeightFileLength}});
                }
                finally
                {
                    global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            /// <summary>
            /// Replaces the parameters with those of a weight file written by <see cref="Save(global::System.Span{byte})"/> for a network
            /// declared {{WeightFileDeclaration.Replace("<", "&lt;")}}, and clears the gradients{{clearState}}. Files of format version {{N(WeightFileFormat.Version1)}} (NetGen 0.1,
            /// W1 row-major) load too: their W1 goes to its input-major place.
            /// </summary>
            /// <param name="source">Exactly one weight file: <see cref="{{WeightFileLength}}"/> bytes.</param>
            /// <exception cref="global::System.IO.InvalidDataException">
            /// The bytes are not a NetGen weight file, are of another format version, were saved by a network of other sizes or
            /// options, are truncated or longer than one file, or fail the checksum. The message says which; the parameters
            /// are left exactly as they were.
            /// </exception>
            /// <remarks>Allocates nothing. Checks the whole file before it writes a single parameter.</remarks>
            {{GeneratedCode}}
            """);
        _w.Open("public void " + Names.Load + "(global::System.ReadOnlySpan<byte> source)");
        _w.Lines($$"""
            {{helper}}.Read(source, {{ParametersField}});   // every check first: a bad file leaves the parameters as they were
            {{ZeroGradients}}();
            """);
        WriteClearOptimizerState();
        _w.Close();
        _w.Line();

        _w.Lines($$"""
            /// <summary>
            /// Reads one weight file from <paramref name="stream"/> (its next <see cref="{{WeightFileLength}}"/> bytes) and loads it
            /// as <see cref="Load(global::System.ReadOnlySpan{byte})"/> does.
            /// </summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="stream"/> is null.</exception>
            /// <exception cref="global::System.IO.InvalidDataException">
            /// As for the span overload, the stream ending early included; the parameters are left as they were.
            /// </exception>
            /// <remarks>Reads the header first, so that a file for another network is refused before its parameters are read.</remarks>
            {{GeneratedCode}}
            public void {{Names.Load}}(global::System.IO.Stream stream)
            {
                if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));
                byte[] buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent({{WeightFileLength}});
                try
                {
                    int read = {{helper}}.ReadUpTo(stream, buffer, 0, {{helper}}.HeaderLength);
                    {{helper}}.CheckHeader(new global::System.ReadOnlySpan<byte>(buffer, 0, read));
                    read += {{helper}}.ReadUpTo(stream, buffer, read, {{WeightFileLength}} - read);
                    {{Names.Load}}(new global::System.ReadOnlySpan<byte>(buffer, 0, read));
                }
                finally
                {
                    global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            /// <summary>
            /// Writes the weight file as text: a comment line, then the file's bytes in base64, {{N(WeightFileFormat.TextLineLength)}} characters to a line.
            /// This is the form to give the compiler for <c>Weights = \"…\"</c> on the attribute, which reads AdditionalFiles as
            /// text only.
            /// </summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="writer"/> is null.</exception>
            {{GeneratedCode}}
            public void {{SaveText}}(global::System.IO.TextWriter writer)
            {
                if (writer is null) throw new global::System.ArgumentNullException(nameof(writer));
                byte[] file = new byte[{{WeightFileLength}}];
                {{Save}}(file);
                {{helper}}.WriteText(writer, file);
            }

            /// <summary>
            /// Reads a weight file written by <see cref="{{SaveText}}"/> and loads it as
            /// <see cref="Load(global::System.ReadOnlySpan{byte})"/> does.
            /// </summary>
            /// <exception cref="global::System.ArgumentNullException"><paramref name="reader"/> is null.</exception>
            /// <exception cref="global::System.IO.InvalidDataException">
            /// The text is not base64, or its bytes are refused as Load refuses them; the parameters are left as they were.
            /// </exception>
            {{GeneratedCode}}
            public void {{LoadText}}(global::System.IO.TextReader reader)
            {
                if (reader is null) throw new global::System.ArgumentNullException(nameof(reader));
                {{Names.Load}}({{helper}}.ReadText(reader));
            }

            """);
    }

    /// <summary>
    /// <c>Weights = "…"</c>: the file's parameters as static data in the assembly, each literal the exact value saved
    /// (shortest round-trip form), as many to a line as fit in <see cref="CompiledWeightsLineWidth"/> characters.
    /// </summary>
    private void WriteCompiledWeights()
    {
        if (_model.CompiledWeights.Count == 0)
        {
            return;
        }

        string file = _model.Weights!.File.Replace("&", "&amp;").Replace("<", "&lt;").Replace("\r", " ").Replace("\n", " ");
        _w.Lines($$"""
            /// <summary>
            /// The parameters of the weight file "{{file}}", compiled in (Weights = "…" on the attribute), in the layout of
            /// <see cref="Parameters"/>: every new instance starts with them. Static data in the assembly: reading it allocates nothing.
            /// </summary>
            {{GeneratedCode}}
            public static global::System.ReadOnlySpan<{{_t}}> {{CompiledWeights}} => new {{_t}}[]
            {
            """);
        var line = new List<string>();
        int width = 0;
        foreach (string value in _model.CompiledWeights.Select(WeightLiteral))
        {
            if (line.Count > 0 && width + value.Length + 2 > CompiledWeightsLineWidth)
            {
                _w.Line("    " + string.Join(", ", line) + ",");
                line.Clear();
                width = 0;
            }

            line.Add(value);
            width += value.Length + 2;
        }

        _w.Line("    " + string.Join(", ", line) + ",");
        _w.Line("};");
        _w.Line();
    }

    /// <summary>The most characters of literals on one line of CompiledWeights: the line stays under 160 however deeply the type is nested.</summary>
    private const int CompiledWeightsLineWidth = 100;

    /// <summary>
    /// The helper class: its own copies of the network's numbers (it cannot name the user's type, which may be generic,
    /// private or nested), Write and Read of the bytes, the header check, the stream reader, the CRC-32 and the text form.
    /// </summary>
    private void WriteWeightFileHelpers()
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string bits = single ? "Int32" : "Int64";
        string toBits = single ? "global::System.BitConverter.SingleToInt32Bits" : "global::System.BitConverter.DoubleToInt64Bits";
        string fromBits = single ? "global::System.BitConverter.Int32BitsToSingle" : "global::System.BitConverter.Int64BitsToDouble";
        string size = N(WeightParameterSize);
        string length = N(WeightFileLengthValue);
        string name = TypeNameText;
        int sizes = _shape.Sizes.Count;
        string crc = N(WeightFileFormat.CrcLength);
        int inputs = _shape.Size(0), units = _shape.Size(1), w1 = _shape.WeightLength(1);

        _w.Lines($$"""
            // The weight file, format version {{N(WeightFileFormat.Version)}} (docs/weight-file-format.md), little-endian:
            //   {{N(WeightFileFormat.MagicOffset)}}  magic "{{WeightFileFormat.Magic}}"   {{N(WeightFileFormat.VersionOffset)}}  version (uint16)   {{N(WeightFileFormat.PrecisionOffset)}}  precision, {{N(WeightFileFormat.ActivationOffset)}}  activation, {{N(WeightFileFormat.OutputOffset)}}  output (the enums' values)
            //   {{N(WeightFileFormat.ReservedOffset)}}  reserved, 0   {{N(WeightFileFormat.SizeCountOffset)}}  number of sizes n (uint16)   {{N(WeightFileFormat.SizesOffset)}}  the n sizes (int32)   {{N(WeightFileFormat.SizesOffset)}} + 4n  ParameterCount (int32)
            //   then the parameters in the layout of Parameters, then the CRC-32 (IEEE) of every byte before it.

            /// <summary>The header's length, where the parameters start: {{N(WeightFileFormat.HeaderLength(0))}} bytes and 4 for each of the {{N(sizes)}} sizes.</summary>
            internal const int HeaderLength = {{N(WeightFileHeaderLength)}};

            /// <summary>The file's length, {{name}}.WeightFileLength: the header, {{size}} bytes a parameter, the {{crc}}-byte CRC-32.</summary>
            internal const int FileLength = {{length}};

            /// <summary>{{name}}.ParameterCount.</summary>
            internal const int ParameterCount = {{N(_shape.ParameterCount)}};

            /// <summary>{{name}}.LayerSizes: the sizes the header holds.</summary>
            internal static global::System.ReadOnlySpan<int> LayerSizes => new int[] { {{_shape.SizeList}} };

            /// <summary>Writes <paramref name="parameters"/> as a weight file at the start of <paramref name="destination"/>; returns its length.</summary>
            internal static int Write(global::System.ReadOnlySpan<{{_t}}> parameters, global::System.Span<byte> destination)
            {
                if (destination.Length < FileLength)
                {
                    throw new global::System.ArgumentException(
                        "destination has " + destination.Length.ToString({{InvariantCulture}})
                            + " bytes, but a weight file of {{name}} takes {{length}}: pass a span of at least WeightFileLength bytes.",
                        nameof(destination));
                }

                global::System.Span<byte> file = destination.Slice(0, FileLength);
                {{Utf8(WeightFileFormat.Magic)}}.CopyTo(file);
                {{Binary}}.WriteUInt16LittleEndian(file.Slice({{N(WeightFileFormat.VersionOffset)}}), {{N(WeightFileFormat.Version)}});   // the format version
                file[{{N(WeightFileFormat.PrecisionOffset)}}] = {{N((int)_model.Precision)}};   // Precision.{{_model.Precision}}
                file[{{N(WeightFileFormat.ActivationOffset)}}] = {{N((int)_shape.Activation)}};   // Activation.{{_shape.Activation}}
                file[{{N(WeightFileFormat.OutputOffset)}}] = {{N((int)_shape.Head)}};   // Output.{{_shape.Head}}
                file[{{N(WeightFileFormat.ReservedOffset)}}] = 0;   // reserved
                {{Binary}}.WriteUInt16LittleEndian(file.Slice({{N(WeightFileFormat.SizeCountOffset)}}), {{N(sizes)}});   // the number of sizes
                for (int n = 0; n < {{N(sizes)}}; n++)
                {
                    {{Binary}}.WriteInt32LittleEndian(file.Slice({{N(WeightFileFormat.SizesOffset)}} + (4 * n)), LayerSizes[n]);
                }

                {{Binary}}.WriteInt32LittleEndian(file.Slice({{N(WeightFileFormat.ParameterCountOffset(sizes))}}), ParameterCount);
                for (int n = 0; n < ParameterCount; n++)
                {
                    {{Binary}}.Write{{bits}}LittleEndian(file.Slice(HeaderLength + (n * {{size}})), {{toBits}}(parameters[n]));
                }

                {{Binary}}.WriteUInt32LittleEndian(file.Slice(FileLength - {{crc}}), Crc32(file.Slice(0, FileLength - {{crc}})));
                return FileLength;
            }

            /// <summary>
            /// Checks that <paramref name="source"/> is exactly one weight file for {{name}}, then reads its parameters into
            /// <paramref name="parameters"/>: on a bad file it throws before it writes any.
            /// </summary>
            internal static void Read(global::System.ReadOnlySpan<byte> source, global::System.Span<{{_t}}> parameters)
            {
                CheckHeader(source);
                if (source.Length < FileLength)
                {
                    throw new {{InvalidData}}("The weight file is truncated: it has " + source.Length.ToString({{InvariantCulture}})
                        + " bytes, and one for {{name}} has {{length}}.");
                }

                if (source.Length > FileLength)
                {
                    throw new {{InvalidData}}("The data holds " + source.Length.ToString({{InvariantCulture}})
                        + " bytes, but a weight file for {{name}} has {{length}}: pass exactly one file.");
                }

                uint stored = {{Binary}}.ReadUInt32LittleEndian(source.Slice(FileLength - {{crc}}));
                uint computed = Crc32(source.Slice(0, FileLength - {{crc}}));
                if (stored != computed)
                {
                    throw new {{InvalidData}}("The weight file is corrupted: its CRC-32 is " + stored.ToString("X8", {{InvariantCulture}})
                        + " but its bytes give " + computed.ToString("X8", {{InvariantCulture}}) + ". Save the network again, or use an intact copy.");
                }

                // Every check passed: only now are the parameters written. Version {{N(WeightFileFormat.Version1)}} holds W1 row-major (w_ji at
                // j·{{N(inputs)}} + i): its first {{N(w1)}} parameters go to their input-major places (i·{{N(units)}} + j).
                bool version1 = {{Binary}}.ReadUInt16LittleEndian(source.Slice({{N(WeightFileFormat.VersionOffset)}})) == {{N(WeightFileFormat.Version1)}};
                for (int n = 0; n < ParameterCount; n++)
                {
                    int at = version1 && n < {{N(w1)}} ? ((n % {{N(inputs)}}) * {{N(units)}}) + (n / {{N(inputs)}}) : n;
                    parameters[at] = {{fromBits}}({{Binary}}.Read{{bits}}LittleEndian(source.Slice(HeaderLength + (n * {{size}}))));
                }
            }

            /// <summary>Throws unless <paramref name="file"/> starts with a version-{{N(WeightFileFormat.Version1)}} or -{{N(WeightFileFormat.Version)}} header for exactly {{name}}'s sizes and options.</summary>
            internal static void CheckHeader(global::System.ReadOnlySpan<byte> file)
            {
                global::System.ReadOnlySpan<byte> magic = {{Utf8(WeightFileFormat.Magic)}};
                int start = global::System.Math.Min(file.Length, magic.Length);
                if (!global::System.MemoryExtensions.SequenceEqual(file.Slice(0, start), magic.Slice(0, start)))
                {
                    throw new {{InvalidData}}("This is not a NetGen weight file: it does not start with {{WeightFileFormat.Magic}}. Load a file written by Save.");
                }

                if (file.Length < {{N(WeightFileFormat.FixedHeaderLength)}})
                {
                    throw new {{InvalidData}}(
                        "The weight file is truncated: it has " + file.Length.ToString({{InvariantCulture}}) + " bytes, fewer than its header.");
                }

                int version = {{Binary}}.ReadUInt16LittleEndian(file.Slice({{N(WeightFileFormat.VersionOffset)}}));
                if (version != {{N(WeightFileFormat.Version)}} && version != {{N(WeightFileFormat.Version1)}})
                {
                    throw new {{InvalidData}}("The weight file has format version " + version.ToString({{InvariantCulture}})
                        + ", and this network reads versions {{N(WeightFileFormat.Version1)}} and {{N(WeightFileFormat.Version)}}: save it again with this version of NetGen.");
                }

                int count = {{Binary}}.ReadUInt16LittleEndian(file.Slice({{N(WeightFileFormat.SizeCountOffset)}}));
                if (file.Length < {{N(WeightFileFormat.SizesOffset)}} + (4 * count) + 4)
                {
                    throw new {{InvalidData}}(
                        "The weight file is truncated: it has " + file.Length.ToString({{InvariantCulture}}) + " bytes, fewer than its header.");
                }

                byte precision = file[{{N(WeightFileFormat.PrecisionOffset)}}], activation = file[{{N(WeightFileFormat.ActivationOffset)}}], output = file[{{N(WeightFileFormat.OutputOffset)}}];
                bool same = count == {{N(sizes)}} && precision == {{N((int)_model.Precision)}} && activation == {{N((int)_shape.Activation)}} && output == {{N((int)_shape.Head)}};
                for (int n = 0; same && n < count; n++)
                {
                    same = {{Binary}}.ReadInt32LittleEndian(file.Slice({{N(WeightFileFormat.SizesOffset)}} + (4 * n))) == LayerSizes[n];
                }

                if (!same)
                {
                    global::System.Text.StringBuilder sizes = new global::System.Text.StringBuilder();
                    for (int n = 0; n < count; n++)
                    {
                        sizes.Append(n == 0 ? string.Empty : ", ")
                            .Append({{Binary}}.ReadInt32LittleEndian(file.Slice({{N(WeightFileFormat.SizesOffset)}} + (4 * n))).ToString({{InvariantCulture}}));
                    }

                    throw new {{InvalidData}}("The weight file was saved by a network declared [Mlp(" + sizes
                        + OptionText("Precision", precision, {{Quoted(WeightFileFormat.PrecisionNames)}})
                        + OptionText("Activation", activation, {{Quoted(WeightFileFormat.ActivationNames)}})
                        + OptionText("Output", output, {{Quoted(WeightFileFormat.OutputNames)}})
                        + ")], and {{name}} is {{WeightFileDeclaration}}"
                        + ": load it into a network declared like the one that saved it.");
                }

                if (file[{{N(WeightFileFormat.ReservedOffset)}}] != 0 || {{Binary}}.ReadInt32LittleEndian(file.Slice({{N(WeightFileFormat.SizesOffset)}} + (4 * count))) != ParameterCount)
                {
                    throw new {{InvalidData}}(
                        "The weight file's header is corrupted (its reserved byte or parameter count is wrong). Save the network again, or use an intact copy.");
                }
            }

            /// <summary>", Name = Value" for a header's option byte, nothing for the default (0), the number for an unknown value.</summary>
            internal static string OptionText(string name, byte value, params string[] names) =>
                value == 0 ? string.Empty
                    : ", " + name + " = " + (value < names.Length ? names[value] : value.ToString({{InvariantCulture}}) + " (unknown)");

            /// <summary>Reads until <paramref name="count"/> bytes are in or the stream ends; returns how many were read.</summary>
            internal static int ReadUpTo(global::System.IO.Stream stream, byte[] buffer, int offset, int count)
            {
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }

            /// <summary>Writes <paramref name="file"/> as text: the header line, then the bytes in base64, {{N(WeightFileFormat.TextLineLength)}} characters to a line.</summary>
            internal static void WriteText(global::System.IO.TextWriter writer, byte[] file)
            {
                string text = global::System.Convert.ToBase64String(file);
                writer.Write("{{WeightFileFormat.TextHeader}}\n");
                for (int at = 0; at < text.Length; at += {{N(WeightFileFormat.TextLineLength)}})
                {
                    {{WriteSlice("writer", "text", "at", $$"""global::System.Math.Min({{N(WeightFileFormat.TextLineLength)}}, text.Length - at)""")}}
                    writer.Write('\n');
                }
            }

            /// <summary>The bytes of the text form: every line but the '#' ones, trimmed, decoded from base64.</summary>
            internal static byte[] ReadText(global::System.IO.TextReader reader)
            {
                global::System.Text.StringBuilder base64 = new global::System.Text.StringBuilder();
                for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                {
                    if (!line.StartsWith("#", global::System.StringComparison.Ordinal))
                    {
                        base64.Append(line.Trim());
                    }
                }

                try
                {
                    return global::System.Convert.FromBase64String(base64.ToString());
                }
                catch (global::System.FormatException)
                {
                    throw new {{InvalidData}}(
                        "This is not the text form of a NetGen weight file: after its '#' lines it is not base64. Load a file written by SaveText.");
                }
            }

            /// <summary>
            /// CRC-32 (IEEE 802.3: reflected polynomial 0x{{Hex(WeightFileFormat.CrcPolynomial)}}, initial value and final XOR 0xFFFFFFFF), a table
            /// byte at a time.
            /// </summary>
            internal static uint Crc32(global::System.ReadOnlySpan<byte> data)
            {
                uint[] table = CrcTable;
                uint crc = 0xFFFFFFFFu;
                // An indexed loop, not foreach: a span's enumerator implements interfaces in .NET 10, which C# 12 refuses.
                for (int n = 0; n < data.Length; n++)
                {
                    crc = table[(crc ^ data[n]) & 0xFF] ^ (crc >> 8);
                }

                return crc ^ 0xFFFFFFFFu;
            }

            /// <summary>The CRC-32 of every byte value.</summary>
            internal static readonly uint[] CrcTable = MakeCrcTable();

            internal static uint[] MakeCrcTable()
            {
                uint[] table = new uint[256];
                for (uint n = 0; n < 256; n++)
                {
                    uint c = n;
                    for (int k = 0; k < 8; k++)
                    {
                        c = (c & 1) != 0 ? 0x{{Hex(WeightFileFormat.CrcPolynomial)}}u ^ (c >> 1) : c >> 1;
                    }

                    table[n] = c;
                }

                return table;
            }
            """);
    }

    /// <summary>A number as 8 hexadecimal digits: EDB88320.</summary>
    private static string Hex(uint value) => value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"\"Single\", \"Double\"": names as C# string literals, for the generated OptionText calls.</summary>
    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => "\"" + n + "\""));
}
