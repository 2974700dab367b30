using System.Linq;
using NetGen.Generator.Model;
using static NetGen.Generator.Emitting.Names;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Save and Load: the weight file, format version 1, documented in docs/weight-file-format.md. Little-endian: the
/// magic "NETGENWT", the version (uint16), precision, activation and output (one byte each, the enums' values), a
/// reserved zero byte, the number of sizes (uint16), the sizes (int32 each), the parameter count (int32), the
/// parameters in the layout of Parameters (IEEE 754, 4 or 8 bytes each), then the CRC-32 of every byte before it.
/// </summary>
internal sealed partial class MlpEmitter
{
    /// <summary>The bytes before the sizes: magic, version, three option bytes, the reserved byte, the number of sizes.</summary>
    private const int WeightFileFixedHeader = 16;

    /// <summary>The first line of a weight file's text form.</summary>
    public const string TextHeader = "# NetGen weight file, format version 1, in base64 (docs/weight-file-format.md)";

    private int WeightFileHeaderLength => WeightFileFixedHeader + (4 * _shape.Sizes.Count) + 4;

    private int WeightFileLengthValue => WeightFileHeaderLength + (_shape.ParameterCount * (_model.Precision == NumericPrecision.Single ? 4 : 8)) + 4;

    /// <summary>The weight file's helper class, beside Save and Load.</summary>
    private HelperClass? WeightFileHelpers() => null;

    private void WriteWeightFile()
    {
        bool single = _model.Precision == NumericPrecision.Single;
        string bits = single ? "Int32" : "Int64";
        string toBits = single ? "global::System.BitConverter.SingleToInt32Bits" : "global::System.BitConverter.DoubleToInt64Bits";
        string fromBits = single ? "global::System.BitConverter.Int32BitsToSingle" : "global::System.BitConverter.Int64BitsToDouble";
        string size = single ? "4" : "8";
        const string Binary = "global::System.Buffers.Binary.BinaryPrimitives";
        const string Invalid = "global::System.IO.InvalidDataException";
        const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";
        string declaration = "[Mlp(" + _shape.SizeList
            + (single ? string.Empty : ", Precision = Double")
            + (_shape.Activation == HiddenActivation.Sigmoid ? string.Empty : ", Activation = " + _shape.Activation)
            + (_shape.Head == OutputHead.Sigmoid ? string.Empty : ", Output = " + _shape.Head) + ")]";

        _w.Line("/// <summary>");
        _w.Line("/// The length in bytes of this network's weight file, " + N(WeightFileLengthValue) + ": a " + N(WeightFileHeaderLength)
            + "-byte header, the ParameterCount parameters (" + size + " bytes each) and a 4-byte CRC-32.");
        _w.Line("/// </summary>");
        _w.Line(GeneratedCode);
        _w.Line("public const int " + WeightFileLength + " = " + N(WeightFileLengthValue) + ";");
        _w.Line();
        _w.Line("// The weight file, format version 1 (docs/weight-file-format.md), little-endian:");
        _w.Line("//   0  magic \"NETGENWT\"   8  version (uint16)   10  precision, 11  activation, 12  output (the enums' values)");
        _w.Line("//   13  reserved, 0   14  number of sizes n (uint16)   16  the n sizes (int32)   16 + 4n  ParameterCount (int32)");
        _w.Line("//   then the parameters in the layout of Parameters, then the CRC-32 (IEEE) of every byte before it.");
        _w.Line(GeneratedCode);
        _w.Line("private const int " + WeightFileHeaderLengthName + " = " + N(WeightFileHeaderLength) + ";");
        _w.Line();
        _w.Line("/// <summary>Writes the parameters as a weight file of exactly <see cref=\"" + WeightFileLength + "\"/> bytes, readable by <see cref=\"Load(global::System.ReadOnlySpan{byte})\"/>.</summary>");
        _w.Line("/// <param name=\"destination\">At least WeightFileLength bytes; the file goes at its start.</param>");
        _w.Line("/// <returns>The bytes written, WeightFileLength.</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"destination\"/> is shorter than WeightFileLength; nothing is written.</exception>");
        _w.Line("/// <remarks>Allocates nothing. Saves the parameters only: not the gradients, nor an optimizer's state.</remarks>");
        _w.Line(GeneratedCode);
        _w.Open("public int " + Save + "(global::System.Span<byte> destination)");
        _w.Open("if (destination.Length < " + WeightFileLength + ")");
        _w.Line("throw new global::System.ArgumentException(");
        _w.Line("    \"destination has \" + destination.Length.ToString(" + Invariant + ") + \" bytes, but a weight file of \" + nameof(" + _model.TypeName + ")");
        _w.Line("        + \" takes \" + " + WeightFileLength + ".ToString(" + Invariant + ") + \": pass a span of at least \" + nameof(" + WeightFileLength + ") + \" bytes.\",");
        _w.Line("    nameof(destination));");
        _w.Close();
        _w.Line();
        _w.Line("global::System.Span<byte> file = destination.Slice(0, " + WeightFileLength + ");");
        _w.Line("\"NETGENWT\"u8.CopyTo(file);");
        _w.Line(Binary + ".WriteUInt16LittleEndian(file.Slice(8), 1);");
        _w.Line("file[10] = " + N((int)_model.Precision) + ";   // Precision." + _model.Precision);
        _w.Line("file[11] = " + N((int)_shape.Activation) + ";   // Activation." + _shape.Activation);
        _w.Line("file[12] = " + N((int)_shape.Head) + ";   // Output." + _shape.Head);
        _w.Line("file[13] = 0;");
        _w.Line(Binary + ".WriteUInt16LittleEndian(file.Slice(14), " + N(_shape.Sizes.Count) + ");");
        for (int n = 0; n < _shape.Sizes.Count; n++)
        {
            _w.Line(Binary + ".WriteInt32LittleEndian(file.Slice(" + N(WeightFileFixedHeader + (4 * n)) + "), " + Count(n) + ");");
        }

        _w.Line(Binary + ".WriteInt32LittleEndian(file.Slice(" + N(WeightFileFixedHeader + (4 * _shape.Sizes.Count)) + "), " + ParameterCount + ");");
        _w.Line(_t + "[] p = " + ParametersField + ";");
        _w.Open("for (int n = 0; n < " + ParameterCount + "; n++)");
        _w.Line(Binary + ".Write" + bits + "LittleEndian(file.Slice(" + WeightFileHeaderLengthName + " + (n * " + size + ")), " + toBits + "(p[n]));");
        _w.Close();
        _w.Line();
        _w.Line(Binary + ".WriteUInt32LittleEndian(file.Slice(" + WeightFileLength + " - 4), " + Crc32 + "(file.Slice(0, " + WeightFileLength + " - 4)));");
        _w.Line("return " + WeightFileLength + ";");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Writes the parameters to <paramref name=\"stream\"/> as a weight file of <see cref=\"" + WeightFileLength + "\"/> bytes.</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"stream\"/> is null.</exception>");
        _w.Line("/// <remarks>Borrows one buffer of WeightFileLength bytes from the shared array pool while it writes.</remarks>");
        _w.Line(GeneratedCode);
        _w.Open("public void " + Save + "(global::System.IO.Stream stream)");
        _w.Line("if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));");
        _w.Line("byte[] buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent(" + WeightFileLength + ");");
        _w.Open("try");
        _w.Line(Save + "(buffer);");
        _w.Line("stream.Write(buffer, 0, " + WeightFileLength + ");");
        _w.Close();
        _w.Open("finally");
        _w.Line("global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);");
        _w.Close();
        _w.Close();
        _w.Line();

        string clearState = _shape.Optimizer switch
        {
            OptimizerKind.Momentum => " and the momentum",
            OptimizerKind.Adam => " and Adam's moments",
            _ => string.Empty,
        };
        _w.Line("/// <summary>");
        _w.Line("/// Replaces the parameters with those of a weight file written by <see cref=\"Save(global::System.Span{byte})\"/> for a network");
        _w.Line("/// declared " + declaration.Replace("<", "&lt;") + ", and clears the gradients" + clearState + ".");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"source\">Exactly one weight file: <see cref=\"" + WeightFileLength + "\"/> bytes.</param>");
        _w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">");
        _w.Line("/// The bytes are not a NetGen weight file, are of another format version, were saved by a network of other sizes or");
        _w.Line("/// options, are truncated or longer than one file, or fail the checksum. The message says which; the parameters");
        _w.Line("/// are left exactly as they were.");
        _w.Line("/// </exception>");
        _w.Line("/// <remarks>Allocates nothing. Checks the whole file before it writes a single parameter.</remarks>");
        _w.Line(GeneratedCode);
        _w.Open("public void " + Names.Load + "(global::System.ReadOnlySpan<byte> source)");
        _w.Line(CheckWeightFileHeader + "(source);");
        _w.Open("if (source.Length != " + WeightFileLength + ")");
        _w.Line("throw new " + Invalid + "(source.Length < " + WeightFileLength);
        _w.Line("    ? \"The weight file is truncated: it has \" + source.Length.ToString(" + Invariant + ") + \" bytes, and one for \" + nameof(" + _model.TypeName + ") + \" has \" + " + WeightFileLength + ".ToString(" + Invariant + ") + \".\"");
        _w.Line("    : \"The data holds \" + source.Length.ToString(" + Invariant + ") + \" bytes, but a weight file for \" + nameof(" + _model.TypeName + ") + \" has \" + " + WeightFileLength + ".ToString(" + Invariant + ") + \": pass exactly one file.\");");
        _w.Close();
        _w.Line();
        _w.Line("uint stored = " + Binary + ".ReadUInt32LittleEndian(source.Slice(" + WeightFileLength + " - 4));");
        _w.Line("uint computed = " + Crc32 + "(source.Slice(0, " + WeightFileLength + " - 4));");
        _w.Open("if (stored != computed)");
        _w.Line("throw new " + Invalid + "(\"The weight file is corrupted: its CRC-32 is \" + stored.ToString(\"X8\", " + Invariant + ") + \" but its bytes give \"");
        _w.Line("    + computed.ToString(\"X8\", " + Invariant + ") + \". Save the network again, or use an intact copy.\");");
        _w.Close();
        _w.Line();
        _w.Line("// Every check passed: only now are the parameters written.");
        _w.Line(_t + "[] p = " + ParametersField + ";");
        _w.Open("for (int n = 0; n < " + ParameterCount + "; n++)");
        _w.Line("p[n] = " + fromBits + "(" + Binary + ".Read" + bits + "LittleEndian(source.Slice(" + WeightFileHeaderLengthName + " + (n * " + size + "))));");
        _w.Close();
        _w.Line();
        _w.Line(ZeroGradients + "();");
        WriteClearOptimizerState();

        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Reads one weight file from <paramref name=\"stream\"/> (its next <see cref=\"" + WeightFileLength + "\"/> bytes) and loads it as <see cref=\"Load(global::System.ReadOnlySpan{byte})\"/> does.</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"stream\"/> is null.</exception>");
        _w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">As for the span overload, the stream ending early included; the parameters are left as they were.</exception>");
        _w.Line("/// <remarks>Reads the header first, so that a file for another network is refused before its parameters are read.</remarks>");
        _w.Line(GeneratedCode);
        _w.Open("public void " + Names.Load + "(global::System.IO.Stream stream)");
        _w.Line("if (stream is null) throw new global::System.ArgumentNullException(nameof(stream));");
        _w.Line("byte[] buffer = global::System.Buffers.ArrayPool<byte>.Shared.Rent(" + WeightFileLength + ");");
        _w.Open("try");
        _w.Line("int read = " + ReadUpTo + "(stream, buffer, 0, " + WeightFileHeaderLengthName + ");");
        _w.Line(CheckWeightFileHeader + "(new global::System.ReadOnlySpan<byte>(buffer, 0, read));");
        _w.Line("read += " + ReadUpTo + "(stream, buffer, read, " + WeightFileLength + " - read);");
        _w.Line(Names.Load + "(new global::System.ReadOnlySpan<byte>(buffer, 0, read));");
        _w.Close();
        _w.Open("finally");
        _w.Line("global::System.Buffers.ArrayPool<byte>.Shared.Return(buffer);");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Writes the weight file as text: a comment line, then the file's bytes in base64, 76 characters to a line. This is the");
        _w.Line("/// form to give the compiler for <c>Weights = \\\"…\\\"</c> on the attribute, which reads AdditionalFiles as text only.");
        _w.Line("/// </summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"writer\"/> is null.</exception>");
        _w.Line(GeneratedCode);
        _w.Open("public void " + SaveText + "(global::System.IO.TextWriter writer)");
        _w.Line("if (writer is null) throw new global::System.ArgumentNullException(nameof(writer));");
        _w.Line("byte[] file = new byte[" + WeightFileLength + "];");
        _w.Line(Save + "(file);");
        _w.Line("string text = global::System.Convert.ToBase64String(file);");
        _w.Line("writer.Write(\"" + TextHeader + "\\n\");");
        _w.Open("for (int at = 0; at < text.Length; at += 76)");
        _w.Line("writer.Write(global::System.MemoryExtensions.AsSpan(text, at, global::System.Math.Min(76, text.Length - at)));");
        _w.Line("writer.Write('\\n');");
        _w.Close();
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>Reads a weight file written by <see cref=\"" + SaveText + "\"/> and loads it as <see cref=\"Load(global::System.ReadOnlySpan{byte})\"/> does.</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"reader\"/> is null.</exception>");
        _w.Line("/// <exception cref=\"global::System.IO.InvalidDataException\">The text is not base64, or its bytes are refused as Load refuses them; the parameters are left as they were.</exception>");
        _w.Line(GeneratedCode);
        _w.Open("public void " + LoadText + "(global::System.IO.TextReader reader)");
        _w.Line("if (reader is null) throw new global::System.ArgumentNullException(nameof(reader));");
        _w.Line("global::System.Text.StringBuilder base64 = new global::System.Text.StringBuilder();");
        _w.Open("for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())");
        _w.Open("if (!line.StartsWith(\"#\", global::System.StringComparison.Ordinal))");
        _w.Line("base64.Append(line.Trim());");
        _w.Close();
        _w.Close();
        _w.Line();
        _w.Line("byte[] file;");
        _w.Open("try");
        _w.Line("file = global::System.Convert.FromBase64String(base64.ToString());");
        _w.Close();
        _w.Open("catch (global::System.FormatException)");
        _w.Line("throw new " + Invalid + "(\"This is not the text form of a NetGen weight file: after its '#' lines it is not base64. Load a file written by SaveText.\");");
        _w.Close();
        _w.Line();
        _w.Line(Names.Load + "(file);");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Reads until <paramref name=\"count\"/> bytes are in or the stream ends; returns how many were read.</summary>");
        _w.Line(GeneratedCode);
        _w.Open("private static int " + ReadUpTo + "(global::System.IO.Stream stream, byte[] buffer, int offset, int count)");
        _w.Line("int total = 0;");
        _w.Open("while (total < count)");
        _w.Line("int read = stream.Read(buffer, offset + total, count - total);");
        _w.Open("if (read <= 0)");
        _w.Line("break;");
        _w.Close();
        _w.Line();
        _w.Line("total += read;");
        _w.Close();
        _w.Line();
        _w.Line("return total;");
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>Throws unless <paramref name=\"file\"/> starts with a version-1 header for exactly this network's sizes and options.</summary>");
        _w.Line(GeneratedCode);
        _w.Open("private static void " + CheckWeightFileHeader + "(global::System.ReadOnlySpan<byte> file)");
        _w.Open("if (!global::System.MemoryExtensions.SequenceEqual(file.Slice(0, global::System.Math.Min(file.Length, 8)), \"NETGENWT\"u8.Slice(0, global::System.Math.Min(file.Length, 8))))");
        _w.Line("throw new " + Invalid + "(\"This is not a NetGen weight file: it does not start with NETGENWT. Load a file written by Save.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (file.Length < " + N(WeightFileFixedHeader) + ")");
        _w.Line("throw new " + Invalid + "(\"The weight file is truncated: it has \" + file.Length.ToString(" + Invariant + ") + \" bytes, fewer than its header.\");");
        _w.Close();
        _w.Line();
        _w.Line("int version = " + Binary + ".ReadUInt16LittleEndian(file.Slice(8));");
        _w.Open("if (version != 1)");
        _w.Line("throw new " + Invalid + "(\"The weight file has format version \" + version.ToString(" + Invariant + ")");
        _w.Line("    + \", and this network reads version 1: save it again with this version of NetGen.\");");
        _w.Close();
        _w.Line();
        _w.Line("int count = " + Binary + ".ReadUInt16LittleEndian(file.Slice(14));");
        _w.Open("if (file.Length < " + N(WeightFileFixedHeader) + " + (4 * count) + 4)");
        _w.Line("throw new " + Invalid + "(\"The weight file is truncated: it has \" + file.Length.ToString(" + Invariant + ") + \" bytes, fewer than its header.\");");
        _w.Close();
        _w.Line();
        _w.Line("bool same = count == " + N(_shape.Sizes.Count) + " && file[10] == " + N((int)_model.Precision) + " && file[11] == " + N((int)_shape.Activation) + " && file[12] == " + N((int)_shape.Head) + ";");
        _w.Open("for (int n = 0; same && n < count; n++)");
        _w.Line("same = " + Binary + ".ReadInt32LittleEndian(file.Slice(" + N(WeightFileFixedHeader) + " + (4 * n))) == " + LayerSizes + "[n];");
        _w.Close();
        _w.Line();
        _w.Open("if (!same)");
        _w.Line("global::System.Text.StringBuilder sizes = new global::System.Text.StringBuilder();");
        _w.Open("for (int n = 0; n < count; n++)");
        _w.Line("sizes.Append(n == 0 ? string.Empty : \", \").Append(" + Binary + ".ReadInt32LittleEndian(file.Slice(" + N(WeightFileFixedHeader) + " + (4 * n))).ToString(" + Invariant + "));");
        _w.Close();
        _w.Line();
        _w.Line("throw new " + Invalid + "(\"The weight file was saved by a network declared [Mlp(\" + sizes");
        _w.Line("    + " + OptionText + "(\"Precision\", file[10], 0, \"Single\", \"Double\") + " + OptionText + "(\"Activation\", file[11], 0, \"Sigmoid\", \"Tanh\", \"Relu\")");
        _w.Line("    + " + OptionText + "(\"Output\", file[12], 0, \"Sigmoid\", \"Softmax\", \"Linear\") + \")], and \" + nameof(" + _model.TypeName + ")");
        _w.Line("    + \" is " + declaration + ": load it into a network declared like the one that saved it.\");");
        _w.Close();
        _w.Line();
        _w.Open("if (file[13] != 0 || " + Binary + ".ReadInt32LittleEndian(file.Slice(" + N(WeightFileFixedHeader) + " + (4 * count))) != " + ParameterCount + ")");
        _w.Line("throw new " + Invalid + "(\"The weight file's header is corrupted (its reserved byte or parameter count is wrong). Save the network again, or use an intact copy.\");");
        _w.Close();
        _w.Close();
        _w.Line();

        _w.Line("/// <summary>\", Name = Value\" for a header's option byte, nothing for the default, the number for an unknown value.</summary>");
        _w.Line(GeneratedCode);
        _w.Line("private static string " + OptionText + "(string name, byte value, byte defaultValue, params string[] names) =>");
        _w.Line("    value == defaultValue ? string.Empty : \", \" + name + \" = \" + (value < names.Length ? names[value] : value.ToString(" + Invariant + ") + \" (unknown)\");");
        _w.Line();

        _w.Line("/// <summary>CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF), a table byte at a time.</summary>");
        _w.Line(GeneratedCode);
        _w.Open("private static uint " + Crc32 + "(global::System.ReadOnlySpan<byte> data)");
        _w.Line("uint[] table = " + CrcTableField + ";");
        _w.Line("uint crc = 0xFFFFFFFFu;");
        _w.Line("// An indexed loop, not foreach: a span's enumerator implements interfaces in .NET 10, which C# 12 refuses.");
        _w.Open("for (int n = 0; n < data.Length; n++)");
        _w.Line("crc = table[(crc ^ data[n]) & 0xFF] ^ (crc >> 8);");
        _w.Close();
        _w.Line();
        _w.Line("return crc ^ 0xFFFFFFFFu;");
        _w.Close();
        _w.Line();
        _w.Line("/// <summary>The CRC-32 of every byte value, made once per type.</summary>");
        _w.Line(GeneratedCode);
        _w.Line("private static readonly uint[] " + CrcTableField + " = " + MakeCrcTable + "();");
        _w.Line();
        _w.Line(GeneratedCode);
        _w.Open("private static uint[] " + MakeCrcTable + "()");
        _w.Line("uint[] table = new uint[256];");
        _w.Open("for (uint n = 0; n < 256; n++)");
        _w.Line("uint c = n;");
        _w.Open("for (int k = 0; k < 8; k++)");
        _w.Line("c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;");
        _w.Close();
        _w.Line();
        _w.Line("table[n] = c;");
        _w.Close();
        _w.Line();
        _w.Line("return table;");
        _w.Close();
        _w.Line();
    }
}
