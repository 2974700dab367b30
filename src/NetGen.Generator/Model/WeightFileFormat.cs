using System.Text;

namespace NetGen.Generator.Model;

/// <summary>
/// The weight file, format version 2 (reading version 1 too), as both sides of the generator use it: <see cref="Parsing.WeightsResolver"/>
/// reads files with it at compile time, and the emitter writes its numbers into the generated Save and Load.
/// docs/weight-file-format.md is the description for people; tests check the two agree.
/// </summary>
/// <remarks>
/// Little-endian: the magic, the version (uint16), precision, activation and output (one byte each, the enums'
/// values), a reserved zero byte, the number of sizes n (uint16), the n sizes (int32 each), the parameter count
/// (int32), the parameters (IEEE 754, 4 or 8 bytes each), then the CRC-32 of every byte before it.
/// </remarks>
internal static class WeightFileFormat
{
    /// <summary>The first 8 bytes, in ASCII.</summary>
    public const string Magic = "NETGENWT";

    /// <summary>
    /// The format version this generator writes: 2, whose parameters are in the layout of <c>Parameters</c> (W1
    /// input-major). A reader also reads <see cref="Version1"/>, and refuses every other.
    /// </summary>
    public const int Version = 2;

    /// <summary>
    /// Version 1 (NetGen 0.1): the same bytes, but every layer's W row-major, W1 too. Read by mapping its W1 with
    /// <see cref="Version1Index"/>; never written.
    /// </summary>
    public const int Version1 = 1;

    /// <summary>Where parameter <paramref name="n"/> of a version-1 file goes in <c>Parameters</c>: only W1's place changes.</summary>
    public static int Version1Index(NetworkShape shape, int n)
    {
        int inputs = shape.Size(0);
        return n < shape.WeightLength(1) ? shape.WeightAt(1, n / inputs, n % inputs) : n;
    }

    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int PrecisionOffset = 10;
    public const int ActivationOffset = 11;
    public const int OutputOffset = 12;
    public const int ReservedOffset = 13;
    public const int SizeCountOffset = 14;
    public const int SizesOffset = 16;

    /// <summary>The bytes before the sizes: magic, version, the three option bytes, the reserved byte, the number of sizes.</summary>
    public const int FixedHeaderLength = SizesOffset;

    /// <summary>The bytes of the CRC-32 at the end of the file.</summary>
    public const int CrcLength = 4;

    /// <summary>CRC-32 (IEEE 802.3, as zip and PNG): the reflected polynomial; the initial value and final XOR are all ones.</summary>
    public const uint CrcPolynomial = 0xEDB88320u;

    /// <summary>The CRC-32 of the ASCII bytes "123456789".</summary>
    public const uint CrcCheckValue = 0xCBF43926u;

    /// <summary>The first line of the text form (SaveText), which is what <c>Weights = "…"</c> compiles in.</summary>
    public const string TextHeader = "# NetGen weight file, format version 2, in base64 (docs/weight-file-format.md)";

    /// <summary>Base64 characters to a line in the text form.</summary>
    public const int TextLineLength = 76;

    /// <summary>The names of the values of the option bytes, by value: Precision, Activation and Output (0 is each one's default).</summary>
    public static readonly string[] PrecisionNames = { "Single", "Double" };
    public static readonly string[] ActivationNames = { "Sigmoid", "Tanh", "Relu" };
    public static readonly string[] OutputNames = { "Sigmoid", "Softmax", "Linear" };

    /// <summary>Where the parameter count is, after <paramref name="sizeCount"/> sizes.</summary>
    public static int ParameterCountOffset(int sizeCount) => SizesOffset + (4 * sizeCount);

    /// <summary>The header's length, where the parameters start: 20 + 4n.</summary>
    public static int HeaderLength(int sizeCount) => ParameterCountOffset(sizeCount) + 4;

    /// <summary>The bytes of one parameter: 4 or 8.</summary>
    public static int ParameterSize(NumericPrecision precision) => precision == NumericPrecision.Single ? 4 : 8;

    /// <summary>The whole file's length: 24 + 4n + s·P.</summary>
    public static long FileLength(int sizeCount, int parameterCount, NumericPrecision precision) =>
        HeaderLength(sizeCount) + ((long)parameterCount * ParameterSize(precision)) + CrcLength;

    /// <summary>The file's length for <paramref name="model"/>: at most NetworkLimits' weights of 8 bytes, so an int.</summary>
    public static int FileLength(NetworkModel model) => (int)FileLength(model.Shape.Sizes.Count, model.Shape.ParameterCount, model.Precision);

    /// <summary>The magic's bytes.</summary>
    public static byte[] MagicBytes() => Encoding.ASCII.GetBytes(Magic);

    /// <summary>The unsigned 16-bit number at <paramref name="at"/>.</summary>
    public static int UInt16At(byte[] file, int at) => file[at] | (file[at + 1] << 8);

    /// <summary>The signed 32-bit number at <paramref name="at"/>.</summary>
    public static int Int32At(byte[] file, int at) => file[at] | (file[at + 1] << 8) | (file[at + 2] << 16) | (file[at + 3] << 24);

    /// <summary>CRC-32 of the first <paramref name="length"/> bytes, bit by bit: a file is read once per compilation.</summary>
    public static uint Crc32(byte[] data, int length)
    {
        uint crc = 0xFFFFFFFFu;
        for (int n = 0; n < length; n++)
        {
            crc ^= data[n];
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? CrcPolynomial ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>", Name = Value" for an option byte, nothing for the default (0), the number for an unknown value.</summary>
    public static string OptionText(string name, int value, string[] names) =>
        value == 0 ? string.Empty : ", " + name + " = " + (value < names.Length ? names[value] : value.ToStringInvariant());
}
